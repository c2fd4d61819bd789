import pytest

from courses import activities
from courses.models import (
    ActivityCompletion,
    CourseCompletion,
    CoursePage,
    Enrolment,
    LessonCompletion,
    LessonPage,
)
from courses.selectors import course_progress
from courses.services import (
    ProgressError,
    activity_record_completion,
    enrolment_create,
    enrolment_leave,
    lesson_mark_complete,
    lesson_visit,
)
from tests.factories import VerifiedUserFactory
from tests.factories.courses import build_course, publish, translate_tree

pytestmark = pytest.mark.django_db


class FakeActivityProvider:
    """Two activities in every lesson whose title starts with "Activities": one required."""

    def activities_for_lesson(self, lesson):
        if not lesson.title.startswith("Activities"):
            return []
        return [
            activities.Activity(key="fake:required", kind="fake", title="Required"),
            activities.Activity(key="fake:optional", kind="fake", title="Optional", required=False),
        ]


@pytest.fixture
def fake_activities():
    provider = activities.register(FakeActivityProvider())
    yield provider
    activities.unregister(provider)


@pytest.fixture
def learner():
    return VerifiedUserFactory()


def test_course_completes_when_all_required_lessons_are_done(course_with_lessons, learner):
    course, lessons = course_with_lessons
    enrolment_create(user=learner, course=course)
    for lesson in lessons[:-1]:
        assert not lesson_mark_complete(user=learner, lesson=lesson).course_newly_completed
    assert course_progress(user=learner, course=course).percent == 75
    result = lesson_mark_complete(user=learner, lesson=lessons[-1])
    assert result.course_newly_completed
    assert (
        CourseCompletion.objects.filter(user=learner, course_key=course.translation_key).count()
        == 1
    )


def test_optional_lessons_do_not_count(catalogue, learner):
    course, lessons = build_course(index=catalogue, modules=1, lessons_per_module=2)
    optional = lessons[1]
    optional.is_required = False
    publish(optional)
    enrolment_create(user=learner, course=course)
    result = lesson_mark_complete(user=learner, lesson=lessons[0])
    assert result.course_newly_completed
    assert course_progress(user=learner, course=course).total == 1


def test_percentage_rule_completes_at_the_share(catalogue, learner):
    course, lessons = build_course(
        index=catalogue,
        completion_rule=CoursePage.CompletionRule.PERCENTAGE,
        completion_percentage=50,
    )
    enrolment_create(user=learner, course=course)
    assert not lesson_mark_complete(user=learner, lesson=lessons[0]).course_newly_completed
    assert lesson_mark_complete(user=learner, lesson=lessons[1]).course_newly_completed


def test_on_view_lesson_completes_when_opened(catalogue, learner):
    course, lessons = build_course(index=catalogue, modules=1, lessons_per_module=2)
    lessons[0].completion_rule = LessonPage.CompletionRule.ON_VIEW
    publish(lessons[0])
    enrolment_create(user=learner, course=course)
    lesson_visit(user=learner, lesson=lessons[0])
    lesson_visit(user=learner, lesson=lessons[1])
    done = set(LessonCompletion.objects.filter(user=learner).values_list("lesson_key", flat=True))
    assert done == {lessons[0].translation_key}


def test_completing_twice_records_once(course_with_lessons, learner):
    course, lessons = course_with_lessons
    enrolment_create(user=learner, course=course)
    for lesson in lessons:
        lesson_mark_complete(user=learner, lesson=lesson)
    again = lesson_mark_complete(user=learner, lesson=lessons[-1])
    assert not again.course_newly_completed
    assert again.course_completion is not None
    assert LessonCompletion.objects.filter(user=learner).count() == len(lessons)
    assert CourseCompletion.objects.filter(user=learner).count() == 1


def test_progress_needs_an_enrolment(course_with_lessons, learner):
    course, lessons = course_with_lessons
    with pytest.raises(ProgressError):
        lesson_mark_complete(user=learner, lesson=lessons[0])
    assert not LessonCompletion.objects.exists()


def test_leaving_keeps_progress_and_reenrolling_restores_it(course_with_lessons, learner):
    course, lessons = course_with_lessons
    enrolment_create(user=learner, course=course)
    lesson_mark_complete(user=learner, lesson=lessons[0])
    enrolment_leave(user=learner, course=course)
    assert Enrolment.objects.get(user=learner).left_at is not None
    with pytest.raises(ProgressError):
        lesson_mark_complete(user=learner, lesson=lessons[1])
    enrolment_create(user=learner, course=course)
    assert course_progress(user=learner, course=course).done == 1


def test_activity_lesson_completes_when_required_activities_are_done(
    catalogue, learner, fake_activities
):
    course, lessons = build_course(index=catalogue, modules=1, lessons_per_module=1)
    lesson = lessons[0]
    lesson.title = "Activities lesson"
    lesson.completion_rule = LessonPage.CompletionRule.ACTIVITIES
    publish(lesson)
    enrolment_create(user=learner, course=course)

    with pytest.raises(ProgressError):
        lesson_mark_complete(user=learner, lesson=lesson)
    result = activity_record_completion(user=learner, lesson=lesson, activity_key="fake:optional")
    assert not result.lesson_completed
    result = activity_record_completion(
        user=learner, lesson=lesson, activity_key="fake:required", score=80
    )
    assert result.lesson_completed
    assert result.course_newly_completed
    assert ActivityCompletion.objects.get(activity_key="fake:required").score == 80


def test_unknown_activity_is_refused(catalogue, learner, fake_activities):
    course, lessons = build_course(index=catalogue, modules=1, lessons_per_module=1)
    enrolment_create(user=learner, course=course)
    with pytest.raises(ProgressError):
        activity_record_completion(user=learner, lesson=lessons[0], activity_key="fake:required")
    assert not ActivityCompletion.objects.exists()


def test_progress_is_kept_across_languages(client, course_with_lessons, learner):
    course, lessons = course_with_lessons
    english_course = translate_tree(course, "en")
    client.force_login(learner)
    client.post(f"/es/learning/courses/{course.translation_key}/enrol/")
    client.post(f"/es/learning/lessons/{lessons[0].translation_key}/complete/")

    english_lessons = list(LessonPage.objects.filter(locale__language_code="en").order_by("path"))
    assert [lesson.translation_key for lesson in english_lessons] == [
        lesson.translation_key for lesson in lessons
    ]
    html = client.get(english_course.url).content.decode()
    assert "25% complete" in html
    client.post(f"/en/learning/lessons/{english_lessons[1].translation_key}/complete/")
    assert course_progress(user=learner, course=course).done == 2
    assert Enrolment.objects.filter(user=learner).count() == 1
