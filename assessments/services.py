"""Writes: attempt lifecycle (start → autosave → submit → graded), summaries, regrading.

Everything that decides a grade happens here on the server; the browser only sends answers."""

import contextlib
import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.models import User

from . import grading
from .models import Attempt, Question, QuestionCategory, Quiz, QuizSummary, RegradeLog
from .snapshots import question_snapshot


class AttemptError(Exception):
    """The attempt cannot start or change (limits, delay, closed quiz, deadline…)."""


class AttemptExpired(AttemptError):
    """The server-side deadline (time limit plus grace) has passed."""


@dataclass(frozen=True)
class ActivityContext:
    """Where the quiz is taken: the lesson and activity it completes when passed."""

    lesson_key: object = None
    activity_key: str = ""


def _category_ids(category: QuestionCategory, include_subcategories: bool) -> list[int]:
    ids, frontier = [category.pk], [category.pk]
    while include_subcategories and frontier:
        frontier = list(
            QuestionCategory.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        ids.extend(frontier)
    return ids


def _localized(questions: list[Question], language: str) -> list[Question]:
    """The learner's language version of each question when it exists."""
    keys = [q.translation_key for q in questions]
    versions = {
        q.translation_key: q
        for q in Question.objects.filter(
            translation_key__in=keys, locale__language_code=language
        ).prefetch_related(
            "choices", "accepted_answers", "numerical_answers", "matching_pairs", "ordering_items"
        )
    }
    return [versions.get(q.translation_key, q) for q in questions]


def quiz_draw_questions(*, quiz: Quiz, rng: random.Random, language: str) -> list[Question]:
    """Fixed questions and random draws, never the same question twice in one attempt."""
    chosen: list[Question] = []
    used: set = set()
    slots = list(
        quiz.slots.select_related("question", "random_category").order_by("sort_order", "pk")
    )
    for slot in slots:
        if slot.question_id and slot.question.translation_key not in used:
            chosen.append(slot.question)
            used.add(slot.question.translation_key)
    for slot in slots:
        if not slot.random_category_id:
            continue
        pool = {
            q.translation_key: q
            for q in Question.objects.filter(
                category_id__in=_category_ids(slot.random_category, slot.include_subcategories),
                locale=quiz.locale,
            ).order_by("pk")
            if q.translation_key not in used
        }
        keys = sorted(pool, key=str)
        picked = rng.sample(keys, min(slot.random_count, len(keys)))
        for key in picked:
            chosen.append(pool[key])
            used.add(key)
    if quiz.shuffle_questions:
        rng.shuffle(chosen)
    return _localized(chosen, language)


def _snapshot_for_attempt(questions: list[Question], *, quiz: Quiz, rng: random.Random) -> list:
    snapshot = []
    for slot, question in enumerate(questions, start=1):
        data = question_snapshot(question)
        data["slot"] = slot
        always = data["type"] in {"matching", "ordering"}
        if always or (quiz.shuffle_choices and data.get("shuffle") and data["type"] != "truefalse"):
            data = grading.shuffle_question(data, rng)
        snapshot.append(data)
    return snapshot


def quiz_can_start(*, quiz: Quiz, user: User, now=None) -> str | None:
    """Why a new attempt cannot start now (a translated sentence), or None."""
    now = now or timezone.now()
    if quiz.opens_at and now < quiz.opens_at:
        return _("This quiz is not open yet.")
    if quiz.closes_at and now > quiz.closes_at:
        return _("This quiz is closed.")
    finished = Attempt.objects.filter(user=user, quiz_key=quiz.translation_key).exclude(
        state=Attempt.State.OPEN
    )
    if quiz.max_attempts and finished.count() >= quiz.max_attempts:
        return _("You have used all your attempts.")
    last = finished.order_by("-submitted_at").first()
    if quiz.min_delay_minutes and last and last.submitted_at:
        ready_at = last.submitted_at + timedelta(minutes=quiz.min_delay_minutes)
        if now < ready_at:
            return _("You can try again after %(time)s.") % {
                "time": timezone.localtime(ready_at).strftime("%H:%M")
            }
    return None


@transaction.atomic
def attempt_start(
    *, quiz: Quiz, user: User, context: ActivityContext | None = None, seed: int | None = None
) -> Attempt:
    """Start an attempt, or return the open one (a second device resumes it).

    Raises AttemptError when the rules forbid a new attempt."""
    context = context or ActivityContext()
    open_attempt = Attempt.objects.filter(
        user=user, quiz_key=quiz.translation_key, state=Attempt.State.OPEN
    ).first()
    if open_attempt is not None:
        return attempt_close_if_overdue(attempt=open_attempt)
    reason = quiz_can_start(quiz=quiz, user=user)
    if reason:
        raise AttemptError(reason)
    rng = random.Random(seed)  # noqa: S311 - shuffling questions, not cryptography
    language = (get_language() or "es")[:2]
    questions = quiz_draw_questions(quiz=quiz, rng=rng, language=language)
    if not questions:
        raise AttemptError(_("This quiz has no questions yet."))
    number = Attempt.objects.filter(user=user, quiz_key=quiz.translation_key).count() + 1
    deadline = None
    if quiz.time_limit_minutes:
        deadline = timezone.now() + timedelta(minutes=quiz.time_limit_minutes)
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                user=user,
                quiz=quiz,
                quiz_key=quiz.translation_key,
                lesson_key=context.lesson_key,
                activity_key=context.activity_key,
                number=number,
                language=language,
                deadline=deadline,
                questions=_snapshot_for_attempt(questions, quiz=quiz, rng=rng),
            )
    except IntegrityError:
        # Another device started one at the same moment: resume that one.
        return Attempt.objects.get(
            user=user, quiz_key=quiz.translation_key, state=Attempt.State.OPEN
        )


def _hard_deadline(attempt: Attempt, quiz: Quiz):
    if attempt.deadline is None:
        return None
    return attempt.deadline + timedelta(seconds=quiz.grace_seconds)


def attempt_autosave(*, attempt: Attempt, answers: dict) -> Attempt:
    """Save answers of an open attempt (merged into what was saved before).

    Raises AttemptExpired after the deadline (the attempt is then closed with the answers saved
    in time), grading.InvalidResponse for answers that do not fit their question (e.g. an
    option of another question), AttemptError when it is already finished."""
    saved = _autosave(attempt=attempt, answers=answers)
    if saved is None:
        attempt_submit(attempt=attempt)
        raise AttemptExpired(
            _("Time is up: your attempt was submitted with the answers saved in time.")
        )
    return saved


@transaction.atomic
def _autosave(*, attempt: Attempt, answers: dict) -> Attempt | None:
    attempt = Attempt.objects.select_for_update().select_related("quiz").get(pk=attempt.pk)
    if not attempt.is_open:
        raise AttemptError(_("This attempt is already finished."))
    hard = _hard_deadline(attempt, attempt.quiz)
    if hard and timezone.now() > hard:
        return None
    by_qid = {q["qid"]: q for q in attempt.questions}
    cleaned = dict(attempt.answers)
    for qid, response in answers.items():
        if qid not in by_qid:
            raise grading.InvalidResponse(_("This question is not part of your attempt."))
        cleaned[qid] = grading.validate_response(by_qid[qid], response)
    attempt.answers = cleaned
    attempt.answers_saved_at = timezone.now()
    attempt.save(update_fields=["answers", "answers_saved_at"])
    return attempt


@transaction.atomic
def attempt_submit(*, attempt: Attempt, answers: dict | None = None) -> Attempt:
    """Grade and close an open attempt. Idempotent: a closed attempt is returned unchanged.

    Answers sent with the submit count only before the deadline (plus grace); an overdue
    attempt closes with what was saved in time."""
    attempt = Attempt.objects.select_for_update().select_related("quiz").get(pk=attempt.pk)
    if not attempt.is_open:
        return attempt
    hard = _hard_deadline(attempt, attempt.quiz)
    if answers and not (hard and timezone.now() > hard):
        by_qid = {q["qid"]: q for q in attempt.questions}
        merged = dict(attempt.answers)
        for qid, response in answers.items():
            if qid in by_qid:
                merged[qid] = grading.validate_response(by_qid[qid], response)
        attempt.answers = merged
        attempt.answers_saved_at = timezone.now()
    return _finish(attempt)


def attempt_close_if_overdue(*, attempt: Attempt) -> Attempt:
    if attempt.is_open:
        hard = _hard_deadline(attempt, attempt.quiz)
        if hard and timezone.now() > hard:
            return attempt_submit(attempt=attempt)
    return attempt


def _percent(score: float, max_score: float) -> Decimal:
    if not max_score:
        return Decimal("0")
    return (Decimal(str(score)) * 100 / Decimal(str(max_score))).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def _grade_all(attempt: Attempt) -> None:
    results = {q["qid"]: grading.grade(q, attempt.answers.get(q["qid"])) for q in attempt.questions}
    attempt.grades = {
        qid: {"fraction": r.fraction, "state": r.state, "feedback": list(r.feedback)}
        for qid, r in results.items()
    }
    earned, maximum = grading.attempt_score(attempt.questions, results)
    attempt.score = Decimal(str(round(earned, 2)))
    attempt.max_score = Decimal(str(round(maximum, 2)))
    attempt.percent = _percent(earned, maximum)
    needs_grading = any(r.state == "needs_grading" for r in results.values())
    attempt.state = Attempt.State.NEEDS_GRADING if needs_grading else Attempt.State.GRADED
    attempt.passed = None if needs_grading else attempt.percent >= attempt.quiz.pass_mark


def _finish(attempt: Attempt) -> Attempt:
    _grade_all(attempt)
    attempt.submitted_at = timezone.now()
    attempt.save()
    summary_refresh(user=attempt.user, quiz=attempt.quiz)
    if attempt.passed:
        _report_progress(attempt)
    return attempt


def _report_progress(attempt: Attempt) -> None:
    """A passed quiz completes its lesson activity (through the courses extension point)."""
    if not attempt.lesson_key or not attempt.activity_key:
        return
    from courses.models import LessonPage
    from courses.services import ProgressError, activity_record_completion

    lesson = LessonPage.objects.live().filter(translation_key=attempt.lesson_key).first()
    if lesson is None:
        return
    # Not enrolled any more, or the activity left the lesson: the grade stands anyway.
    with contextlib.suppress(ProgressError):
        activity_record_completion(
            user=attempt.user,
            lesson=lesson,
            activity_key=attempt.activity_key,
            score=float(attempt.percent),
        )


@transaction.atomic
def summary_refresh(*, user: User, quiz: Quiz) -> QuizSummary:
    """Recompute the learner's counters on the quiz from the attempt rows."""
    finished = list(
        Attempt.objects.filter(user=user, quiz_key=quiz.translation_key, state=Attempt.State.GRADED)
        .order_by("number")
        .values_list("percent", "submitted_at")
    )
    summary, _created = QuizSummary.objects.select_for_update().get_or_create(
        user=user, quiz_key=quiz.translation_key
    )
    summary.attempt_count = (
        Attempt.objects.filter(user=user, quiz_key=quiz.translation_key)
        .exclude(state=Attempt.State.OPEN)
        .count()
    )
    percents = [p for p, _at in finished]
    summary.best_percent = max(percents) if percents else None
    method = quiz.grading_method
    if not percents:
        summary.final_percent = None
    elif method == Quiz.Grading.LAST:
        summary.final_percent = percents[-1]
    elif method == Quiz.Grading.FIRST:
        summary.final_percent = percents[0]
    elif method == Quiz.Grading.AVERAGE:
        summary.final_percent = (sum(percents) / len(percents)).quantize(Decimal("0.01"))
    else:
        summary.final_percent = max(percents)
    summary.passed = summary.final_percent is not None and summary.final_percent >= quiz.pass_mark
    summary.last_attempt_at = finished[-1][1] if finished else None
    summary.save()
    return summary


@transaction.atomic
def quiz_regrade_question(*, quiz: Quiz, question: Question, actor: User, reason: str = "") -> int:
    """After a question is corrected, re-grade the finished attempts that showed it: their
    snapshot's right answers and points are replaced by the corrected question's. Logged."""
    fresh = question_snapshot(question)
    versions = {
        version.locale.language_code: question_snapshot(version)
        for version in Question.objects.filter(translation_key=question.translation_key)
        .select_related("locale")
        .prefetch_related(
            "choices", "accepted_answers", "numerical_answers", "matching_pairs", "ordering_items"
        )
    }
    changed = 0
    users = set()
    for attempt in (
        Attempt.objects.select_for_update()
        .filter(quiz_key=quiz.translation_key)
        .exclude(state=Attempt.State.OPEN)
    ):
        touched = False
        for index, shown in enumerate(attempt.questions):
            if shown["qid"] == fresh["qid"]:
                # Each attempt is corrected with the question in the language it was taken in.
                correction = versions.get(attempt.language, fresh)
                attempt.questions[index] = _corrected(shown, correction)
                touched = True
        if touched:
            _grade_all(attempt)
            attempt.save()
            changed += 1
            users.add(attempt.user_id)
    for user in User.objects.filter(pk__in=users):
        summary_refresh(user=user, quiz=quiz)
    RegradeLog.objects.create(
        quiz_key=quiz.translation_key,
        question_qid=fresh["qid"],
        actor=actor,
        reason=reason,
        attempts_changed=changed,
    )
    return changed


def _corrected(shown: dict, fresh: dict) -> dict:
    """Keep what the learner saw (order, ids) and take the grading data from the correction."""
    corrected = dict(shown)
    corrected["points"] = fresh["points"]
    for key in ("answers", "numerical", "case_sensitive", "accent_sensitive", "order"):
        if key in fresh:
            corrected[key] = fresh[key]
    if "choices" in fresh:
        by_id = {c["id"]: c for c in fresh["choices"]}
        corrected["choices"] = [
            {**c, "fraction": by_id.get(c["id"], c)["fraction"]} for c in shown["choices"]
        ]
    return corrected


@transaction.atomic
def attempt_grade_essay(
    *, attempt: Attempt, qid: str, fraction: float, comment: str, grader: User
) -> Attempt:
    """A trainer grades an essay answer; once no answer waits, the attempt is graded.

    Raises AttemptError for a question that is not an essay waiting in this attempt."""
    attempt = Attempt.objects.select_for_update().select_related("quiz").get(pk=attempt.pk)
    question = next((q for q in attempt.questions if q["qid"] == qid), None)
    grade = attempt.grades.get(qid, {})
    if question is None or question["type"] != "essay" or grade.get("state") != "needs_grading":
        raise AttemptError(_("This answer is not waiting for grading."))
    fraction = min(1.0, max(0.0, float(fraction)))
    state = "correct" if fraction >= 1 else "partial" if fraction > 0 else "incorrect"
    attempt.grades[qid] = {
        "fraction": fraction,
        "state": state,
        "feedback": [comment] if comment else [],
        "graded_by": grader.pk,
    }
    earned = sum(
        (attempt.grades[q["qid"]].get("fraction") or 0) * q["points"] for q in attempt.questions
    )
    maximum = sum(q["points"] for q in attempt.questions)
    attempt.score = Decimal(str(round(earned, 2)))
    attempt.percent = _percent(earned, maximum)
    if not any(g.get("state") == "needs_grading" for g in attempt.grades.values()):
        attempt.state = Attempt.State.GRADED
        attempt.passed = attempt.percent >= attempt.quiz.pass_mark
    attempt.save()
    summary_refresh(user=attempt.user, quiz=attempt.quiz)
    if attempt.passed:
        _report_progress(attempt)
    return attempt
