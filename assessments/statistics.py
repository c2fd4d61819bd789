"""Quiz statistics for trainers, computed from the graded attempts of one quiz (Moodle's quiz
statistics report, reduced to what the trainers use).

Per quiz: attempts, learners, mean and median percent, the score distribution in ten bands.
Per question (by snapshot `qid`, so every language version counts together): times shown,
facility index (mean fraction obtained, in %), standard deviation of that fraction (in %),
discrimination index (correlation between the question's mark and the rest of the attempt's
mark, ×100) and the wrong answers chosen most often.

The database filters and sends only the needed columns; the JSON snapshots are read in one
pass over an iterator, keeping running sums (Welford) per question, so memory stays bounded by
the number of distinct questions and wrong answers, however many attempts there are."""

import html
import math
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from .models import Attempt

BANDS = 10
TOP_WRONG_ANSWERS = 5
CHUNK_SIZE = 500
# Variance below this is treated as none: the correlation would be noise.
EPSILON = 1e-12


@dataclass(frozen=True)
class Band:
    low: int
    high: int
    count: int

    @property
    def label(self) -> str:
        return f"{self.low}–{self.high}"


@dataclass(frozen=True)
class WrongAnswer:
    label: str  # learner-provided for typed answers: escape it wherever it is shown
    count: int


@dataclass(frozen=True)
class QuestionStats:
    qid: str
    slot: int
    type: str
    name: str
    text: str  # plain text (tags stripped): escape it wherever it is shown
    shown: int
    facility: float | None  # 0–100
    standard_deviation: float | None  # 0–100
    discrimination: float | None  # −100…100
    wrong_answers: list[WrongAnswer]


@dataclass(frozen=True)
class QuizStats:
    quiz_key: object
    attempts: int
    learners: int
    mean_percent: float | None
    median_percent: float | None
    distribution: list[Band]
    questions: list[QuestionStats]

    @property
    def max_band_count(self) -> int:
        return max((band.count for band in self.distribution), default=0)


def plain_text(value: str) -> str:
    """Question and choice texts are HTML: shown in tables and CSV as plain text."""
    return " ".join(html.unescape(strip_tags(value or "")).split())


def normalise_answer(value: str) -> str:
    """A typed answer as the grader compares it: trimmed, inner spaces collapsed, case folded."""
    return " ".join(str(value).split()).casefold()


@dataclass
class _Running:
    """Running statistics of one question: Welford's co-moments of (fraction, rest of score)."""

    slot: int = 0
    type: str = ""
    name: str = ""
    text: str = ""
    n: int = 0
    mean_x: float = 0.0
    mean_y: float = 0.0
    m2_x: float = 0.0
    m2_y: float = 0.0
    c_xy: float = 0.0
    choice_labels: dict = field(default_factory=dict)
    wrong: Counter = field(default_factory=Counter)

    def add(self, x: float, y: float) -> None:
        self.n += 1
        dx = x - self.mean_x
        self.mean_x += dx / self.n
        dy = y - self.mean_y
        self.mean_y += dy / self.n
        self.m2_x += dx * (x - self.mean_x)
        self.m2_y += dy * (y - self.mean_y)
        self.c_xy += dx * (y - self.mean_y)

    def result(self, qid: str) -> QuestionStats:
        facility = 100 * self.mean_x if self.n else None
        deviation = 100 * math.sqrt(self.m2_x / (self.n - 1)) if self.n > 1 else None
        discrimination = None
        if self.n > 1 and self.m2_x > EPSILON and self.m2_y > EPSILON:
            discrimination = 100 * self.c_xy / math.sqrt(self.m2_x * self.m2_y)
        wrong = sorted(self.wrong.items(), key=lambda item: (-item[1], item[0]))
        return QuestionStats(
            qid=qid,
            slot=self.slot,
            type=self.type,
            name=self.name,
            text=self.text,
            shown=self.n,
            facility=facility,
            standard_deviation=deviation,
            discrimination=discrimination,
            wrong_answers=[
                WrongAnswer(label=self._label(key), count=count)
                for key, count in wrong[:TOP_WRONG_ANSWERS]
            ],
        )

    def _label(self, key: str) -> str:
        if self.type in {"single", "multiple", "truefalse"}:
            return self.choice_labels.get(key) or key
        return key


def _fraction(grade) -> float:
    """An unanswered or ungraded question counts as 0 (as in Moodle)."""
    if isinstance(grade, dict) and grade.get("fraction") is not None:
        return float(grade["fraction"])
    return 0.0


def _choice_label(question: dict, choice: dict) -> str:
    if question["type"] == "truefalse":
        return _("True") if choice["id"] == "true" else _("False")
    return plain_text(choice.get("text", ""))


def _wrong_keys(question: dict, response, fraction: float) -> list[str]:
    """What the learner gave in a response that did not earn full credit."""
    if fraction >= 1 or not isinstance(response, dict):
        return []
    kind = question["type"]
    if kind in {"single", "truefalse"}:
        choice = response.get("choice")
        return [str(choice)] if choice else []
    if kind == "multiple":
        # The options chosen that give no credit of their own: a right option ticked alongside
        # a wrong one is not a wrong answer.
        credit = {c["id"]: float(c.get("fraction", 0)) for c in question.get("choices", [])}
        chosen = dict.fromkeys(str(c) for c in response.get("choices") or [])
        return [c for c in chosen if credit.get(c, 0) <= 0]
    if kind == "short":
        text = normalise_answer(response.get("text") or "")
        return [text] if text else []
    if kind == "numerical":
        value = " ".join(str(response.get("value") or "").split())
        return [value] if value else []
    return []


def _graded_attempts(*, quiz_key, first_attempts_only: bool):
    attempts = Attempt.objects.filter(
        quiz_key=quiz_key, state=Attempt.State.GRADED, percent__isnull=False
    )
    if first_attempts_only:
        attempts = attempts.filter(number=1)
    return attempts


def _median(attempts, count: int) -> float | None:
    """The median percent, read from the database in order (two rows at most)."""
    if not count:
        return None
    ordered = attempts.order_by("percent").values_list("percent", flat=True)
    middle = list(ordered[(count - 1) // 2 : count // 2 + 1])
    return float(sum(middle) / len(middle))


def _band(percent: Decimal) -> int:
    return min(max(int(percent // 10), 0), BANDS - 1)


def quiz_statistics(*, quiz_key, first_attempts_only: bool = False) -> QuizStats:
    """Statistics of the graded attempts of the quiz (all its languages together).

    Attempts waiting for a trainer are left out until they are graded. Questions come in the
    order they were first seen (the quiz order, unless questions are shuffled or drawn)."""
    attempts = _graded_attempts(quiz_key=quiz_key, first_attempts_only=first_attempts_only)
    totals = attempts.aggregate(
        attempts=Count("pk"), learners=Count("user", distinct=True), mean=Avg("percent")
    )
    bands = [0] * BANDS
    running: dict[str, _Running] = {}
    rows = attempts.order_by("pk").values_list("questions", "answers", "grades", "percent")
    for questions, answers, grades, percent in rows.iterator(chunk_size=CHUNK_SIZE):
        bands[_band(percent)] += 1
        answers, grades = answers or {}, grades or {}
        marks = {
            q["qid"]: _fraction(grades.get(q["qid"])) * float(q.get("points", 1)) for q in questions
        }
        total = sum(marks.values())
        for question in questions:
            qid = question["qid"]
            stats = running.get(qid)
            if stats is None:
                stats = running[qid] = _Running()
            # The latest snapshot seen names the question (a corrected text wins).
            stats.slot = int(question.get("slot") or 0)
            stats.type = question.get("type", "")
            stats.name = question.get("name", "")
            stats.text = plain_text(question.get("text", ""))
            for choice in question.get("choices", []):
                stats.choice_labels[choice["id"]] = _choice_label(question, choice)
            fraction = _fraction(grades.get(qid))
            stats.add(fraction, total - marks[qid])
            stats.wrong.update(_wrong_keys(question, answers.get(qid), fraction))
    mean = totals["mean"]
    return QuizStats(
        quiz_key=quiz_key,
        attempts=totals["attempts"],
        learners=totals["learners"],
        mean_percent=float(mean) if mean is not None else None,
        median_percent=_median(attempts, totals["attempts"]),
        distribution=[
            Band(low=10 * i, high=10 * (i + 1), count=count) for i, count in enumerate(bands)
        ],
        questions=[stats.result(qid) for qid, stats in running.items()],
    )
