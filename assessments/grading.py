"""Grading engine: checks a learner's response against the question snapshot frozen into the
attempt and grades it (formats and rules: ASSESSMENTS_SPEC sections 2-4). Pure Python, no
database: services call it on autosave, submit and regrade, and store the results as JSON.

Moodle semantics: choices and accepted answers carry fractions in [-1, 1]; a question's fraction
is floored at 0 and capped at 1; among accepted answers the first that matches wins."""

import copy
import math
import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from django.utils.translation import gettext as _

MAX_TEXT_LENGTH = 5_000
MAX_NUMBER_LENGTH = 100
# Moodle's question_state::graded_state_for_fraction margins: three choices worth 0.3333333
# each are full credit, not "partial" at 99.99999 %.
FRACTION_MARGIN = 1e-6
# Decimal input meets binary floats: 0.4 must stay inside 0.3 ± 0.1.
RELATIVE_EPSILON = 1e-9

State = Literal["correct", "partial", "incorrect", "unanswered", "invalid", "needs_grading"]


@dataclass(frozen=True)
class GradeResult:
    fraction: float | None
    state: State
    feedback: list[str] = field(default_factory=list)


class InvalidResponse(Exception):
    """A response that does not fit its question: wrong shape for the type, ids the question
    does not have, or an absurd size. The message is translated and may be shown as is."""


# Validation ---------------------------------------------------------------------------------


def _wrong_shape() -> InvalidResponse:
    return InvalidResponse(_("This answer does not have the form its question expects."))


def _unknown_id() -> InvalidResponse:
    return InvalidResponse(_("This answer refers to an option that is not part of the question."))


def _too_many() -> InvalidResponse:
    return InvalidResponse(_("This answer gives more options than the question has."))


def _too_long(limit: int) -> InvalidResponse:
    return InvalidResponse(
        _("This answer is too long: %(limit)d characters at most.") % {"limit": limit}
    )


def _ids(entries: list[dict] | None) -> list[str]:
    return [entry["id"] for entry in entries or []]


def _only(response: dict, key: str) -> object:
    if set(response) != {key}:
        raise _wrong_shape()
    return response[key]


def _validate_choice(question: dict, response: dict) -> dict:
    choice = _only(response, "choice")
    if choice is None or choice == "":
        return {}
    if not isinstance(choice, str):
        raise _wrong_shape()
    if choice not in _ids(question.get("choices")):
        raise _unknown_id()
    return {"choice": choice}


def _validate_choices(question: dict, response: dict) -> dict:
    chosen = _only(response, "choices")
    if not isinstance(chosen, list):
        raise _wrong_shape()
    known = set(_ids(question.get("choices")))
    if len(chosen) > len(known):
        raise _too_many()
    if not all(isinstance(choice, str) for choice in chosen):
        raise _wrong_shape()
    if not known.issuperset(chosen):
        raise _unknown_id()
    return {"choices": list(dict.fromkeys(chosen))} if chosen else {}


def _validate_text(question: dict, response: dict) -> dict:
    text = _only(response, "text")
    if text is None:
        return {}
    if not isinstance(text, str):
        raise _wrong_shape()
    # Browsers count a line break as one character against maxlength but submit it as CRLF.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_TEXT_LENGTH:
        raise _too_long(MAX_TEXT_LENGTH)
    return {"text": text} if text.strip() else {}


def _validate_number(question: dict, response: dict) -> dict:
    value = _only(response, "value")
    if value is None:
        return {}
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise _wrong_shape()
    if len(value) > MAX_NUMBER_LENGTH:
        raise _too_long(MAX_NUMBER_LENGTH)
    # Kept as typed: an unparsable number is graded "invalid", and the review shows what it was.
    return {"value": value} if value.strip() else {}


def _validate_pairs(question: dict, response: dict) -> dict:
    given = _only(response, "pairs")
    if not isinstance(given, dict):
        raise _wrong_shape()
    pair_ids, right_ids = set(_ids(question.get("pairs"))), set(_ids(question.get("rights")))
    if len(given) > len(pair_ids):
        raise _too_many()
    pairs = {}
    for pair_id, right_id in given.items():
        if not isinstance(pair_id, str) or not (right_id is None or isinstance(right_id, str)):
            raise _wrong_shape()
        if not right_id:
            continue
        if pair_id not in pair_ids or right_id not in right_ids:
            raise _unknown_id()
        pairs[pair_id] = right_id
    return {"pairs": pairs} if pairs else {}


def _validate_order(question: dict, response: dict) -> dict:
    order = _only(response, "order")
    if not isinstance(order, list):
        raise _wrong_shape()
    items = _ids(question.get("items"))
    if len(order) > len(items):
        raise _too_many()
    if not all(isinstance(item, str) for item in order) or len(set(order)) != len(order):
        raise _wrong_shape()
    if not set(items).issuperset(order):
        raise _unknown_id()
    if not order:
        return {}
    # Items left out follow in display order, which is how the attempt page shows them.
    given = set(order)
    return {"order": [*order, *(item for item in items if item not in given)]}


_VALIDATORS: dict[str, Callable[[dict, dict], dict]] = {
    "single": _validate_choice,
    "truefalse": _validate_choice,
    "multiple": _validate_choices,
    "short": _validate_text,
    "essay": _validate_text,
    "numerical": _validate_number,
    "matching": _validate_pairs,
    "ordering": _validate_order,
}


def validate_response(question: dict, response: dict) -> dict:
    """The response in normal form ({} when it says nothing, i.e. unanswered): duplicate
    choices dropped, empty matches dropped, an ordering completed, line breaks as LF.

    Raises InvalidResponse when the shape is wrong for the question's type, when it names ids
    the question does not have (another question's option) or when its size is absurd."""
    if response is None:
        return {}
    if not isinstance(response, dict):
        raise _wrong_shape()
    validator = _VALIDATORS.get(question.get("type"))
    if validator is None:
        raise InvalidResponse(_("This type of question cannot be answered here."))
    return validator(question, response) if response else {}


# Grading ------------------------------------------------------------------------------------


def _graded(fraction: float, feedback: list[str] | None = None) -> GradeResult:
    fraction = min(max(fraction, 0.0), 1.0)
    feedback = [line for line in feedback or [] if line]
    if fraction > 1 - FRACTION_MARGIN:
        return GradeResult(1.0, "correct", feedback)
    if fraction < FRACTION_MARGIN:
        return GradeResult(0.0, "incorrect", feedback)
    return GradeResult(fraction, "partial", feedback)


def _grade_single(question: dict, response: dict) -> GradeResult:
    choice = next(c for c in question["choices"] if c["id"] == response["choice"])
    return _graded(float(choice["fraction"]), [choice.get("feedback", "")])


def _grade_truefalse(question: dict, response: dict) -> GradeResult:
    choice = next(c for c in question["choices"] if c["id"] == response["choice"])
    right = float(choice["fraction"]) > 1 - FRACTION_MARGIN
    return _graded(1.0 if right else 0.0, [choice.get("feedback", "")])


def _grade_multiple(question: dict, response: dict) -> GradeResult:
    chosen = set(response["choices"])
    picked = [c for c in question["choices"] if c["id"] in chosen]
    return _graded(
        sum(float(c["fraction"]) for c in picked), [c.get("feedback", "") for c in picked]
    )


def _normalise_text(text: str, *, case_sensitive: bool, accent_sensitive: bool) -> str:
    if not case_sensitive:
        text = text.casefold()
    text = unicodedata.normalize("NFKD", text)
    if not accent_sensitive:
        text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(unicodedata.normalize("NFC", text).split())


_WILDCARD = re.compile(r"(\\\*|\*)")


def _matches(accepted: str, text: str) -> bool:
    """`*` matches any run of characters, `\\*` is a literal asterisk (as in Moodle), all else
    is literal. Each middle segment sits in an atomic group that commits to its leftmost
    occurrence (always the best choice for a glob): a plain `a.*a.*b` regex backtracks
    polynomially, and the learner controls up to 5,000 characters of `text`."""
    segments, current = [], ""
    for piece in _WILDCARD.split(accepted):
        if piece == "*":
            segments.append(current)
            current = ""
        else:
            current += "*" if piece == "\\*" else piece
    segments.append(current)
    if len(segments) == 1:
        return text == segments[0]
    first, *middle, last = (re.escape(segment) for segment in segments)
    body = "".join(f"(?>.*?{segment})" for segment in middle if segment)
    return re.fullmatch(f"{first}{body}.*{last}", text) is not None


def _grade_short(question: dict, response: dict) -> GradeResult:
    flags = {
        "case_sensitive": bool(question.get("case_sensitive", False)),
        "accent_sensitive": bool(question.get("accent_sensitive", False)),
    }
    text = _normalise_text(response["text"], **flags)
    for answer in question.get("answers", []):
        if _matches(_normalise_text(answer["text"], **flags), text):
            return _graded(float(answer["fraction"]), [answer.get("feedback", "")])
    return _graded(0.0)


_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?", re.ASCII | re.IGNORECASE)


def _parse_number(raw: str) -> float | None:
    """A number as a person types it: comma or dot decimal, spaces (also the narrow no-break
    space French uses between thousands) ignored. None when it is not a plain finite number
    (float() alone would accept "nan", "inf" and "1_000")."""
    text = "".join(unicodedata.normalize("NFKC", raw).replace("\u2212", "-").split())
    text = text.replace(",", ".")
    if not _NUMBER.fullmatch(text):
        return None
    number = float(text)
    return number if math.isfinite(number) else None


def _within(number: float, answer: dict) -> bool:
    value = float(answer["value"])
    tolerance = abs(float(answer.get("tolerance") or 0))
    scale = max(abs(number), abs(value), tolerance)
    return abs(number - value) <= tolerance + RELATIVE_EPSILON * scale


def _grade_numerical(question: dict, response: dict) -> GradeResult:
    number = _parse_number(response["value"])
    if number is None:
        return GradeResult(0.0, "invalid")
    for answer in question.get("numerical", []):
        if _within(number, answer):
            return _graded(float(answer["fraction"]), [answer.get("feedback", "")])
    return _graded(0.0)


def _grade_matching(question: dict, response: dict) -> GradeResult:
    stems = [pair for pair in question.get("pairs", []) if str(pair.get("left", "")).strip()]
    if not stems:
        return _graded(0.0)
    given = response["pairs"]
    right = sum(1 for pair in stems if given.get(pair["id"]) == pair["right_id"])
    return _graded(right / len(stems))


def _grade_ordering(question: dict, response: dict) -> GradeResult:
    correct = question.get("order", [])
    if not correct:
        return _graded(0.0)
    placed = sum(
        1 for given, right in zip(response["order"], correct, strict=False) if given == right
    )
    return _graded(placed / len(correct))


def _grade_essay(question: dict, response: dict) -> GradeResult:
    return GradeResult(None, "needs_grading")


_GRADERS: dict[str, Callable[[dict, dict], GradeResult]] = {
    "single": _grade_single,
    "truefalse": _grade_truefalse,
    "multiple": _grade_multiple,
    "short": _grade_short,
    "numerical": _grade_numerical,
    "matching": _grade_matching,
    "ordering": _grade_ordering,
    "essay": _grade_essay,
}


def grade(question: dict, response: dict | None) -> GradeResult:
    """Grade one response against its snapshot question. A missing or empty response is
    "unanswered" (fraction 0); one that fails validation is "invalid" (fraction 0); an answered
    essay "needs_grading" (fraction None).

    Raises ValueError for a snapshot of an unknown type (a bug, not a learner's doing)."""
    grader = _GRADERS.get(question.get("type"))
    if grader is None:
        raise ValueError(f"Unknown question type: {question.get('type')!r}")
    try:
        response = validate_response(question, response)
    except InvalidResponse:
        return GradeResult(0.0, "invalid")
    if not response:
        return GradeResult(0.0, "unanswered")
    return grader(question, response)


def attempt_score(questions: list[dict], grades: dict[str, GradeResult]) -> tuple[float, float]:
    """(earned points, maximum points). An essay waiting for a trainer, or a question with no
    grade, earns 0 but its points count in the maximum."""
    earned = maximum = 0.0
    for question in questions:
        points = float(question.get("points", 1))
        maximum += points
        result = grades.get(question["qid"])
        if result is not None and result.fraction is not None:
            earned += result.fraction * points
    return earned, maximum


_SHUFFLED_KEY = {
    "single": "choices",
    "multiple": "choices",
    "matching": "rights",
    "ordering": "items",
}


def shuffle_question(question: dict, rng: random.Random) -> dict:
    """A copy with the choices (single, multiple), the right-hand options (matching) or the
    items (ordering) in a random order; the input is never changed. True/false keeps its order.
    Ids stay stable, so grading is unaffected."""
    shuffled = copy.deepcopy(question)
    entries = shuffled.get(_SHUFFLED_KEY.get(question.get("type"), ""))
    if not entries:
        return shuffled
    rng.shuffle(entries)
    if question["type"] == "ordering" and _ids(entries) == list(question.get("order", [])):
        # Shown already in the right order, the question would give its points away.
        entries.append(entries.pop(0))
    return shuffled
