import io
import os
import shutil
from pathlib import Path

import pytest
from django.core.cache import cache

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and page caches live in the cache: start every test with an empty one."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site_pages(db):
    """The demo home, About and Privacy pages in es/en/fr, as `load_demo` builds them."""
    from cms import demo

    demo.load(password="unused", stdout=io.StringIO())
    from cms.models import HomePage

    return {page.locale.language_code: page for page in HomePage.objects.select_related("locale")}


@pytest.fixture
def shared_fixtures() -> Path:
    path = SHARED / "fixtures"
    if not path.is_dir():
        pytest.skip(f"shared fixtures not found at {path} (they live beside the checkout)")
    return path


def database_is_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql"))


def have_executable(name: str) -> bool:
    return shutil.which(name) is not None


@pytest.fixture
def catalogue(site_pages):
    """A published course catalogue under the Spanish home, with its page permissions."""
    from courses.services import course_index_setup
    from tests.factories.courses import CourseIndexPageFactory, publish

    index = publish(CourseIndexPageFactory(parent=site_pages["es"]))
    course_index_setup(index=index)
    return index


@pytest.fixture
def course_with_lessons(catalogue):
    from tests.factories.courses import build_course

    return build_course(index=catalogue)
