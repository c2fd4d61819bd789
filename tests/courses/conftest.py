import pytest

from tests.factories.courses import CourseIndexPageFactory, build_course, publish


@pytest.fixture
def catalogue(site_pages):
    from courses.services import course_index_setup

    index = publish(CourseIndexPageFactory(parent=site_pages["es"]))
    course_index_setup(index=index)
    return index


@pytest.fixture
def course_with_lessons(catalogue):
    return build_course(index=catalogue)
