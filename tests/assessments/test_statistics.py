import csv
import io
import math
from decimal import Decimal
from uuid import uuid4

import pytest
from allauth.mfa.models import Authenticator
from django.utils import timezone
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from accounts.roles import Role
from assessments.models import (
    Attempt,
    Choice,
    Question,
    QuestionCategory,
    Quiz,
    QuizSummary,
    RegradeLog,
)
from assessments.selectors import quizzes_user_may_follow, user_may_follow_quiz
from assessments.snapshots import question_snapshot
from assessments.statistics import quiz_statistics
from tests.factories import VerifiedUserFactory
from tests.factories.courses import CourseIndexPageFactory, build_course, publish

pytestmark = pytest.mark.django_db

SINGLE = {
    "qid": "q-capital",
    "slot": 1,
    "type": "single",
    "name": "Capital",
    "text": "<p>Capital of <b>France</b>?</p>",
    "general_feedback": "",
    "points": 1.0,
    "choices": [
        {"id": "c1", "text": "Paris", "fraction": 1.0, "feedback": ""},
        {"id": "c2", "text": "Lyon", "fraction": 0.0, "feedback": ""},
        {"id": "c3", "text": "Marseille", "fraction": 0.5, "feedback": ""},
    ],
}
SHORT = {
    "qid": "q-spain",
    "slot": 2,
    "type": "short",
    "name": "Spain",
    "text": "<p>Capital of Spain?</p>",
    "general_feedback": "",
    "points": 2.0,
    "answers": [{"text": "Madrid", "fraction": 1.0, "feedback": ""}],
    "case_sensitive": False,
    "accent_sensitive": False,
}


def new_quiz(title: str = "Capitals") -> Quiz:
    return Quiz.objects.create(title=title, locale=Locale.get_default())


def graded_attempt(
    quiz,
    *,
    user=None,
    number=1,
    choice="c1",
    text="Madrid",
    fractions=(1.0, 1.0),
    questions=(SINGLE, SHORT),
    state=Attempt.State.GRADED,
):
    """A finished attempt written by hand: the grades are given, not computed."""
    by_qid = dict(zip((q["qid"] for q in questions), fractions, strict=True))
    earned = sum(by_qid[q["qid"]] * q["points"] for q in questions)
    maximum = sum(q["points"] for q in questions)
    percent = (Decimal(str(earned)) * 100 / Decimal(str(maximum))).quantize(Decimal("0.01"))
    answers = {SINGLE["qid"]: {"choice": choice}, SHORT["qid"]: {"text": text}}
    return Attempt.objects.create(
        user=user or VerifiedUserFactory(),
        quiz=quiz,
        quiz_key=quiz.translation_key,
        number=number,
        state=state,
        language="es",
        submitted_at=timezone.now(),
        questions=[dict(q) for q in questions],
        answers={q["qid"]: answers[q["qid"]] for q in questions},
        grades={
            qid: {
                "fraction": fraction,
                "state": "correct" if fraction == 1 else "partial" if fraction else "incorrect",
                "feedback": [],
            }
            for qid, fraction in by_qid.items()
        },
        score=Decimal(str(earned)),
        max_score=Decimal(str(maximum)),
        percent=percent,
        passed=percent >= quiz.pass_mark,
    )


@pytest.fixture
def four_attempts():
    """Capital of France (1 point) and of Spain (2 points), four learners:

    | attempt | France         | fraction | Spain          | fraction | score | percent |
    | 1       | Paris          | 1        | Madrid         | 1        | 3     | 100     |
    | 2       | Marseille      | 0.5      | "madrid "      | 1        | 2.5   | 83.33   |
    | 3       | Paris          | 1        | Barcelona      | 0        | 1     | 33.33   |
    | 4       | Lyon           | 0        | "  BARCELONA"  | 0        | 0     | 0       |
    """
    quiz = new_quiz()
    rows = [("c1", "Madrid", (1.0, 1.0)), ("c3", "madrid ", (0.5, 1.0))]
    rows += [("c1", "Barcelona", (1.0, 0.0)), ("c2", "  BARCELONA", (0.0, 0.0))]
    for choice, text, fractions in rows:
        graded_attempt(quiz, choice=choice, text=text, fractions=fractions)
    return quiz


def pearson(xs: list[float], ys: list[float]) -> float:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy)


def by_qid(stats):
    return {question.qid: question for question in stats.questions}


# --- Figures ---------------------------------------------------------------------------------


def test_summary_counts_attempts_learners_mean_and_median(four_attempts):
    stats = quiz_statistics(quiz_key=four_attempts.translation_key)
    assert (stats.attempts, stats.learners) == (4, 4)
    assert stats.mean_percent == pytest.approx((100 + 83.33 + 33.33 + 0) / 4)
    assert stats.median_percent == pytest.approx((33.33 + 83.33) / 2)


def test_score_distribution_counts_attempts_in_ten_bands(four_attempts):
    stats = quiz_statistics(quiz_key=four_attempts.translation_key)
    assert [band.label for band in stats.distribution][:2] == ["0–10", "10–20"]
    # 0 → 0–10, 33.33 → 30–40, 83.33 → 80–90 and 100 → 90–100 (the top band is closed).
    assert [band.count for band in stats.distribution] == [1, 0, 0, 1, 0, 0, 0, 0, 1, 1]


def test_facility_is_the_mean_fraction_and_the_deviation_its_spread(four_attempts):
    questions = by_qid(quiz_statistics(quiz_key=four_attempts.translation_key))
    france, spain = questions["q-capital"], questions["q-spain"]
    assert (france.shown, spain.shown) == (4, 4)
    assert france.facility == pytest.approx(100 * (1 + 0.5 + 1 + 0) / 4)  # 62.5
    assert spain.facility == pytest.approx(100 * (1 + 1 + 0 + 0) / 4)  # 50
    # Sample standard deviation of the fractions: sqrt(Σ(x − x̄)² / (n − 1)).
    france_squares = 0.375**2 + 0.125**2 + 0.375**2 + 0.625**2  # 0.6875
    assert france.standard_deviation == pytest.approx(100 * math.sqrt(france_squares / 3))
    assert spain.standard_deviation == pytest.approx(100 * math.sqrt(4 * 0.5**2 / 3))


def test_discrimination_correlates_the_question_with_the_rest_of_the_attempt(four_attempts):
    questions = by_qid(quiz_statistics(quiz_key=four_attempts.translation_key))
    # France: its fractions against the Spain marks (attempt score minus the France mark).
    france_x, france_rest = [1, 0.5, 1, 0], [3 - 1, 2.5 - 0.5, 1 - 1, 0 - 0]
    # By hand: x̄ = 0.625, ȳ = 1; Sxy = 0.375 − 0.125 − 0.375 + 0.625 = 0.5; Sxx = 0.6875;
    # Syy = 4; r = 0.5 / √2.75 = 0.3015.
    assert pearson(france_x, france_rest) == pytest.approx(0.5 / math.sqrt(0.6875 * 4))
    assert questions["q-capital"].discrimination == pytest.approx(100 * 0.5 / math.sqrt(2.75))
    # Spain: its fractions against the France marks; Sxy = 0.25, Sxx = 1, Syy = 0.6875.
    spain_x, spain_rest = [1, 1, 0, 0], [3 - 2, 2.5 - 2, 1 - 0, 0 - 0]
    assert pearson(spain_x, spain_rest) == pytest.approx(0.25 / math.sqrt(0.6875))
    assert questions["q-spain"].discrimination == pytest.approx(100 * 0.25 / math.sqrt(0.6875))


def test_discrimination_needs_two_attempts_and_some_variance():
    quiz = new_quiz()
    graded_attempt(quiz, fractions=(1.0, 1.0))
    one = by_qid(quiz_statistics(quiz_key=quiz.translation_key))["q-capital"]
    assert (one.discrimination, one.standard_deviation) == (None, None)
    graded_attempt(quiz, text="Barcelona", fractions=(1.0, 0.0))
    questions = by_qid(quiz_statistics(quiz_key=quiz.translation_key))
    # Everybody got France right: no variance, no correlation.
    assert questions["q-capital"].discrimination is None
    assert questions["q-capital"].standard_deviation == 0
    # Spain varies, but the rest of the attempt (France) does not.
    assert questions["q-spain"].discrimination is None


def test_most_chosen_wrong_answers_name_the_choice_or_the_normalised_text(four_attempts):
    questions = by_qid(quiz_statistics(quiz_key=four_attempts.translation_key))
    france = [(w.label, w.count) for w in questions["q-capital"].wrong_answers]
    # Marseille earned half the credit: still not right. Paris, the right one, is not listed.
    assert sorted(france) == [("Lyon", 1), ("Marseille", 1)]
    spain = [(w.label, w.count) for w in questions["q-spain"].wrong_answers]
    assert spain == [("barcelona", 2)]


def test_wrong_answers_keep_the_five_most_frequent():
    quiz = new_quiz()
    for index, text in enumerate(["a", "a", "a", "b", "b", "c", "d", "e", "f", "Madrid"]):
        graded_attempt(quiz, text=text, fractions=(1.0, 1.0 if index == 9 else 0.0))
    spain = by_qid(quiz_statistics(quiz_key=quiz.translation_key))["q-spain"]
    assert [(w.label, w.count) for w in spain.wrong_answers] == [
        ("a", 3),
        ("b", 2),
        ("c", 1),
        ("d", 1),
        ("e", 1),
    ]


def test_unfinished_attempts_are_left_out_and_first_attempts_can_be_isolated():
    quiz = new_quiz()
    ana = VerifiedUserFactory()
    graded_attempt(quiz, user=ana, number=1, text="Roma", fractions=(1.0, 0.0))
    graded_attempt(quiz, user=ana, number=2, fractions=(1.0, 1.0))
    graded_attempt(quiz, number=1, fractions=(0.0, 0.0), state=Attempt.State.NEEDS_GRADING)
    graded_attempt(quiz, number=1, fractions=(0.0, 0.0), state=Attempt.State.OPEN)
    graded_attempt(new_quiz("Another"), fractions=(0.0, 0.0))

    every = quiz_statistics(quiz_key=quiz.translation_key)
    assert (every.attempts, every.learners) == (2, 1)
    assert by_qid(every)["q-spain"].facility == pytest.approx(50)
    first = quiz_statistics(quiz_key=quiz.translation_key, first_attempts_only=True)
    assert first.attempts == 1
    assert by_qid(first)["q-spain"].facility == 0


def test_question_text_comes_from_the_latest_snapshot_as_plain_text():
    quiz = new_quiz()
    graded_attempt(quiz)
    corrected = {**SHORT, "text": "<p>Capital of <em>Spain</em> &amp; its islands?</p>"}
    graded_attempt(quiz, questions=(SINGLE, corrected))
    questions = by_qid(quiz_statistics(quiz_key=quiz.translation_key))
    assert questions["q-spain"].text == "Capital of Spain & its islands?"
    assert questions["q-capital"].text == "Capital of France?"


def test_a_quiz_without_graded_attempts_has_empty_statistics():
    stats = quiz_statistics(quiz_key=new_quiz().translation_key)
    assert (stats.attempts, stats.mean_percent, stats.median_percent) == (0, None, None)
    assert [band.count for band in stats.distribution] == [0] * 10
    assert stats.questions == []


# --- Regrading -------------------------------------------------------------------------------


@pytest.fixture
def bank_quiz():
    """A quiz whose two questions are real bank questions (the regrade reads the bank)."""
    locale = Locale.get_default()
    category = QuestionCategory.objects.create(name="Geografía")
    france = Question.objects.create(
        category=category, type="single", name="Francia", text="<p>Capital?</p>", locale=locale
    )
    for order, (text, fraction) in enumerate([("Paris", 1), ("Lyon", 0)]):
        Choice.objects.create(question=france, text=text, fraction=fraction, sort_order=order)
    spain = Question.objects.create(
        category=category, type="short", name="España", text="<p>Capital?</p>", locale=locale
    )
    spain.accepted_answers.create(text="Madrid", fraction=1)
    snapshots = []
    for slot, question in enumerate([france, spain], start=1):
        snapshots.append({**question_snapshot(question), "slot": slot})
    return new_quiz(), france, snapshots


def snapshot_attempt(quiz, snapshots, *, choice_text: str, state=Attempt.State.GRADED, user=None):
    """An attempt on the bank questions, graded as they stood when it was taken."""
    france, spain = snapshots
    choice = next(c for c in france["choices"] if c["text"] == choice_text)
    fraction = choice["fraction"]
    return Attempt.objects.create(
        user=user or VerifiedUserFactory(),
        quiz=quiz,
        quiz_key=quiz.translation_key,
        number=1,
        state=state,
        language="es",
        submitted_at=None if state == Attempt.State.OPEN else timezone.now(),
        questions=snapshots,
        answers={france["qid"]: {"choice": choice["id"]}, spain["qid"]: {"text": "Madrid"}},
        grades={
            france["qid"]: {"fraction": fraction, "state": "correct", "feedback": []},
            spain["qid"]: {"fraction": 1.0, "state": "correct", "feedback": []},
        },
        score=Decimal(str(fraction + 1)),
        max_score=Decimal("2"),
        percent=Decimal(str(50 * (fraction + 1))),
        passed=fraction == 1,
    )


def test_regrade_recomputes_the_attempts_that_showed_the_question(bank_quiz):
    pytest.importorskip("assessments.grading", reason="assessments/grading.py is not written yet")
    from assessments import services

    quiz, france, snapshots = bank_quiz
    chose_paris = snapshot_attempt(quiz, snapshots, choice_text="Paris")
    chose_lyon = snapshot_attempt(quiz, snapshots, choice_text="Lyon")
    still_open = snapshot_attempt(quiz, snapshots, choice_text="Lyon", state=Attempt.State.OPEN)
    other_quiz = snapshot_attempt(new_quiz("Another"), snapshots, choice_text="Lyon")
    for attempt in (chose_paris, chose_lyon):
        services.summary_refresh(user=attempt.user, quiz=quiz)
    assert QuizSummary.objects.get(user=chose_lyon.user).best_percent == 50

    # The right answer was Lyon all along (the bank is corrected first).
    france.choices.filter(text="Paris").update(fraction=0)
    france.choices.filter(text="Lyon").update(fraction=1)
    trainer = VerifiedUserFactory()
    changed = services.quiz_regrade_question(
        quiz=quiz, question=france, actor=trainer, reason="Wrong key"
    )

    assert changed == 2
    percents = {
        a.pk: a.percent for a in Attempt.objects.filter(pk__in=[chose_paris.pk, chose_lyon.pk])
    }
    assert percents == {chose_paris.pk: Decimal("50.00"), chose_lyon.pk: Decimal("100.00")}
    for untouched in (still_open, other_quiz):
        untouched.refresh_from_db()
        assert untouched.grades[france.qid]["fraction"] == 0
    log = RegradeLog.objects.get()
    assert (log.quiz_key, log.question_qid, log.actor, log.reason, log.attempts_changed) == (
        quiz.translation_key,
        france.qid,
        trainer,
        "Wrong key",
        2,
    )
    summary = QuizSummary.objects.get(user=chose_lyon.user, quiz_key=quiz.translation_key)
    assert (summary.best_percent, summary.passed) == (Decimal("100.00"), True)
    stats = quiz_statistics(quiz_key=quiz.translation_key)
    assert by_qid(stats)[france.qid].facility == pytest.approx(50)


# --- Admin pages -----------------------------------------------------------------------------


def staff(*groups, **fields):
    """A member of staff who can reach the admin: MFA set up, admin in English."""
    user = VerifiedUserFactory(groups=list(groups), **fields)
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


def stats_url(quiz, suffix: str = "") -> str:
    return f"/admin/quiz-statistics/{quiz.translation_key}/{suffix}"


def final_status(client, url: str) -> int:
    """Status after redirects: an admin 404 is first redirected to the language-prefixed path
    (Wagtail's page catch-all matches it), which 404s in turn."""
    return client.get(url, follow=True).status_code


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.fixture
def catalogue(site_pages):
    """The course catalogue, as in tests/courses/conftest.py."""
    from courses.services import course_index_setup

    index = publish(CourseIndexPageFactory(parent=site_pages["es"]))
    course_index_setup(index=index)
    return index


@pytest.fixture
def taught(catalogue):
    """A course whose first lesson holds the quiz, a trainer of it, and another course."""
    course, lessons = build_course(index=catalogue, modules=1, lessons_per_module=1)
    quiz = new_quiz()
    lesson = lessons[0]
    lesson.body = [("quiz", {"quiz": quiz, "title": "", "required": True})]
    publish(lesson)
    trainer = staff(Role.TRAINERS)
    course.trainers.add(trainer)
    course.save()
    other, _lessons = build_course(index=catalogue, modules=1, lessons_per_module=1)
    outsider = staff(Role.TRAINERS)
    other.trainers.add(outsider)
    other.save()
    return {"course": course, "quiz": quiz, "trainer": trainer, "outsider": outsider}


def test_course_trainers_follow_the_quizzes_of_their_lessons(taught):
    quiz = taught["quiz"]
    assert [q.pk for q in quizzes_user_may_follow(user=taught["trainer"])] == [quiz.pk]
    assert user_may_follow_quiz(user=taught["trainer"], quiz=quiz)
    assert not user_may_follow_quiz(user=taught["outsider"], quiz=quiz)
    assert quizzes_user_may_follow(user=taught["outsider"]) == []


def test_the_course_owner_follows_its_final_quiz(taught, catalogue):
    final = new_quiz("Final")
    owner = staff(Role.TRAINERS)
    course, _lessons = build_course(index=catalogue, modules=1, lessons_per_module=1)
    course.final_quiz = final
    course.owner = owner
    course.save()
    assert [q.pk for q in quizzes_user_may_follow(user=owner)] == [final.pk]


def test_the_secretariat_follows_every_quiz(taught):
    lone = new_quiz("Zeta")
    secretariat = staff(Role.SECRETARIAT)
    assert [q.pk for q in quizzes_user_may_follow(user=secretariat)] == [
        taught["quiz"].pk,
        lone.pk,
    ]


def test_trainer_of_the_course_sees_the_statistics(client, taught):
    graded_attempt(taught["quiz"])
    client.force_login(taught["trainer"])
    listing = client.get("/admin/quiz-statistics/")
    assert [row["quiz"].pk for row in listing.context["rows"]] == [taught["quiz"].pk]
    assert listing.context["rows"][0]["graded"] == 1
    response = client.get(stats_url(taught["quiz"]))
    assert response.status_code == 200
    assert response.context["stats"].attempts == 1
    assert "Quiz statistics" in client.get("/admin/").content.decode()


def test_trainer_of_another_course_gets_404(client, taught):
    graded_attempt(taught["quiz"])
    client.force_login(taught["outsider"])
    for suffix in ("", "questions.csv", "attempts.csv"):
        assert final_status(client, stats_url(taught["quiz"], suffix)) == 404
    response = client.post(stats_url(taught["quiz"]), {"qid": "q-capital", "reason": "x"})
    assert response.status_code in {302, 404}
    assert not RegradeLog.objects.exists()
    assert client.get("/admin/quiz-statistics/").context["rows"] == []
    assert "Quiz statistics" not in client.get("/admin/").content.decode()


def test_unknown_quiz_gets_404(client, taught):
    client.force_login(staff(Role.SECRETARIAT))
    assert final_status(client, f"/admin/quiz-statistics/{uuid4()}/") == 404


def test_a_learner_is_sent_away_from_the_admin(client, taught):
    client.force_login(VerifiedUserFactory(groups=[Role.LEARNERS]))
    response = client.get(stats_url(taught["quiz"]))
    assert response.status_code == 302
    assert "/admin/" not in response.url.split("?")[0]


def test_the_secretariat_sees_the_statistics(client, four_attempts, site_pages):
    client.force_login(staff(Role.SECRETARIAT))
    response = client.get(stats_url(four_attempts))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="img"' in html
    assert '<title id="distribution-title">Score distribution</title>' in html
    assert "barcelona" in html


def test_learner_answers_are_escaped_in_the_page(client, site_pages):
    quiz = new_quiz()
    graded_attempt(quiz, text="<script>alert(1)</script>", fractions=(1.0, 0.0))
    client.force_login(staff(Role.SECRETARIAT))
    html = client.get(stats_url(quiz)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_attempts_csv_lists_every_finished_attempt_with_formulas_neutralised(client, site_pages):
    quiz = new_quiz()
    eve = VerifiedUserFactory(full_name='=HYPERLINK("http://evil")', email="eve@example.org")
    graded_attempt(quiz, user=eve, fractions=(1.0, 1.0))
    graded_attempt(quiz, user=eve, number=2, fractions=(0.0, 0.0))
    graded_attempt(quiz, number=1, fractions=(0.0, 0.0), state=Attempt.State.OPEN)
    client.force_login(staff(Role.SECRETARIAT))
    header, *rows = read_csv(client.get(stats_url(quiz, "attempts.csv")))
    assert header == [
        "Full name",
        "Email",
        "Attempt",
        "Started",
        "Submitted",
        "Score (%)",
        "Passed",
        "State",
    ]
    assert [(r[0], r[1], r[2], r[5], r[6], r[7]) for r in rows] == [
        ('\'=HYPERLINK("http://evil")', "eve@example.org", "1", "100.00", "Yes", "Graded"),
        ('\'=HYPERLINK("http://evil")', "eve@example.org", "2", "0.00", "No", "Graded"),
    ]
    assert all(len(r[3]) == len("2025-01-01 12:00") and r[4] for r in rows)


def test_questions_csv_has_the_per_question_table_with_formulas_neutralised(client, site_pages):
    quiz = new_quiz()
    for text in ["=1+1", "=1+1", "@SUM(A1)", "-2", "\tx", "Madrid"]:
        graded_attempt(quiz, text=text, fractions=(1.0, 1.0 if text == "Madrid" else 0.0))
    client.force_login(staff(Role.SECRETARIAT))
    header, *rows = read_csv(client.get(stats_url(quiz, "questions.csv")))
    assert header[:5] == ["Position", "Question", "Type", "Times shown", "Facility index (%)"]
    spain = rows[1]
    assert spain[:5] == ["2", "Capital of Spain?", "Short answer", "6", f"{100 / 6:.1f}"]
    assert spain[7] == "'=1+1 (2); -2 (1); @sum(a1) (1); x (1)"
    assert rows[0][5] == "0.0"  # everybody right on France: no spread
    assert rows[0][6] == ""  # … and no discrimination


def test_attempts_csv_of_a_trainer_lists_only_the_learners_of_their_courses(client, taught):
    from courses.services import enrolment_create

    quiz = taught["quiz"]
    ours = VerifiedUserFactory(full_name="Ana Ours")
    enrolment_create(user=ours, course=taught["course"])
    graded_attempt(quiz, user=ours)
    graded_attempt(quiz, user=VerifiedUserFactory(full_name="Zoe Elsewhere"))
    client.force_login(taught["trainer"])
    _header, *rows = read_csv(client.get(stats_url(quiz, "attempts.csv")))
    assert [r[0] for r in rows] == ["Ana Ours"]
    # The figures pool every attempt: they name nobody.
    assert client.get(stats_url(quiz)).context["stats"].attempts == 2
    client.force_login(staff(Role.SECRETARIAT))
    _header, *rows = read_csv(client.get(stats_url(quiz, "attempts.csv")))
    assert [r[0] for r in rows] == ["Ana Ours", "Zoe Elsewhere"]


def test_csv_cells_starting_with_a_formula_trigger_get_a_quote(client, site_pages):
    quiz = new_quiz()
    for name in ["+cmd", "-cmd", "@cmd", "\tcmd", "\rcmd", "plain"]:
        graded_attempt(quiz, user=VerifiedUserFactory(full_name=name))
    client.force_login(staff(Role.SECRETARIAT))
    _header, *rows = read_csv(client.get(stats_url(quiz, "attempts.csv")))
    names = sorted(r[0] for r in rows)
    assert names == sorted(["'+cmd", "'-cmd", "'@cmd", "'\tcmd", "'\rcmd", "plain"])


def test_regrade_form_needs_a_reason(client, bank_quiz, site_pages):
    quiz, france, snapshots = bank_quiz
    snapshot_attempt(quiz, snapshots, choice_text="Paris")
    client.force_login(staff(Role.SECRETARIAT))
    response = client.post(stats_url(quiz), {"qid": france.qid, "reason": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not RegradeLog.objects.exists()


def test_regrade_form_refuses_a_question_the_quiz_never_showed(client, bank_quiz, site_pages):
    quiz, _france, snapshots = bank_quiz
    snapshot_attempt(quiz, snapshots, choice_text="Paris")
    client.force_login(staff(Role.SECRETARIAT))
    response = client.post(stats_url(quiz), {"qid": str(uuid4()), "reason": "Typo"})
    assert response.status_code == 400
    assert not RegradeLog.objects.exists()


def test_regrade_from_the_admin_reports_the_attempts_changed(client, bank_quiz, site_pages):
    quiz, france, snapshots = bank_quiz
    snapshot_attempt(quiz, snapshots, choice_text="Paris")
    snapshot_attempt(quiz, snapshots, choice_text="Lyon")
    france.choices.filter(text="Lyon").update(fraction=1)
    client.force_login(staff(Role.SECRETARIAT))
    response = client.post(
        stats_url(quiz), {"qid": france.qid, "reason": "Lyon is also right"}, follow=True
    )
    html = response.content.decode()
    assert "Regraded: 2 attempts changed." in html
    assert "Lyon is also right" in html  # the history lists it
    assert RegradeLog.objects.get().attempts_changed == 2
    assert sorted(Attempt.objects.values_list("percent", flat=True)) == [100, 100]
