import pytest

from courses.models import CourseCompletion
from courses.services import enrolment_create, lesson_mark_complete
from tests.factories import VerifiedUserFactory

pytestmark = pytest.mark.django_db


def test_learner_enrols_reads_and_completes(client, course_with_lessons):
    course, lessons = course_with_lessons
    learner = VerifiedUserFactory()
    client.force_login(learner)
    assert client.get(course.url).status_code == 200
    response = client.post(f"/es/learning/courses/{course.translation_key}/enrol/")
    assert response.status_code == 302
    for lesson in lessons:
        assert client.get(lesson.url).status_code == 200
        client.post(f"/es/learning/lessons/{lesson.translation_key}/complete/")
    assert CourseCompletion.objects.filter(user=learner).count() == 1
    assert client.get("/es/learning/my-learning/").status_code == 200


def test_services_directly(course_with_lessons):
    course, lessons = course_with_lessons
    learner = VerifiedUserFactory()
    enrolment_create(user=learner, course=course)
    results = [lesson_mark_complete(user=learner, lesson=lesson) for lesson in lessons]
    assert [r.course_newly_completed for r in results] == [False, False, False, True]
