"""Two requests finishing a course at the same moment record the outcome exactly once.

Runs on PostgreSQL only: SQLite serialises writers and ignores SELECT … FOR UPDATE."""

import threading

import pytest
from django.db import connection

from courses.models import CourseCompletion, LessonCompletion
from courses.services import enrolment_create, lesson_mark_complete
from tests.conftest import database_is_postgres
from tests.factories import VerifiedUserFactory
from tests.factories.courses import build_course

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not database_is_postgres(), reason="needs PostgreSQL (DATABASE_URL)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def run_together(*calls):
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def worker(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - reported to the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    return results


@pytest.mark.parametrize("repeat", range(2))
def test_same_last_lesson_twice_at_once_records_one_completion(catalogue, repeat):
    course, lessons = build_course(index=catalogue, modules=1, lessons_per_module=3)
    learner = VerifiedUserFactory()
    enrolment_create(user=learner, course=course)
    for lesson in lessons[:-1]:
        lesson_mark_complete(user=learner, lesson=lesson)
    last = lessons[-1]
    results = run_together(*(lambda: lesson_mark_complete(user=learner, lesson=last),) * 4)
    assert sum(r.course_newly_completed for r in results) == 1
    assert CourseCompletion.objects.filter(user=learner).count() == 1
    assert LessonCompletion.objects.filter(user=learner).count() == 3


@pytest.mark.parametrize("repeat", range(2))
def test_two_last_lessons_at_once_still_complete_the_course(catalogue, repeat):
    course, lessons = build_course(index=catalogue, modules=1, lessons_per_module=3)
    learner = VerifiedUserFactory()
    enrolment_create(user=learner, course=course)
    lesson_mark_complete(user=learner, lesson=lessons[0])
    results = run_together(
        lambda: lesson_mark_complete(user=learner, lesson=lessons[1]),
        lambda: lesson_mark_complete(user=learner, lesson=lessons[2]),
    )
    assert sum(r.course_newly_completed for r in results) == 1
    assert CourseCompletion.objects.filter(user=learner).count() == 1
