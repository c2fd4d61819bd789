import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index

QUESTION_TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol", "image"]
FRACTION_VALIDATORS = [MinValueValidator(-1), MaxValueValidator(1)]


class QuestionCategory(models.Model):
    """A folder of the question bank. Categories nest (Moodle style)."""

    name = models.CharField(_("name"), max_length=255)
    info = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )

    panels = [FieldPanel("name"), FieldPanel("parent"), FieldPanel("info")]

    class Meta:
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="assessments_category_unique"),
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(parent__isnull=True),
                name="assessments_top_category_unique",
            ),
        ]

    def __str__(self) -> str:
        return " / ".join(self.path_names())

    def path_names(self) -> list[str]:
        names, node, seen = [], self, set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            names.append(node.name)
            node = node.parent
        return list(reversed(names))

    def clean(self):
        node = self.parent
        while node is not None:
            if node.pk == self.pk:
                raise ValidationError({"parent": _("A category cannot be inside itself.")})
            node = node.parent


class QuestionTag(TaggedItemBase):
    content_object = ParentalKey(
        "assessments.Question", on_delete=models.CASCADE, related_name="tagged_items"
    )


class Question(TranslatableMixin, index.Indexed, ClusterableModel):
    class Type(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple response")
        TRUE_FALSE = "truefalse", _("True or false")
        SHORT = "short", _("Short answer")
        NUMERICAL = "numerical", _("Numerical")
        MATCHING = "matching", _("Matching")
        ORDERING = "ordering", _("Ordering")
        ESSAY = "essay", _("Essay (graded by a trainer)")

    category = models.ForeignKey(
        QuestionCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="questions",
    )
    type = models.CharField(_("type"), max_length=16, choices=Type.choices)
    name = models.CharField(_("name"), max_length=255, help_text=_("For the question bank only."))
    text = RichTextField(_("question"), features=QUESTION_TEXT_FEATURES)
    general_feedback = RichTextField(
        _("general feedback"), blank=True, features=["bold", "italic", "link", "ul", "ol"]
    )
    points = models.DecimalField(
        _("points"), max_digits=6, decimal_places=2, default=1, validators=[MinValueValidator(0)]
    )
    shuffle_choices = models.BooleanField(_("shuffle the choices"), default=True)
    case_sensitive = models.BooleanField(_("case sensitive"), default=False)
    accent_sensitive = models.BooleanField(_("accent sensitive"), default=False)
    true_false_answer = models.BooleanField(_("the statement is true"), null=True, blank=True)
    feedback_true = models.TextField(_("feedback for “true”"), blank=True)
    feedback_false = models.TextField(_("feedback for “false”"), blank=True)
    response_template = models.TextField(_("response template"), blank=True)
    grader_info = models.TextField(_("information for graders"), blank=True)
    tags = ClusterTaggableManager(through=QuestionTag, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("category"),
        FieldPanel("type"),
        FieldPanel("name"),
        FieldPanel("text"),
        FieldPanel("points"),
        FieldPanel("tags"),
        InlinePanel("choices", heading=_("Choices (single choice, multiple response)")),
        MultiFieldPanel(
            [
                FieldPanel("true_false_answer"),
                FieldPanel("feedback_true"),
                FieldPanel("feedback_false"),
            ],
            heading=_("True or false"),
        ),
        InlinePanel("accepted_answers", heading=_("Accepted answers (short answer)")),
        MultiFieldPanel(
            [FieldPanel("case_sensitive"), FieldPanel("accent_sensitive")],
            heading=_("Short answer matching"),
        ),
        InlinePanel("numerical_answers", heading=_("Answers (numerical)")),
        InlinePanel("matching_pairs", heading=_("Pairs (matching)")),
        InlinePanel("ordering_items", heading=_("Items in the right order (ordering)")),
        MultiFieldPanel(
            [FieldPanel("response_template"), FieldPanel("grader_info")], heading=_("Essay")
        ),
        FieldPanel("shuffle_choices"),
        FieldPanel("general_feedback"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("text"),
        index.AutocompleteField("name"),
        index.FilterField("type"),
        index.FilterField("category"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name or self.get_type_display()

    @property
    def qid(self) -> str:
        """Identity shared by the language versions of the question."""
        return str(self.translation_key)

    def clean(self):
        super().clean()
        from ..validation import question_problems

        problems = question_problems(self)
        if problems:
            raise ValidationError(problems)


class Choice(Orderable):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    text = models.TextField(_("text"))
    fraction = models.DecimalField(
        _("credit (−1 to 1)"),
        max_digits=8,
        decimal_places=7,
        default=0,
        validators=FRACTION_VALIDATORS,
        help_text=_("1 = full credit; 0.5 = half; negative values take credit away."),
    )
    feedback = models.TextField(_("feedback"), blank=True)

    panels = [FieldPanel("text"), FieldPanel("fraction"), FieldPanel("feedback")]

    def __str__(self) -> str:
        return self.text[:60]


class AcceptedAnswer(Orderable):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="accepted_answers")
    text = models.CharField(
        _("answer"), max_length=255, help_text=_("Use * to match any characters.")
    )
    fraction = models.DecimalField(
        _("credit (0 to 1)"),
        max_digits=8,
        decimal_places=7,
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    feedback = models.TextField(_("feedback"), blank=True)

    panels = [FieldPanel("text"), FieldPanel("fraction"), FieldPanel("feedback")]

    def __str__(self) -> str:
        return self.text


class NumericalAnswer(Orderable):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="numerical_answers")
    value = models.FloatField(_("value"))
    tolerance = models.FloatField(_("tolerance (±)"), default=0, validators=[MinValueValidator(0)])
    fraction = models.DecimalField(
        _("credit (0 to 1)"),
        max_digits=8,
        decimal_places=7,
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    feedback = models.TextField(_("feedback"), blank=True)

    panels = [
        FieldPanel("value"),
        FieldPanel("tolerance"),
        FieldPanel("fraction"),
        FieldPanel("feedback"),
    ]

    def __str__(self) -> str:
        return f"{self.value} ± {self.tolerance}"


class MatchingPair(Orderable):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="matching_pairs")
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    left = models.TextField(_("item"), blank=True, help_text=_("Leave empty for a distractor."))
    right = models.CharField(_("matching answer"), max_length=255)

    panels = [FieldPanel("left"), FieldPanel("right")]

    def __str__(self) -> str:
        return f"{self.left} → {self.right}"


class OrderingItem(Orderable):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="ordering_items")
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    text = models.CharField(_("item"), max_length=255)

    panels = [FieldPanel("text")]

    def __str__(self) -> str:
        return self.text
