"""Reads: quiz state for a learner, what a review may show, statistics live in statistics.py."""

from dataclasses import dataclass

from django.utils import timezone

from .models import Attempt, Quiz, QuizSummary


def quiz_passed(*, user, quiz_key) -> bool:
    return QuizSummary.objects.filter(user=user, quiz_key=quiz_key, passed=True).exists()


def attempt_for_user(*, user, attempt_id: int) -> Attempt | None:
    """The learner's own attempt, or None (another learner's id is a 404, never a 403)."""
    return Attempt.objects.select_related("quiz").filter(pk=attempt_id, user=user).first()


@dataclass(frozen=True)
class ReviewRules:
    score: bool
    correctness: bool
    feedback: bool
    right_answers: bool


def review_rules(*, attempt: Attempt, now=None) -> ReviewRules:
    """What the learner may see of an attempt now, from the quiz's review matrix (Moodle's:
    during, immediately after (2 minutes), later while open, after close)."""
    quiz = attempt.quiz
    now = now or timezone.now()
    if attempt.is_open:
        when = "during"
    elif quiz.closes_at and now > quiz.closes_at:
        when = "closed"
    elif attempt.submitted_at and now - attempt.submitted_at <= timezone.timedelta(minutes=2):
        when = "immediately"
    else:
        when = "open"
    return ReviewRules(
        **{item: quiz.review_allows(when, item) for item in ReviewRules.__dataclass_fields__}
    )


def quiz_learner_state(*, quiz: Quiz, user) -> dict:
    if not user.is_authenticated:
        return {"open_attempt": None, "summary": None, "attempts": []}
    attempts = list(
        Attempt.objects.filter(user=user, quiz_key=quiz.translation_key).order_by("number")
    )
    return {
        "open_attempt": next((a for a in attempts if a.is_open), None),
        "summary": QuizSummary.objects.filter(user=user, quiz_key=quiz.translation_key).first(),
        "attempts": [a for a in attempts if not a.is_open],
    }


def _public_question(question: dict, response: dict | None) -> dict:
    """What the page may show of a snapshot question: never fractions, right answers or
    feedback (those stay on the server until the review rules allow them)."""
    from django.utils.translation import gettext as _

    shown = {
        "qid": question["qid"],
        "slot": question["slot"],
        "type": question["type"],
        "text": question["text"],
        "points": question["points"],
        "response": response or {},
    }
    kind = question["type"]
    if kind in {"single", "multiple"}:
        shown["choices"] = [{"id": c["id"], "text": c["text"]} for c in question["choices"]]
    elif kind == "truefalse":
        shown["choices"] = [{"id": "true", "text": _("True")}, {"id": "false", "text": _("False")}]
    elif kind == "matching":
        shown["pairs"] = [{"id": p["id"], "left": p["left"]} for p in question["pairs"]]
        shown["rights"] = [{"id": r["id"], "text": r["text"]} for r in question["rights"]]
    elif kind == "ordering":
        items = {i["id"]: i for i in question["items"]}
        order = [i for i in (response or {}).get("order", []) if i in items]
        order += [i["id"] for i in question["items"] if i["id"] not in order]
        shown["items"] = [
            {"id": item_id, "text": items[item_id]["text"], "position": position}
            for position, item_id in enumerate(order, start=1)
        ]
    elif kind == "essay":
        shown["response_template"] = question.get("response_template", "")
    return shown


def questions_for_display(*, attempt: Attempt) -> list[dict]:
    return [_public_question(q, attempt.answers.get(q["qid"])) for q in attempt.questions]


def _right_answer_text(question: dict) -> list[str]:
    from django.utils.translation import gettext as _

    kind = question["type"]
    if kind in {"single", "multiple"}:
        return [c["text"] for c in question["choices"] if c["fraction"] > 0]
    if kind == "truefalse":
        right = next(c["id"] for c in question["choices"] if c["fraction"] >= 1)
        return [_("True") if right == "true" else _("False")]
    if kind == "short":
        return [a["text"] for a in question["answers"] if a["fraction"] >= 1][:1]
    if kind == "numerical":
        return [
            f"{a['value']:g} ± {a['tolerance']:g}" if a["tolerance"] else f"{a['value']:g}"
            for a in question["numerical"]
            if a["fraction"] >= 1
        ][:1]
    if kind == "matching":
        rights = {r["id"]: r["text"] for r in question["rights"]}
        return [f"{p['left']} → {rights.get(p['right_id'], '')}" for p in question["pairs"]]
    if kind == "ordering":
        items = {i["id"]: i["text"] for i in question["items"]}
        return [items[i] for i in question["order"]]
    return []


def questions_for_review(*, attempt: Attempt, rules: ReviewRules) -> list[dict]:
    reviewed = []
    for question in attempt.questions:
        shown = _public_question(question, attempt.answers.get(question["qid"]))
        grade = attempt.grades.get(question["qid"], {})
        fraction = grade.get("fraction")
        if rules.score:
            shown["earned"] = None if fraction is None else round(fraction * question["points"], 2)
        if rules.correctness:
            shown["state"] = grade.get("state")
        if rules.feedback:
            shown["feedback"] = [*grade.get("feedback", [])]
            shown["general_feedback"] = question.get("general_feedback", "")
        if rules.right_answers:
            shown["right_answers"] = _right_answer_text(question)
        reviewed.append(shown)
    return reviewed


# --- Quiz statistics: who may follow which quiz ----------------------------------------------
#
# The Secretariat follows every quiz. A course's trainers and its owner follow the quizzes of
# its lessons (quiz blocks, any language version of the quiz) and its final quiz. Nobody else:
# the statistics pool every learner, so the narrower roles (cohort trainers, focal points) do
# not see them.


def _quiz_ids_in_body(body) -> set[int]:
    raw = getattr(body, "raw_data", body) or []
    return {
        block["value"]["quiz"]
        for block in raw
        if block.get("type") == "quiz"
        and isinstance(block.get("value"), dict)
        and block["value"].get("quiz")
    }


@dataclass(frozen=True)
class _QuizAccess:
    every_quiz: bool  # the Secretariat
    quiz_keys: frozenset  # translation keys of the quizzes of the courses taught or owned
    course_keys: frozenset  # those courses: their learners' attempts are listed by name


def _quiz_access(*, user) -> _QuizAccess:
    """What the user may follow, worked out once per user object (so once per request)."""
    cached = getattr(user, "_campus_quiz_access", None)
    if cached is None:
        cached = _quiz_access_uncached(user=user)
        if user.is_authenticated:
            user._campus_quiz_access = cached
    return cached


def _quiz_access_uncached(*, user) -> _QuizAccess:
    from django.db.models import Q

    from accounts.selectors import user_is_secretariat
    from courses.models import CoursePage, LessonPage

    if not user.is_authenticated:
        return _QuizAccess(False, frozenset(), frozenset())
    if user_is_secretariat(user=user):
        return _QuizAccess(True, frozenset(), frozenset())
    course_keys = frozenset(
        CoursePage.objects.filter(Q(trainers=user) | Q(owner=user))
        .order_by()
        .values_list("translation_key", flat=True)
        .distinct()
    )
    if not course_keys:
        return _QuizAccess(False, frozenset(), frozenset())
    courses = list(
        CoursePage.objects.filter(translation_key__in=course_keys).values_list(
            "path", "final_quiz_id"
        )
    )
    quiz_ids = {final_quiz for _path, final_quiz in courses if final_quiz}
    in_courses = Q()
    for path, _final_quiz in courses:
        in_courses |= Q(path__startswith=path)
    for body in LessonPage.objects.filter(in_courses).values_list("body", flat=True):
        quiz_ids |= _quiz_ids_in_body(body)
    quiz_keys = frozenset(
        Quiz.objects.filter(pk__in=quiz_ids).values_list("translation_key", flat=True).distinct()
    )
    return _QuizAccess(False, quiz_keys, course_keys)


def _one_quiz_per_key(quizzes, *, language: str) -> list[Quiz]:
    """One quiz per translation key, in `language` where translated, sorted by title."""
    chosen: dict = {}
    for quiz in quizzes:
        current = chosen.get(quiz.translation_key)
        if current is None or (
            quiz.locale.language_code == language and current.locale.language_code != language
        ):
            chosen[quiz.translation_key] = quiz
    return sorted(chosen.values(), key=lambda quiz: quiz.title.casefold())


def quizzes_user_may_follow(*, user, language: str | None = None) -> list[Quiz]:
    """The quizzes whose statistics the user may read, one per translation key."""
    from django.utils.translation import get_language

    access = _quiz_access(user=user)
    quizzes = Quiz.objects.select_related("locale")
    if not access.every_quiz:
        if not access.quiz_keys:
            return []
        quizzes = quizzes.filter(translation_key__in=access.quiz_keys)
    return _one_quiz_per_key(quizzes, language=language or get_language())


def user_follows_any_quiz(*, user) -> bool:
    access = _quiz_access(user=user)
    return Quiz.objects.exists() if access.every_quiz else bool(access.quiz_keys)


def user_may_follow_quiz(*, user, quiz: Quiz) -> bool:
    access = _quiz_access(user=user)
    return access.every_quiz or quiz.translation_key in access.quiz_keys


def followed_quiz(*, user, quiz_key, language: str | None = None) -> Quiz | None:
    """The quiz with this translation key (in `language` where translated) if the user may
    follow it, else None."""
    from django.utils.translation import get_language

    quizzes = Quiz.objects.filter(translation_key=quiz_key).select_related("locale")
    found = _one_quiz_per_key(quizzes, language=language or get_language())
    if not found or not user_may_follow_quiz(user=user, quiz=found[0]):
        return None
    return found[0]


def quiz_attempt_counts(*, quiz_keys) -> dict:
    """Per quiz key: finished attempts, graded attempts and learners."""
    from django.db.models import Count, Q

    rows = (
        Attempt.objects.filter(quiz_key__in=list(quiz_keys))
        .exclude(state=Attempt.State.OPEN)
        .order_by()
        .values("quiz_key")
        .annotate(
            finished=Count("pk"),
            graded=Count("pk", filter=Q(state=Attempt.State.GRADED)),
            learners=Count("user", distinct=True),
        )
    )
    return {row["quiz_key"]: row for row in rows}


def quiz_attempts_user_may_list(*, user, quiz: Quiz):
    """The finished attempts of the quiz whose learners the user may see by name: all for the
    Secretariat; for a course's trainers and owner, those of the learners enrolled in their
    courses (a quiz shared by several courses does not reveal the other courses' learners)."""
    from courses.models import Enrolment

    attempts = Attempt.objects.filter(quiz_key=quiz.translation_key).exclude(
        state=Attempt.State.OPEN
    )
    access = _quiz_access(user=user)
    if access.every_quiz:
        return attempts
    if quiz.translation_key not in access.quiz_keys:
        return attempts.none()
    learners = Enrolment.objects.filter(course_key__in=access.course_keys).values("user_id")
    return attempts.filter(user_id__in=learners)
