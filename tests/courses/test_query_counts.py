"""Pages whose cost must not grow with the number of lessons or learners."""

import pytest

from courses.services import enrolment_create, lesson_mark_complete
from tests.factories import VerifiedUserFactory
from tests.factories.courses import build_course

pytestmark = pytest.mark.django_db

COURSE_PAGE_MAX = 16
LESSON_PAGE_MAX = 16
MY_LEARNING_MAX = 26


def enrol_with_progress(learner, course, lessons, *, classmates: int):
    enrolment_create(user=learner, course=course)
    for lesson in lessons[:3]:
        lesson_mark_complete(user=learner, lesson=lesson)
    for other in VerifiedUserFactory.create_batch(classmates):
        enrolment_create(user=other, course=course)
        lesson_mark_complete(user=other, lesson=lessons[0])


@pytest.fixture
def learner():
    return VerifiedUserFactory()


@pytest.mark.parametrize(("modules", "per_module", "classmates"), [(1, 5, 1), (5, 10, 12)])
def test_course_and_lesson_pages_have_a_fixed_query_budget(
    client, catalogue, learner, django_assert_max_num_queries, modules, per_module, classmates
):
    course, lessons = build_course(index=catalogue, modules=modules, lessons_per_module=per_module)
    enrol_with_progress(learner, course, lessons, classmates=classmates)
    client.force_login(learner)
    lesson = lessons[-2]
    client.get(course.url), client.get(lesson.url)  # warm the per-publish caches
    with django_assert_max_num_queries(COURSE_PAGE_MAX):
        assert client.get(course.url).status_code == 200
    with django_assert_max_num_queries(LESSON_PAGE_MAX):
        assert client.get(lesson.url).status_code == 200


@pytest.mark.parametrize("courses", [1, 4])
def test_my_learning_has_a_fixed_query_budget(
    client, catalogue, learner, django_assert_max_num_queries, courses
):
    for _ in range(courses):
        course, lessons = build_course(index=catalogue, modules=2, lessons_per_module=3)
        enrol_with_progress(learner, course, lessons, classmates=2)
    client.force_login(learner)
    client.get("/es/learning/my-learning/")
    with django_assert_max_num_queries(MY_LEARNING_MAX):
        response = client.get("/es/learning/my-learning/")
    assert response.status_code == 200
    assert response.content.decode().count("<progress") == courses
