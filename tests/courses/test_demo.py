import io
import json

import pytest
from django.core.management import call_command
from django.db import transaction
from wagtail.models import Locale

from accounts.models import User
from cms.models import HomePage
from courses.demo import SUPPORT_RESOURCES
from courses.models import (
    Cohort,
    CourseCompletion,
    CoursePage,
    Enrolment,
    LessonCompletion,
    LessonPage,
    ModulePage,
    Reflection,
    Theme,
)
from courses.selectors import course_progress

pytestmark = pytest.mark.django_db

COUNTED = [
    CoursePage,
    ModulePage,
    LessonPage,
    Theme,
    Cohort,
    Enrolment,
    LessonCompletion,
    CourseCompletion,
    Reflection,
]


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def _lesson_content() -> dict:
    return {
        (str(lesson.translation_key), lesson.locale_id): (
            lesson.title,
            lesson.slug,
            json.dumps(lesson.body.get_prep_value(), sort_keys=True),
        )
        for lesson in LessonPage.objects.all()
    }


def _edit_a_lesson_by_hand() -> None:
    lesson = LessonPage.objects.filter(locale__language_code="en").first()
    lesson.title = "Edited by hand"
    lesson.body = [{"type": "rich_text", "value": "<p>Edited by hand</p>"}]
    lesson.save_revision().publish()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """load_demo run twice, with a hand edit in between, once for the whole module (rolled back
    at the end): it is slow."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", password="x", stdout=io.StringIO())
        first = {"counts": _counts(), "lessons": _lesson_content()}
        _edit_a_lesson_by_hand()
        call_command("load_demo", password="x", stdout=io.StringIO())
        second = {"counts": _counts(), "lessons": _lesson_content()}
        yield {"first": first, "second": second}
        transaction.set_rollback(True)


@pytest.fixture
def learner(demo):
    return User.objects.get(email="learner@example.org")


def _course(key: str, language: str = "es") -> CoursePage:
    return CoursePage.objects.get(themes__key=key, locale__language_code=language)


def test_running_load_demo_twice_leaves_the_same_counts(demo):
    assert demo["second"]["counts"] == demo["first"]["counts"]


def test_running_load_demo_again_restores_the_lesson_content(demo):
    assert demo["second"]["lessons"] == demo["first"]["lessons"]


@pytest.mark.parametrize("language", ["es", "en", "fr"])
def test_five_live_courses_with_modules_and_lessons_in_each_language(demo, language):
    courses = CoursePage.objects.filter(locale__language_code=language)
    assert courses.count() == 5
    for course in courses:
        assert course.live
        modules = ModulePage.objects.child_of(course)
        lessons = LessonPage.objects.descendant_of(course)
        assert modules.count() >= 2
        assert lessons.count() >= 4
        assert all(page.live for page in [*modules, *lessons])


def test_every_course_has_its_theme_in_the_same_language(demo):
    for course in CoursePage.objects.select_related("locale"):
        assert [theme.locale_id for theme in course.themes.all()] == [course.locale_id]


def test_themes_share_a_translation_key_across_languages(demo):
    for key in ["public-policy", "gender", "communication", "missing-migrants", "smuggling"]:
        themes = Theme.objects.filter(key=key)
        assert themes.count() == 3
        assert len({theme.translation_key for theme in themes}) == 1


def test_every_lesson_has_the_same_block_ids_in_each_translation(demo):
    ids_by_lesson: dict = {}
    for lesson in LessonPage.objects.all():
        ids_by_lesson.setdefault(lesson.translation_key, []).append(
            [child.id for child in lesson.body]
        )
    assert len(ids_by_lesson) == LessonPage.objects.count() // 3
    for translations in ids_by_lesson.values():
        assert len(translations) == 3
        assert translations[0]
        assert translations[0] == translations[1] == translations[2]


def test_sensitive_callouts_point_to_support_in_their_language(demo):
    callouts = [
        (lesson.locale.language_code, child.value)
        for lesson in LessonPage.objects.select_related("locale")
        for child in lesson.body
        if child.block_type == "callout" and child.value["kind"] == "sensitive"
    ]
    assert callouts
    for language, callout in callouts:
        assert callout["support_resources"].source == SUPPORT_RESOURCES[language]


def test_the_learner_completed_the_gender_course(learner):
    course = _course("gender")
    assert CourseCompletion.objects.filter(user=learner, course_key=course.translation_key).exists()
    assert course_progress(user=learner, course=course).percent == 100


def test_the_learner_is_half_way_through_the_public_policy_course(learner):
    course = _course("public-policy")
    progress = course_progress(user=learner, course=course)
    assert progress.completed_at is None
    # Half of the lessons before the final quiz, which completes only through the quiz.
    assert progress.done == (progress.total - 1) // 2
    assert 40 <= progress.percent <= 50


def test_the_learner_saved_a_reflection_in_the_gender_course(learner):
    reflection = Reflection.objects.get(user=learner)
    assert reflection.course_key == _course("gender").translation_key
    lesson = LessonPage.objects.get(
        translation_key=reflection.lesson_key, locale__language_code="es"
    )
    assert reflection.prompt_id in {child.id for child in lesson.body}


def test_the_restricted_course_enrols_the_learner_through_its_cohort(learner):
    course = _course("missing-migrants")
    assert course.is_restricted
    cohort = Cohort.objects.get(course_key=course.translation_key)
    assert cohort.country == "GT"
    assert cohort.trainers.filter(email="trainer@example.org").exists()
    enrolment = Enrolment.objects.get(user=learner, course_key=course.translation_key)
    assert enrolment.cohort == cohort
    assert enrolment.source == Enrolment.Source.COHORT


def test_home_theme_cards_link_to_the_course_of_their_theme(demo):
    for home in HomePage.objects.all():
        links = [card.value["link"] for card in home.themes]
        assert len(links) == 5
        assert all(isinstance(link.specific, CoursePage) for link in links)
        assert {link.locale_id for link in links} == {home.locale_id}


def test_english_course_page_renders_for_the_learner(client, learner):
    client.force_login(learner)
    course = _course("public-policy", "en")
    url = course.get_url()
    assert url.startswith("/en/")
    assert client.get(url).status_code == 200


def test_french_lesson_renders_for_the_learner(client, learner):
    client.force_login(learner)
    fr = Locale.objects.get(language_code="fr")
    lesson = LessonPage.objects.descendant_of(_course("gender", "fr")).filter(locale=fr).first()
    url = lesson.get_url()
    assert url.startswith("/fr/")
    response = client.get(url)
    assert response.status_code == 200
    assert lesson.title in response.content.decode()
