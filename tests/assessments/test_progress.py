import pytest

from assessments import services
from assessments.models import Attempt, QuizSummary
from courses.models import CourseCompletion, LessonPage
from courses.services import enrolment_create, lesson_mark_complete
from tests.factories import VerifiedUserFactory
from tests.factories import assessments as bank
from tests.factories.courses import build_course, publish


def quiz_lesson(catalogue, quiz, *, final=False):
    course, lessons = build_course(index=catalogue, modules=1, lessons_per_module=2)
    lesson = lessons[-1]
    lesson.completion_rule = LessonPage.CompletionRule.ACTIVITIES
    lesson.body = [("quiz", {"quiz": quiz, "title": "", "required": True})]
    publish(lesson)
    if final:
        course.final_quiz = quiz
        publish(course)
    block_id = lesson.body[0].id
    return course, lessons, services.ActivityContext(lesson.translation_key, f"quiz:{block_id}")


def take(quiz, user, context, *, right: bool):
    attempt = services.attempt_start(quiz=quiz, user=user, context=context)
    question = attempt.questions[0]
    choice = next(c["id"] for c in question["choices"] if (c["fraction"] == 1) == right)
    return services.attempt_submit(attempt=attempt, answers={question["qid"]: {"choice": choice}})


@pytest.mark.django_db
def test_passing_the_quiz_completes_the_lesson_and_the_course(catalogue):
    quiz = bank.quiz(questions=[bank.single_choice(bank.category())], pass_mark=70)
    course, lessons, context = quiz_lesson(catalogue, quiz)
    learner = VerifiedUserFactory()
    enrolment_create(user=learner, course=course)
    lesson_mark_complete(user=learner, lesson=lessons[0])
    take(quiz, learner, context, right=False)
    assert not CourseCompletion.objects.filter(user=learner).exists()
    take(quiz, learner, context, right=True)
    assert CourseCompletion.objects.filter(user=learner).count() == 1


@pytest.mark.django_db
def test_a_course_with_a_final_quiz_needs_it_passed(catalogue):
    quiz = bank.quiz(questions=[bank.single_choice(bank.category())], pass_mark=70)
    course, lessons = build_course(index=catalogue, modules=1, lessons_per_module=1)
    course.final_quiz = quiz
    publish(course)
    learner = VerifiedUserFactory()
    enrolment_create(user=learner, course=course)
    lesson_mark_complete(user=learner, lesson=lessons[0])
    assert not CourseCompletion.objects.filter(user=learner).exists()
    take(quiz, learner, services.ActivityContext(), right=True)
    assert QuizSummary.objects.get(user=learner).passed
    from courses.services import course_refresh_completion

    completion, created = course_refresh_completion(user=learner, course=course)
    assert created and completion is not None


@pytest.mark.django_db
def test_quiz_page_in_the_lesson_starts_and_resumes(client, catalogue):
    quiz = bank.quiz(questions=[bank.single_choice(bank.category())])
    course, lessons, context = quiz_lesson(catalogue, quiz)
    learner = VerifiedUserFactory()
    enrolment_create(user=learner, course=course)
    client.force_login(learner)
    html = client.get(lessons[-1].url).content.decode()
    start_url = f"/es/learning/lessons/{context.lesson_key}/quiz/{context.activity_key}/start/"
    assert start_url in html
    first = client.post(start_url)
    second = client.post(start_url)
    assert first.url == second.url
    assert Attempt.objects.filter(user=learner).count() == 1
    # A quiz key that is not in the lesson is a 404.
    wrong = f"/es/learning/lessons/{context.lesson_key}/quiz/quiz:nope/start/"
    assert client.post(wrong).status_code == 404
