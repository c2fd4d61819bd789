import datetime
import json

import pytest
from django.db import IntegrityError
from django.utils import timezone

from assessments import services
from assessments.grading import InvalidResponse
from assessments.models import Attempt, QuizSummary
from tests.factories import VerifiedUserFactory
from tests.factories import assessments as bank

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner():
    return VerifiedUserFactory()


@pytest.fixture
def cat():
    return bank.category()


def right_choice(attempt, slot=0):
    question = attempt.questions[slot]
    return next(c["id"] for c in question["choices"] if c["fraction"] == 1)


def wrong_choice(attempt, slot=0):
    question = attempt.questions[slot]
    return next(c["id"] for c in question["choices"] if c["fraction"] == 0)


def test_start_freezes_the_questions_and_later_edits_change_nothing(learner, cat):
    question = bank.single_choice(cat)
    quiz = bank.quiz(questions=[question], pass_mark=50)
    attempt = services.attempt_start(quiz=quiz, user=learner)
    chosen = right_choice(attempt)

    # The trainer changes the right answer after the attempt started.
    for choice in question.choices.all():
        choice.fraction = 0 if choice.fraction == 1 else 1
        choice.save()
    attempt = services.attempt_submit(attempt=attempt, answers={question.qid: {"choice": chosen}})
    assert attempt.percent == 100
    assert attempt.passed


def test_second_start_resumes_the_open_attempt(learner, cat):
    quiz = bank.quiz(questions=[bank.single_choice(cat)])
    first = services.attempt_start(quiz=quiz, user=learner)
    second = services.attempt_start(quiz=quiz, user=learner)
    assert first.pk == second.pk
    assert Attempt.objects.count() == 1


def test_database_refuses_a_second_open_attempt(learner, cat):
    quiz = bank.quiz(questions=[bank.single_choice(cat)])
    attempt = services.attempt_start(quiz=quiz, user=learner)
    with pytest.raises(IntegrityError):
        Attempt.objects.create(
            user=learner, quiz=quiz, quiz_key=quiz.translation_key, number=2, language="es"
        )
    assert attempt.is_open


def test_submit_is_idempotent(learner, cat):
    question = bank.single_choice(cat)
    quiz = bank.quiz(questions=[question])
    attempt = services.attempt_start(quiz=quiz, user=learner)
    first = services.attempt_submit(
        attempt=attempt, answers={question.qid: {"choice": right_choice(attempt)}}
    )
    again = services.attempt_submit(
        attempt=attempt, answers={question.qid: {"choice": wrong_choice(attempt)}}
    )
    assert again.percent == first.percent == 100
    assert QuizSummary.objects.get(user=learner).attempt_count == 1


def test_an_option_of_another_question_is_rejected(learner, cat):
    one, two = bank.single_choice(cat), bank.single_choice(cat, text="Otra pregunta")
    quiz = bank.quiz(questions=[one, two])
    attempt = services.attempt_start(quiz=quiz, user=learner)
    shown = {q["qid"]: q for q in attempt.questions}
    other_option = shown[two.qid]["choices"][0]["id"]
    with pytest.raises(InvalidResponse):
        services.attempt_autosave(attempt=attempt, answers={one.qid: {"choice": other_option}})
    assert Attempt.objects.get(pk=attempt.pk).answers == {}


def test_answers_after_the_deadline_are_not_accepted(learner, cat):
    question = bank.single_choice(cat)
    quiz = bank.quiz(questions=[question], time_limit_minutes=10, grace_seconds=30)
    attempt = services.attempt_start(quiz=quiz, user=learner)
    services.attempt_autosave(
        attempt=attempt, answers={question.qid: {"choice": wrong_choice(attempt)}}
    )
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - datetime.timedelta(seconds=31)
    )
    with pytest.raises(services.AttemptExpired):
        services.attempt_autosave(
            attempt=attempt, answers={question.qid: {"choice": right_choice(attempt)}}
        )
    attempt.refresh_from_db()
    # Closed with what was saved in time: the wrong answer.
    assert attempt.state == Attempt.State.GRADED
    assert attempt.percent == 0


def test_answers_within_the_grace_period_count(learner, cat):
    question = bank.single_choice(cat)
    quiz = bank.quiz(questions=[question], time_limit_minutes=10, grace_seconds=30)
    attempt = services.attempt_start(quiz=quiz, user=learner)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - datetime.timedelta(seconds=20)
    )
    attempt.refresh_from_db()
    attempt = services.attempt_submit(
        attempt=attempt, answers={question.qid: {"choice": right_choice(attempt)}}
    )
    assert attempt.percent == 100


def test_submit_after_the_grace_period_keeps_only_saved_answers(learner, cat):
    question = bank.single_choice(cat)
    quiz = bank.quiz(questions=[question], time_limit_minutes=1, grace_seconds=0)
    attempt = services.attempt_start(quiz=quiz, user=learner)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - datetime.timedelta(seconds=5)
    )
    attempt.refresh_from_db()
    attempt = services.attempt_submit(
        attempt=attempt, answers={question.qid: {"choice": right_choice(attempt)}}
    )
    assert attempt.percent == 0


def test_max_attempts_and_delay(learner, cat):
    question = bank.single_choice(cat)
    quiz = bank.quiz(questions=[question], max_attempts=2, min_delay_minutes=30)
    attempt = services.attempt_start(quiz=quiz, user=learner)
    services.attempt_submit(attempt=attempt)
    with pytest.raises(services.AttemptError):
        services.attempt_start(quiz=quiz, user=learner)  # too soon
    Attempt.objects.update(submitted_at=timezone.now() - datetime.timedelta(minutes=31))
    services.attempt_submit(attempt=services.attempt_start(quiz=quiz, user=learner))
    Attempt.objects.update(submitted_at=timezone.now() - datetime.timedelta(minutes=31))
    with pytest.raises(services.AttemptError):
        services.attempt_start(quiz=quiz, user=learner)  # no attempts left
    assert Attempt.objects.count() == 2


def test_random_draws_honour_the_category_and_never_repeat(learner, cat):
    sub = bank.category("Sub", parent=cat)
    elsewhere = bank.category("Otra")
    pool = [bank.single_choice(sub, text=f"Pregunta {i}") for i in range(6)]
    outsider = bank.single_choice(elsewhere, text="Fuera")
    quiz = bank.quiz(questions=[pool[0]], random_from=cat, random_count=4)
    for seed in range(15):
        attempt = services.attempt_start(quiz=quiz, user=VerifiedUserFactory(), seed=seed)
        qids = [q["qid"] for q in attempt.questions]
        assert len(qids) == 5 == len(set(qids))
        assert outsider.qid not in qids
        assert set(qids) <= {q.qid for q in pool}


@pytest.mark.parametrize(
    ("method", "expected"), [("highest", 100), ("last", 0), ("first", 0), ("average", 50)]
)
def test_grading_methods(learner, cat, method, expected):
    question = bank.single_choice(cat)
    quiz = bank.quiz(questions=[question], grading_method=method, pass_mark=60)
    for choose in (wrong_choice, right_choice, wrong_choice):
        attempt = services.attempt_start(quiz=quiz, user=learner)
        services.attempt_submit(
            attempt=attempt, answers={question.qid: {"choice": choose(attempt)}}
        )
    summary = QuizSummary.objects.get(user=learner)
    expected_final = {"highest": 100, "last": 0, "first": 0, "average": 33.33}[method]
    assert float(summary.final_percent) == pytest.approx(expected_final, abs=0.01)
    assert summary.attempt_count == 3
    assert summary.best_percent == 100
    assert summary.passed == (expected_final >= 60)


def test_another_learners_attempt_is_404_everywhere(client, site_pages, learner, cat):
    question = bank.single_choice(cat)
    quiz = bank.quiz(questions=[question])
    attempt = services.attempt_start(quiz=quiz, user=learner)
    client.force_login(VerifiedUserFactory())
    base = f"/es/learning/attempts/{attempt.pk}/"
    assert client.get(base).status_code == 404
    assert client.get(base + "review/").status_code == 404
    assert client.post(base + "save/", {f"q-{question.qid}": "x"}).status_code == 404
    assert client.post(base + "submit/").status_code == 404
    assert Attempt.objects.get(pk=attempt.pk).is_open


def test_attempt_page_reveals_no_right_answer_or_feedback(client, site_pages, learner, cat):
    single = bank.single_choice(cat)
    short = bank.short_answer(cat, accepted="SECRETANSWER")
    quiz = bank.quiz(questions=[single, short])
    attempt = services.attempt_start(quiz=quiz, user=learner)
    client.force_login(learner)
    html = client.get(f"/es/learning/attempts/{attempt.pk}/").content.decode()
    for secret in ("SECRET-FEEDBACK", "SECRET-GENERAL", "SECRETANSWER", "fraction"):
        assert secret not in html
    response = client.post(
        f"/es/learning/attempts/{attempt.pk}/save/",
        json.dumps({"answers": {short.qid: {"text": "x"}}}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert set(response.json()) == {"saved_at"}


def test_review_follows_the_review_matrix(client, site_pages, learner, cat):
    short = bank.short_answer(cat, accepted="SECRETANSWER")
    quiz = bank.quiz(
        questions=[short],
        review_immediately_score=True,
        review_immediately_correctness=False,
        review_immediately_feedback=False,
        review_immediately_right_answers=False,
    )
    attempt = services.attempt_start(quiz=quiz, user=learner)
    services.attempt_submit(attempt=attempt, answers={short.qid: {"text": "otra cosa"}})
    client.force_login(learner)
    html = client.get(f"/es/learning/attempts/{attempt.pk}/review/").content.decode()
    assert "SECRETANSWER" not in html
    assert "state-incorrect" not in html
    assert "0%" in html

    quiz.review_immediately_right_answers = True
    quiz.review_immediately_correctness = True
    quiz.save()
    html = client.get(f"/es/learning/attempts/{attempt.pk}/review/").content.decode()
    assert "SECRETANSWER" in html
    assert "state-incorrect" in html


def test_form_submit_through_the_pages(client, site_pages, learner, cat):
    single = bank.single_choice(cat)
    quiz = bank.quiz(questions=[single])
    attempt = services.attempt_start(quiz=quiz, user=learner)
    client.force_login(learner)
    response = client.post(
        f"/es/learning/attempts/{attempt.pk}/submit/", {f"q-{single.qid}": right_choice(attempt)}
    )
    assert response.status_code == 302
    assert response.url.endswith("/review/")
    attempt.refresh_from_db()
    assert attempt.percent == 100


def test_essay_waits_for_a_trainer_then_counts(learner, cat):
    essay = bank.essay(cat, points=2)
    single = bank.single_choice(cat)
    quiz = bank.quiz(questions=[single, essay], pass_mark=50)
    attempt = services.attempt_start(quiz=quiz, user=learner)
    attempt = services.attempt_submit(
        attempt=attempt,
        answers={single.qid: {"choice": wrong_choice(attempt)}, essay.qid: {"text": "Mi ensayo"}},
    )
    assert attempt.state == Attempt.State.NEEDS_GRADING
    assert attempt.passed is None
    trainer = VerifiedUserFactory()
    attempt = services.attempt_grade_essay(
        attempt=attempt, qid=essay.qid, fraction=1, comment="Muy bien", grader=trainer
    )
    assert attempt.state == Attempt.State.GRADED
    assert float(attempt.percent) == pytest.approx(66.67, abs=0.01)
    assert attempt.passed
    with pytest.raises(services.AttemptError):
        services.attempt_grade_essay(
            attempt=attempt, qid=essay.qid, fraction=0, comment="", grader=trainer
        )


def test_attempt_page_shows_the_time_left_from_the_server(client, site_pages, learner, cat):
    quiz = bank.quiz(questions=[bank.single_choice(cat)], time_limit_minutes=10)
    attempt = services.attempt_start(quiz=quiz, user=learner)
    client.force_login(learner)
    html = client.get(f"/es/learning/attempts/{attempt.pk}/").content.decode()
    assert 'data-remaining="59' in html or 'data-remaining="600"' in html
    assert '<span class="timer-value">9:5' in html or '<span class="timer-value">10:00' in html
