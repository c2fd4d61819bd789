import io

import pytest
from django.core.management import call_command
from django.db import transaction

from accounts.models import User
from assessments.models import (
    Attempt,
    Choice,
    MatchingPair,
    OrderingItem,
    Question,
    QuestionCategory,
    Quiz,
    QuizSlot,
    QuizSummary,
)
from courses.demo import THEME_KEYS
from courses.models import CourseCompletion, CoursePage, LessonPage
from courses.selectors import course_progress

pytestmark = pytest.mark.django_db

COUNTED = [QuestionCategory, Question, Choice, Quiz, QuizSlot, Attempt, QuizSummary, LessonPage]
LANGUAGES = {"es", "en", "fr"}


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """load_demo run twice, once for the whole module (rolled back at the end): it is slow."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", password="x", stdout=io.StringIO())
        first = _counts()
        call_command("load_demo", password="x", stdout=io.StringIO())
        yield {"first": first, "second": _counts()}
        transaction.set_rollback(True)


@pytest.fixture
def learner(demo):
    return User.objects.get(email="learner@example.org")


def _course(key: str, language: str = "es") -> CoursePage:
    return CoursePage.objects.get(themes__key=key, locale__language_code=language)


def _final_lessons(course: CoursePage) -> dict[str, LessonPage]:
    lessons = {}
    for page in [course, *course.get_translations()]:
        last = LessonPage.objects.descendant_of(page).live().order_by("path").last()
        lessons[page.locale.language_code] = last
    return lessons


def _quiz_block(lesson: LessonPage):
    return next(child for child in lesson.body if child.block_type == "quiz")


def test_running_load_demo_twice_leaves_the_same_counts(demo):
    assert demo["second"] == demo["first"]
    assert demo["first"]["Attempt"] == 3


def test_every_course_has_a_final_quiz_of_eight_questions_or_more_of_five_types(demo):
    for key in THEME_KEYS:
        quiz = _course(key).final_quiz
        assert quiz is not None
        assert quiz.locale.language_code == "es"
        questions = [slot.question for slot in quiz.slots.select_related("question")]
        assert len(questions) >= 8
        assert len({question.type for question in questions}) >= 5
        assert (quiz.pass_mark, quiz.max_attempts, quiz.time_limit_minutes) == (70, 3, 20)


def test_translated_courses_point_to_the_default_language_quiz(demo):
    for key in THEME_KEYS:
        quizzes = {_course(key, language).final_quiz_id for language in LANGUAGES}
        assert quizzes == {_course(key).final_quiz_id}


def test_each_final_quiz_exists_in_es_en_fr_with_the_same_questions(demo):
    for key in THEME_KEYS:
        quiz = _course(key).final_quiz
        versions = Quiz.objects.filter(translation_key=quiz.translation_key)
        assert {version.locale.language_code for version in versions} == LANGUAGES
        slots = [list(version.slots.values_list("question_id", flat=True)) for version in versions]
        assert slots[0] == slots[1] == slots[2]


def test_question_translations_share_their_key_and_option_keys(demo):
    demo_questions = Question.objects.filter(category__parent__name="Demo")
    by_key: dict = {}
    for question in demo_questions.select_related("locale"):
        by_key.setdefault(question.translation_key, {})[question.locale.language_code] = question
    assert len(by_key) * 3 == demo_questions.count()
    for versions in by_key.values():
        assert set(versions) == LANGUAGES
        for model in (Choice, MatchingPair, OrderingItem):
            keys = [
                list(
                    model.objects.filter(question=versions[language])
                    .order_by("sort_order")
                    .values_list("key", flat=True)
                )
                for language in sorted(LANGUAGES)
            ]
            assert keys[0] == keys[1] == keys[2]


def test_translated_questions_are_in_their_own_language(demo):
    question = Question.objects.filter(
        category__parent__name="Demo", type="single", locale__language_code="es"
    ).first()
    texts = {q.locale.language_code: q.text for q in question.get_translations(inclusive=True)}
    assert len(set(texts.values())) == 3


def test_the_final_quiz_lesson_closes_the_course_in_each_language(demo):
    for key in THEME_KEYS:
        lessons = _final_lessons(_course(key))
        assert set(lessons) == LANGUAGES
        assert len({lesson.translation_key for lesson in lessons.values()}) == 1
        for language, lesson in lessons.items():
            assert lesson.completion_rule == LessonPage.CompletionRule.ACTIVITIES
            assert lesson.is_required
            block = _quiz_block(lesson)
            assert block.value["quiz"].locale.language_code == language
            assert block.value["required"]
        assert len({_quiz_block(lesson).id for lesson in lessons.values()}) == 1


def test_the_learner_passed_the_gender_quiz_at_the_second_attempt(learner):
    quiz = _course("gender").final_quiz
    summary = QuizSummary.objects.get(user=learner, quiz_key=quiz.translation_key)
    assert summary.passed
    assert summary.attempt_count == 2
    first, second = Attempt.objects.filter(user=learner, quiz_key=quiz.translation_key).order_by(
        "number"
    )
    assert first.passed is False
    assert 30 <= first.percent < 50
    assert second.passed is True
    assert second.percent >= 70


def test_the_gender_course_stays_completed_with_its_quiz_lesson_done(learner):
    course = _course("gender")
    assert CourseCompletion.objects.filter(user=learner, course_key=course.translation_key).exists()
    progress = course_progress(user=learner, course=course)
    assert progress.percent == 100
    assert _final_lessons(course)["es"].translation_key in progress.completed_keys


def test_the_learner_has_an_open_attempt_with_two_answers_on_public_policy(learner):
    quiz = _course("public-policy").final_quiz
    attempt = Attempt.objects.get(user=learner, quiz_key=quiz.translation_key)
    assert attempt.state == Attempt.State.OPEN
    assert len(attempt.answers) == 2
    lesson = _final_lessons(_course("public-policy"))["es"]
    assert attempt.lesson_key == lesson.translation_key
    assert attempt.activity_key == f"quiz:{_quiz_block(lesson).id}"


def test_english_quiz_lesson_renders_for_the_learner(client, learner):
    client.force_login(learner)
    lesson = _final_lessons(_course("gender", "en"))["en"]
    url = lesson.get_url()
    assert url.startswith("/en/")
    response = client.get(url)
    assert response.status_code == 200
    assert lesson.title in response.content.decode()
