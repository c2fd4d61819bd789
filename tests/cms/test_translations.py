"""Our es/en/fr catalogues are complete: every string of ours is in them, translated, and none
is fuzzy."""

import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
LANGUAGES = ["es", "en", "fr"]
SOURCE_DIRS = [
    "accounts",
    "cms",
    "templates",
    "courses",
    "assessments",
    "h5p",
    "certificates",
    "practices",
    "search",
    "reports",
]


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_has_no_untranslated_or_fuzzy_entry(language):
    po = catalogue(language)
    assert len(po) > 0
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", ["es", "fr"])
def test_spanish_and_french_are_not_copies_of_the_english(language):
    po = catalogue(language)
    copied = [e.msgid for e in po.translated_entries() if e.msgstr == e.msgid and len(e.msgid) > 12]
    # A few strings are the same in every language (names, "Campus"); sentences are not.
    assert len(copied) <= len(po) * 0.05, copied


def test_catalogues_hold_every_string_of_the_source(tmp_path):
    """makemessages on a fresh copy finds no msgid missing from the committed catalogues."""
    for name in SOURCE_DIRS:
        if (ROOT / name).exists():
            (tmp_path / name).symlink_to(ROOT / name)
    (tmp_path / "locale").mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "es",
            "--symlinks",
            "--no-location",
            "--ignore=migrations",
        ],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    extracted = {e.msgid for e in polib.pofile(str(tmp_path / "locale/es/LC_MESSAGES/django.po"))}
    committed = {e.msgid for e in catalogue("es")}
    assert extracted - committed == set()
