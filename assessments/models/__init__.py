"""Question bank, quizzes and attempts.

Questions live in nested categories and are translated like snippets (one row per language,
sharing a translation_key). A quiz is a list of slots: fixed questions or random draws from a
category. An attempt freezes the questions it shows (text, choices, right answers, points) in a
snapshot when it starts, so later edits never change past grades; attempts are append-only and a
summary row per learner and quiz keeps the counters."""

from .attempts import Attempt, QuizSummary, RegradeLog
from .bank import (
    AcceptedAnswer,
    Choice,
    MatchingPair,
    NumericalAnswer,
    OrderingItem,
    Question,
    QuestionCategory,
    QuestionTag,
)
from .quizzes import Quiz, QuizSlot

__all__ = [
    "AcceptedAnswer",
    "Attempt",
    "Choice",
    "MatchingPair",
    "NumericalAnswer",
    "OrderingItem",
    "Question",
    "QuestionCategory",
    "QuestionTag",
    "Quiz",
    "QuizSlot",
    "QuizSummary",
    "RegradeLog",
]
