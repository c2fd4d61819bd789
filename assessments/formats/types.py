"""What the importers return: bank questions (ASSESSMENTS_SPEC §1) and what they left out, and why.

The checks here mirror `assessments.validation` and the model validators, so that a question the
importer accepts can also be saved.
"""

import math
import re
from dataclasses import dataclass, field
from typing import Literal, NotRequired, TypedDict

from django.utils.translation import gettext as _

QuestionType = Literal[
    "single", "multiple", "truefalse", "short", "numerical", "matching", "ordering", "essay"
]
TextFormat = Literal["html", "plain", "markdown", "moodle"]

DEFAULT_PENALTY = 0.3333333
MAX_POINTS = 9999.99  # Question.points: max_digits=6, decimal_places=2
MAX_NAME_LENGTH = 255
MAX_SHORT_TEXT_LENGTH = 255  # accepted answers, matching answers, ordering items


class Choice(TypedDict):
    text: str
    fraction: float
    feedback: str


class NumericalAnswer(TypedDict):
    value: float
    tolerance: float
    fraction: float
    feedback: str


class EmbeddedFile(TypedDict):
    name: str
    path: str
    data: str  # base64


class ParsedQuestion(TypedDict):
    type: QuestionType
    name: str
    text: str
    text_format: TextFormat
    general_feedback: str
    points: float
    penalty: float
    category: list[str]
    category_info: str
    tags: list[str]
    shuffle: bool
    files: list[EmbeddedFile]
    choices: NotRequired[list[Choice]]
    single: NotRequired[bool]
    truefalse: NotRequired[dict]
    short: NotRequired[dict]
    numerical: NotRequired[dict]
    matching: NotRequired[dict]
    ordering: NotRequired[dict]
    essay: NotRequired[dict]


@dataclass(frozen=True)
class SkippedQuestion:
    """A question of the file that was not imported.

    `index` is the 1-based position of the question in the file, category markers not counted;
    0 when the whole file was refused.
    """

    index: int
    name: str
    reason: str


@dataclass
class ParseResult:
    questions: list[dict] = field(default_factory=list)
    skipped: list[SkippedQuestion] = field(default_factory=list)
    categories: list[dict] = field(default_factory=list)  # [{"path": [...], "info": str}]

    def add_category(self, path: list[str], info: str) -> None:
        """Record a category the file declares; a later non-empty description of it wins."""
        if not path:
            return
        for category in self.categories:
            if category["path"] == path:
                category["info"] = info or category["info"]
                return
        self.categories.append({"path": list(path), "info": info})


class QuestionRejected(Exception):
    """Raised while reading one question: it is skipped with `reason`, the rest goes on."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# --- building bank dicts ---------------------------------------------------------------


def new_question(
    kind: QuestionType,
    *,
    name: str = "",
    text: str = "",
    text_format: TextFormat = "html",
    general_feedback: str = "",
    points: float = 1.0,
    penalty: float = DEFAULT_PENALTY,
    category: list[str] | None = None,
    category_info: str = "",
    tags: list[str] | None = None,
    shuffle: bool = True,
    files: list[EmbeddedFile] | None = None,
) -> ParsedQuestion:
    return {
        "type": kind,
        "name": name.strip()[:MAX_NAME_LENGTH],
        "text": text,
        "text_format": text_format,
        "general_feedback": general_feedback,
        "points": points,
        "penalty": penalty,
        "category": list(category or []),
        "category_info": category_info,
        "tags": unique_tags(tags or []),
        "shuffle": shuffle,
        "files": list(files or []),
    }


def choice(text: str, fraction: float, feedback: str = "") -> Choice:
    return {"text": text, "fraction": fraction, "feedback": feedback}


def numerical_answer(
    value: float, tolerance: float, fraction: float, feedback: str = ""
) -> NumericalAnswer:
    return {"value": value, "tolerance": tolerance, "fraction": fraction, "feedback": feedback}


def unique_tags(tags: list[str]) -> list[str]:
    seen: list[str] = []
    for tag in tags:
        tag = tag.strip()
        if tag and tag not in seen:
            seen.append(tag)
    return seen


def fraction_from_percent(percent: float) -> float:
    """Moodle stores credits with 7 decimals; rounding keeps export → import stable."""
    return round(percent / 100, 7)


_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def parse_number(raw: str, *, what: str) -> float:
    """A plain decimal number (no inf/nan, no thousands separators), or QuestionRejected."""
    value = raw.strip()
    if not _NUMBER.fullmatch(value) or not math.isfinite(float(value)):
        raise QuestionRejected(
            _("“%(value)s” is not a number (%(field)s)") % {"value": raw.strip(), "field": what}
        )
    return float(value)


def split_category_path(raw: str) -> list[str]:
    """`$course$/top/A/B` → ["A", "B"]; "//" is a slash inside a name (Moodle's escaping)."""
    names = [part.replace("//", "/").strip() for part in re.split(r"(?<!/)/(?!/)", raw.strip())]
    names = [name for name in names if name]
    if names and re.fullmatch(r"\$[a-z]+\$", names[0]):
        names = names[1:]
        if names and names[0] == "top":
            names = names[1:]
    return names


def join_category_path(names: list[str]) -> str:
    return "/".join(["$course$", "top", *(name.replace("/", "//") for name in names)])


# --- checks -------------------------------------------------------------------------------

_FULL = 0.9999999


def _check_range(fractions: list[float], low: float, high: float) -> None:
    for fraction in fractions:
        if not low <= fraction <= high:
            raise QuestionRejected(
                _("a credit of %(value)s is outside the allowed range %(low)s to %(high)s")
                % {"value": f"{fraction:g}", "low": f"{low:g}", "high": f"{high:g}"}
            )


def _check_length(texts: list[str]) -> None:
    for text in texts:
        if len(text) > MAX_SHORT_TEXT_LENGTH:
            raise QuestionRejected(
                _("“%(text)s…” is longer than %(limit)s characters")
                % {"text": text[:40], "limit": MAX_SHORT_TEXT_LENGTH}
            )


def check_question(question: ParsedQuestion) -> ParsedQuestion:
    """Return the question unchanged, or raise QuestionRejected saying what makes it unusable."""
    if not 0 <= question["points"] <= MAX_POINTS:
        raise QuestionRejected(
            _("the mark %(value)s is outside the allowed range 0 to %(limit)s")
            % {"value": f"{question['points']:g}", "limit": MAX_POINTS}
        )
    kind = question["type"]
    if kind in {"single", "multiple"}:
        fractions = [c["fraction"] for c in question["choices"]]
        if len(fractions) < 2:
            raise QuestionRejected(_("a multiple choice question needs at least two choices"))
        _check_range(fractions, -1, 1)
        if kind == "single" and max(fractions) < _FULL:
            raise QuestionRejected(_("no choice gives full credit"))
        if kind == "multiple" and sum(f for f in fractions if f > 0) < 0.999:
            raise QuestionRejected(_("the positive credits of the choices add up to less than 1"))
    elif kind == "short":
        answers = question["short"]["answers"]
        if not answers:
            raise QuestionRejected(_("a short answer question needs an accepted answer"))
        _check_range([a["fraction"] for a in answers], 0, 1)
        _check_length([a["text"] for a in answers])
        if max(a["fraction"] for a in answers) < _FULL:
            raise QuestionRejected(_("no accepted answer gives full credit"))
    elif kind == "numerical":
        answers = question["numerical"]["answers"]
        if not answers:
            raise QuestionRejected(_("a numerical question needs an answer"))
        _check_range([a["fraction"] for a in answers], 0, 1)
        if max(a["fraction"] for a in answers) < _FULL:
            raise QuestionRejected(_("no numerical answer gives full credit"))
    elif kind == "matching":
        pairs = question["matching"]["pairs"]
        if len([p for p in pairs if p["left"]]) < 2:
            raise QuestionRejected(_("a matching question needs at least two pairs"))
        if any(not p["right"] for p in pairs):
            raise QuestionRejected(_("a matching item has no answer"))
        _check_length([p["right"] for p in pairs])
    elif kind == "ordering":
        items = question["ordering"]["items"]
        if len(items) < 2:
            raise QuestionRejected(_("an ordering question needs at least two items"))
        _check_length(items)
    return question
