import datetime

import pytest
from django.utils import timezone

from courses.models import Cohort, CoursePage, Enrolment, Reflection
from courses.services import EnrolmentError, enrolment_create, lesson_mark_complete
from tests.factories import VerifiedUserFactory
from tests.factories.courses import build_course

pytestmark = pytest.mark.django_db


def test_open_course_self_enrolment(client, course_with_lessons):
    course, lessons = course_with_lessons
    learner = VerifiedUserFactory()
    client.force_login(learner)
    response = client.post(f"/es/learning/courses/{course.translation_key}/enrol/")
    assert response.status_code == 302
    assert response.url == lessons[0].url
    assert Enrolment.objects.filter(user=learner, course_key=course.translation_key).exists()


def test_enrol_is_post_only(client, course_with_lessons):
    course, _lessons = course_with_lessons
    client.force_login(VerifiedUserFactory())
    assert client.get(f"/es/learning/courses/{course.translation_key}/enrol/").status_code == 405
    assert not Enrolment.objects.exists()


def test_restricted_course_refuses_self_enrolment(client, catalogue):
    course, _lessons = build_course(index=catalogue, enrolment_mode=CoursePage.Enrolment.RESTRICTED)
    learner = VerifiedUserFactory()
    with pytest.raises(EnrolmentError):
        enrolment_create(user=learner, course=course)
    client.force_login(learner)
    client.post(f"/es/learning/courses/{course.translation_key}/enrol/")
    assert not Enrolment.objects.exists()


def test_cohort_enrolment_and_dates(client, catalogue):
    course, lessons = build_course(index=catalogue, enrolment_mode=CoursePage.Enrolment.RESTRICTED)
    learner = VerifiedUserFactory()
    today = timezone.localdate()
    cohort = Cohort.objects.create(
        name="Cohorte",
        course_key=course.translation_key,
        starts_on=today + datetime.timedelta(days=3),
    )
    enrolment_create(user=learner, course=course, cohort=cohort)
    client.force_login(learner)
    response = client.get(lessons[0].url)
    assert response.status_code == 302
    assert response.url == course.url
    cohort.starts_on = today
    cohort.save()
    assert client.get(lessons[0].url).status_code == 200


def test_prerequisite_must_be_completed_first(catalogue):
    first, first_lessons = build_course(index=catalogue, modules=1, lessons_per_module=1)
    second, _ = build_course(index=catalogue, modules=1, lessons_per_module=1)
    second.prerequisites.add(first)
    second.save_revision().publish()
    learner = VerifiedUserFactory()
    with pytest.raises(EnrolmentError):
        enrolment_create(user=learner, course=second)
    enrolment_create(user=learner, course=first)
    lesson_mark_complete(user=learner, lesson=first_lessons[0])
    enrolment_create(user=learner, course=second)


def test_anonymous_visitor_sees_the_summary_and_is_asked_to_sign_in(client, course_with_lessons):
    course, lessons = course_with_lessons
    html = client.get(course.url).content.decode()
    assert course.summary in html
    assert "/accounts/login/" in html
    for lesson in lessons:
        assert lesson.title in html
        assert f'href="{lesson.url}"' not in html
    response = client.get(lessons[0].url)
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_open_course_lesson_needs_enrolment(client, course_with_lessons):
    course, lessons = course_with_lessons
    client.force_login(VerifiedUserFactory())
    response = client.get(lessons[0].url)
    assert response.status_code == 302
    assert response.url == course.url


def test_restricted_lessons_are_404_for_learners_outside_the_course(client, catalogue):
    course, lessons = build_course(index=catalogue, enrolment_mode=CoursePage.Enrolment.RESTRICTED)
    client.force_login(VerifiedUserFactory())
    assert client.get(lessons[0].url).status_code == 404
    assert (
        client.post(f"/es/learning/lessons/{lessons[0].translation_key}/complete/").status_code
        == 404
    )


def test_course_trainer_reads_lessons_without_enrolling(client, catalogue):
    trainer = VerifiedUserFactory(groups=["Trainers"])
    course, lessons = build_course(index=catalogue, enrolment_mode=CoursePage.Enrolment.RESTRICTED)
    course.trainers.add(trainer)
    course.save_revision().publish()
    client.force_login(trainer)
    assert client.get(lessons[0].url).status_code == 200
    other_trainer = VerifiedUserFactory(groups=["Trainers"])
    client.force_login(other_trainer)
    assert client.get(lessons[0].url).status_code == 404


def test_reflections_are_private(client, catalogue):
    course, lessons = build_course(index=catalogue, modules=1, lessons_per_module=1)
    lesson = lessons[0]
    lesson.body = [("reflection", {"prompt": "¿Qué haría su municipio?"})]
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    prompt_id = lesson.body[0].id
    alice, bob = VerifiedUserFactory(), VerifiedUserFactory()
    for user in (alice, bob):
        enrolment_create(user=user, course=course)

    client.force_login(alice)
    url = f"/es/learning/lessons/{lesson.translation_key}/reflections/{prompt_id}/"
    client.post(url, {"text": "Crear una ventanilla única <script>x</script>"})
    assert Reflection.objects.get(user=alice).text.startswith("Crear una ventanilla")
    html = client.get(lesson.url).content.decode()
    assert "Crear una ventanilla única &lt;script&gt;" in html

    client.force_login(bob)
    html = client.get(lesson.url).content.decode()
    assert "Crear una ventanilla" not in html
    assert "Crear una ventanilla" not in client.get("/es/learning/my-learning/").content.decode()


def test_reflection_for_an_unknown_prompt_is_refused(client, course_with_lessons):
    course, lessons = course_with_lessons
    learner = VerifiedUserFactory()
    enrolment_create(user=learner, course=course)
    client.force_login(learner)
    url = f"/es/learning/lessons/{lessons[0].translation_key}/reflections/not-a-prompt/"
    response = client.post(url, {"text": "hola"})
    assert response.status_code == 302
    assert not Reflection.objects.exists()


def test_my_learning_shows_only_my_courses(client, catalogue):
    mine, my_lessons = build_course(index=catalogue, title="Curso mío")
    theirs, _ = build_course(index=catalogue, title="Curso ajeno")
    me, other = VerifiedUserFactory(), VerifiedUserFactory()
    enrolment_create(user=me, course=mine)
    enrolment_create(user=other, course=theirs)
    lesson_mark_complete(user=me, lesson=my_lessons[0])
    client.force_login(me)
    html = client.get("/es/learning/my-learning/").content.decode()
    in_progress = html[html.index("in-progress-heading") : html.index("completed-heading")]
    assert "Curso mío" in in_progress
    assert "25%" in in_progress
    assert "Curso ajeno" not in in_progress


def test_unknown_course_key_is_404(client, course_with_lessons):
    client.force_login(VerifiedUserFactory())
    response = client.post("/es/learning/courses/00000000-0000-0000-0000-000000000000/enrol/")
    assert response.status_code == 404


def test_my_learning_suggests_courses_on_the_same_theme_first(client, catalogue):
    from tests.factories.courses import ThemeFactory

    gender, other_theme = ThemeFactory(key="gender"), ThemeFactory(key="policy")
    taken, _ = build_course(index=catalogue, title="Tomado", modules=1, lessons_per_module=1)
    same, _ = build_course(
        index=catalogue, title="Zeta mismo tema", modules=1, lessons_per_module=1
    )
    other, _ = build_course(
        index=catalogue, title="Alfa otro tema", modules=1, lessons_per_module=1
    )
    for course, theme in ((taken, gender), (same, gender), (other, other_theme)):
        course.themes.add(theme)
        course.save_revision().publish()
    me = VerifiedUserFactory()
    enrolment_create(user=me, course=taken)
    client.force_login(me)
    suggestions = client.get("/es/learning/my-learning/").context["suggestions"]
    assert [c.title for c in suggestions] == ["Zeta mismo tema", "Alfa otro tema"]
