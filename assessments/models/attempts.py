from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .quizzes import Quiz


class Attempt(models.Model):
    """One try at a quiz. Append-only: a new try is a new row; at most one open per learner."""

    class State(models.TextChoices):
        OPEN = "open", _("In progress")
        NEEDS_GRADING = "needs_grading", _("Waiting for a trainer")
        GRADED = "graded", _("Graded")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="attempts")
    quiz_key = models.UUIDField(db_index=True)
    lesson_key = models.UUIDField(null=True, blank=True)
    activity_key = models.CharField(max_length=100, blank=True)
    number = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=16, choices=State.choices, default=State.OPEN)
    language = models.CharField(max_length=8)
    started_at = models.DateTimeField(auto_now_add=True)
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    questions = models.JSONField(default=list)
    answers = models.JSONField(default=dict)
    answers_saved_at = models.DateTimeField(null=True, blank=True)
    grades = models.JSONField(default=dict)
    score = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True)

    class Meta:
        ordering = ["quiz_key", "user", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "quiz_key"],
                condition=Q(state="open"),
                name="assessments_one_open_attempt",
            ),
            models.UniqueConstraint(
                fields=["user", "quiz_key", "number"], name="assessments_attempt_number_unique"
            ),
        ]
        indexes = [models.Index(fields=["quiz_key", "state"])]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.quiz_key} #{self.number}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class QuizSummary(models.Model):
    """Counters of a learner on a quiz, kept with the attempts: count, best, final grade."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_summaries"
    )
    quiz_key = models.UUIDField()
    attempt_count = models.PositiveSmallIntegerField(default=0)
    best_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    final_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    passed = models.BooleanField(default=False)
    last_attempt_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "quiz_key"], name="assessments_summary_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.quiz_key}"


class RegradeLog(models.Model):
    quiz_key = models.UUIDField()
    question_qid = models.CharField(max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    attempts_changed = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"regrade {self.question_qid} ({self.created_at:%Y-%m-%d})"
