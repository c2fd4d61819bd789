import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent

SAMPLE_PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "SECRET_KEY": "x7Jq2-sample-production-secret-key-for-the-test-only-0123456789",
    "ALLOWED_HOSTS": "campus.example.org",
    "SITE_URL": "https://campus.example.org",
    "TRUSTED_PROXY_COUNT": "1",
}


def run_manage(*args: str, env: dict, tmp_path: Path) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    environment.update(env)
    environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'check.sqlite3'}"
    environment["CAMPUS_VAR_DIR"] = str(tmp_path)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env=SAMPLE_PRODUCTION_ENV, tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_its_secrets(tmp_path, missing):
    env = {k: v for k, v in SAMPLE_PRODUCTION_ENV.items() if k != missing}
    result = run_manage("check", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_refuses_demo_content(tmp_path):
    result = run_manage("load_demo", env=SAMPLE_PRODUCTION_ENV, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "refused under production settings" in result.stderr


def test_every_variable_is_documented_in_env_example():
    import re

    documented = set(
        re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M)
    )
    read = set()
    for path in (ROOT / "cms" / "settings").glob("*.py"):
        read |= set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]+)"', path.read_text()))
    assert read, "no environment variables found in the settings"
    assert read - documented == set()
    readme = (ROOT / "README.md").read_text()
    assert {name for name in read if f"`{name}`" not in readme} == set()
