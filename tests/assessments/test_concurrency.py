"""Attempts under concurrent requests (PostgreSQL only: SQLite serialises writers)."""

import pytest

from assessments import services
from assessments.models import Attempt, QuizSummary
from tests.conftest import database_is_postgres
from tests.courses.test_concurrency import run_together
from tests.factories import VerifiedUserFactory
from tests.factories import assessments as bank

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not database_is_postgres(), reason="needs PostgreSQL (DATABASE_URL)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_ten_concurrent_submits_grade_once():
    question = bank.single_choice(bank.category())
    quiz = bank.quiz(questions=[question])
    learner = VerifiedUserFactory()
    attempt = services.attempt_start(quiz=quiz, user=learner)
    choice = next(c["id"] for c in attempt.questions[0]["choices"] if c["fraction"] == 1)
    answers = {question.qid: {"choice": choice}}
    results = run_together(
        *[lambda: services.attempt_submit(attempt=attempt, answers=answers)] * 10
    )
    assert {r.pk for r in results} == {attempt.pk}
    assert {float(r.percent) for r in results} == {100.0}
    assert QuizSummary.objects.get(user=learner).attempt_count == 1


def test_two_devices_starting_together_share_one_open_attempt():
    quiz = bank.quiz(questions=[bank.single_choice(bank.category())])
    learner = VerifiedUserFactory()
    results = run_together(*[lambda: services.attempt_start(quiz=quiz, user=learner)] * 4)
    assert len({r.pk for r in results}) == 1
    assert Attempt.objects.filter(user=learner, state=Attempt.State.OPEN).count() == 1
