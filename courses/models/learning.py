import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Country


class Cohort(models.Model):
    """A group of learners taking a (usually restricted) course together."""

    name = models.CharField(_("name"), max_length=200)
    course_key = models.UUIDField(_("course"), db_index=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("trainers"), blank=True, related_name="cohorts"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="courses_cohort_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name


def _invitation_token() -> str:
    return secrets.token_urlsafe(24)


class CohortInvitation(models.Model):
    """An email invited to a cohort that had no account yet: it enrols on sign-up."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    token = models.CharField(max_length=64, unique=True, default=_invitation_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cohort", "email"], name="courses_invitation_unique")
        ]

    def __str__(self) -> str:
        return self.email


class Enrolment(models.Model):
    class Source(models.TextChoices):
        SELF = "self", _("Self-enrolled")
        COHORT = "cohort", _("Cohort")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    course_key = models.UUIDField(db_index=True)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.SELF)
    cohort = models.ForeignKey(
        Cohort, null=True, blank=True, on_delete=models.SET_NULL, related_name="enrolments"
    )
    enrolled_at = models.DateTimeField(auto_now_add=True)
    left_at = models.DateTimeField(null=True, blank=True)
    last_lesson_key = models.UUIDField(null=True, blank=True)
    last_activity_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "course_key"], name="courses_enrolment_unique")
        ]
        indexes = [models.Index(fields=["course_key", "last_activity_at"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.course_key}"

    @property
    def is_active(self) -> bool:
        return self.left_at is None


class LessonCompletion(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_completions"
    )
    course_key = models.UUIDField()
    lesson_key = models.UUIDField()
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson_key"], name="courses_lesson_done_once")
        ]
        indexes = [models.Index(fields=["user", "course_key"])]

    def __str__(self) -> str:
        return f"{self.user_id}: lesson {self.lesson_key}"


class ActivityCompletion(models.Model):
    """An activity inside a lesson (quiz, H5P…) reported complete for a learner."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activity_completions"
    )
    course_key = models.UUIDField()
    lesson_key = models.UUIDField()
    activity_key = models.CharField(max_length=100)
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson_key", "activity_key"], name="courses_activity_done_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.activity_key}"


class CourseCompletion(models.Model):
    """The outcome "this learner completed this course", recorded exactly once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_completions"
    )
    course_key = models.UUIDField(db_index=True)
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "course_key"], name="courses_course_done_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: course {self.course_key}"


class Reflection(models.Model):
    """A learner's private answer to a reflection prompt; nobody else reads it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflections"
    )
    course_key = models.UUIDField()
    lesson_key = models.UUIDField()
    prompt_id = models.CharField(max_length=64)
    text = models.TextField(max_length=5000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson_key", "prompt_id"], name="courses_reflection_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: reflection {self.prompt_id}"
