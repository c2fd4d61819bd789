from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, TranslatableMixin

from .bank import Question, QuestionCategory

REVIEW_TIMES = ("during", "immediately", "open", "closed")
REVIEW_ITEMS = ("score", "correctness", "feedback", "right_answers")


def _review_fields():
    labels_time = {
        "during": _("during the attempt"),
        "immediately": _("immediately after"),
        "open": _("later, while the quiz is open"),
        "closed": _("after the quiz closes"),
    }
    labels_item = {
        "score": _("score"),
        "correctness": _("right or wrong"),
        "feedback": _("feedback"),
        "right_answers": _("right answers"),
    }
    fields = {}
    for when in REVIEW_TIMES:
        for item in REVIEW_ITEMS:
            # Nothing during the attempt; right answers only once the quiz has closed, so that
            # a retake is not a copy of the previous review.
            default = when != "during" and (item != "right_answers" or when == "closed")
            fields[f"review_{when}_{item}"] = models.BooleanField(
                labels_item[item], default=default, help_text=labels_time[when]
            )
    return fields


class Quiz(TranslatableMixin, ClusterableModel):
    class Grading(models.TextChoices):
        HIGHEST = "highest", _("Highest grade")
        LAST = "last", _("Last attempt")
        AVERAGE = "average", _("Average of the attempts")
        FIRST = "first", _("First attempt")

    title = models.CharField(_("title"), max_length=255)
    introduction = models.TextField(_("introduction"), blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=[MaxValueValidator(100)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("maximum attempts"), default=0, help_text=_("0 means unlimited.")
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    grace_seconds = models.PositiveSmallIntegerField(
        _("grace period (seconds)"),
        default=30,
        validators=[MaxValueValidator(600)],
        help_text=_("Answers sent this long after the time limit still count (slow connections)."),
    )
    min_delay_minutes = models.PositiveIntegerField(
        _("minimum delay between attempts (minutes)"), default=0
    )
    grading_method = models.CharField(
        _("grading method"), max_length=8, choices=Grading.choices, default=Grading.HIGHEST
    )
    shuffle_questions = models.BooleanField(_("shuffle the questions"), default=False)
    shuffle_choices = models.BooleanField(_("shuffle the choices"), default=True)
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    locals().update(_review_fields())

    panels = [
        FieldPanel("title"),
        FieldPanel("introduction"),
        InlinePanel("slots", heading=_("Questions"), min_num=1),
        MultiFieldPanel(
            [
                FieldPanel("pass_mark"),
                FieldPanel("max_attempts"),
                FieldPanel("grading_method"),
                FieldPanel("time_limit_minutes"),
                FieldPanel("grace_seconds"),
                FieldPanel("min_delay_minutes"),
                FieldPanel("shuffle_questions"),
                FieldPanel("shuffle_choices"),
                FieldPanel("opens_at"),
                FieldPanel("closes_at"),
            ],
            heading=_("Rules"),
        ),
        *(
            FieldRowPanel(
                [FieldPanel(f"review_{when}_{item}") for item in REVIEW_ITEMS],
                heading=str(_("Review options")) + f" — {when}",
            )
            for when in REVIEW_TIMES
        ),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self) -> str:
        return self.title

    @property
    def key(self):
        return self.translation_key

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The quiz must close after it opens.")})

    def review_allows(self, when: str, item: str) -> bool:
        return bool(getattr(self, f"review_{when}_{item}"))


class QuizSlot(Orderable):
    """One place in the quiz: a fixed question, or N questions drawn at random from a category."""

    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="slots")
    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    random_category = models.ForeignKey(
        QuestionCategory,
        verbose_name=_("or draw at random from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    random_count = models.PositiveSmallIntegerField(_("how many"), default=1)
    include_subcategories = models.BooleanField(_("include subcategories"), default=True)

    panels = [
        FieldPanel("question"),
        FieldRowPanel(
            [
                FieldPanel("random_category"),
                FieldPanel("random_count"),
                FieldPanel("include_subcategories"),
            ]
        ),
    ]

    class Meta(Orderable.Meta):
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(question__isnull=False, random_category__isnull=True)
                    | models.Q(question__isnull=True, random_category__isnull=False)
                ),
                name="assessments_slot_question_or_random",
            )
        ]

    def __str__(self) -> str:
        return str(self.question or self.random_category)

    def clean(self):
        if bool(self.question_id) == bool(self.random_category_id):
            raise ValidationError(_("Choose a question or a category to draw from, not both."))
