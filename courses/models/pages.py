from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PagePermissionTester
from wagtail.search import index

from ..blocks import LessonBodyBlock


class CoursePermissionTester(PagePermissionTester):
    """Trainers work only on the courses they teach or created; the Secretariat on all."""

    def __init__(self, user, page):
        super().__init__(user, page)
        course = getattr(page, "course", None)
        if self.permissions and course is not None and not user.is_superuser:
            from accounts.selectors import user_is_secretariat

            if not (
                user_is_secretariat(user=user)
                or course.owner_id == user.pk
                or course.has_trainer(user)
            ):
                self.permissions = set()


class CourseIndexPage(Page):
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("course catalogue")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import catalogue_search

        context = super().get_context(request, *args, **kwargs)
        context["catalogue"] = catalogue_search(index=self, params=request.GET)
        return context


class CoursePage(Page):
    class Level(models.TextChoices):
        INTRODUCTORY = "introductory", _("Introductory")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")

    class Enrolment(models.TextChoices):
        OPEN = "open", _("Open: anyone signed in can enrol")
        RESTRICTED = "restricted", _("Restricted: learners are enrolled through a cohort")

    class CompletionRule(models.TextChoices):
        ALL_REQUIRED = "all_required", _("All required lessons")
        PERCENTAGE = "percentage", _("A share of the required lessons")

    summary = models.TextField(_("summary"))
    objectives = StreamField(
        [("objective", blocks.CharBlock(label=_("Objective"), max_length=300))],
        verbose_name=_("learning objectives"),
        blank=True,
    )
    audience = models.TextField(_("audience"), blank=True)
    estimated_hours = models.PositiveSmallIntegerField(
        _("estimated hours"), default=4, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    level = models.CharField(
        _("level"), max_length=16, choices=Level.choices, default=Level.INTRODUCTORY
    )
    themes = ParentalManyToManyField("courses.Theme", verbose_name=_("themes"), blank=True)
    prerequisites = ParentalManyToManyField(
        "self", verbose_name=_("prerequisites"), blank=True, symmetrical=False
    )
    cover_image = models.ForeignKey(
        "cms.CampusImage",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    trainers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers"),
        blank=True,
        related_name="courses_trained",
        limit_choices_to={"groups__name": "Trainers"},
    )
    enrolment_mode = models.CharField(
        _("enrolment"), max_length=16, choices=Enrolment.choices, default=Enrolment.OPEN
    )
    gives_certificate = models.BooleanField(_("gives a certificate"), default=True)
    completion_rule = models.CharField(
        _("completion rule"),
        max_length=16,
        choices=CompletionRule.choices,
        default=CompletionRule.ALL_REQUIRED,
    )
    final_quiz = models.ForeignKey(
        "assessments.Quiz",
        verbose_name=_("final quiz"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "When set, the course completes only once this quiz is passed (graded on the server)."
        ),
    )
    completion_percentage = models.PositiveSmallIntegerField(
        _("share of required lessons (%)"),
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Used with the rule “a share of the required lessons”."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("objectives"),
        FieldPanel("audience"),
        MultiFieldPanel(
            [
                FieldPanel("estimated_hours"),
                FieldPanel("level"),
                FieldPanel("themes"),
                FieldPanel("prerequisites"),
                FieldPanel("cover_image"),
            ],
            heading=_("Description"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("trainers"),
                FieldPanel("enrolment_mode"),
                FieldPanel("gives_certificate"),
                FieldPanel("completion_rule"),
                FieldPanel("completion_percentage"),
                FieldPanel("final_quiz"),
            ],
            heading=_("Teaching"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("audience"),
        index.SearchField("objectives"),
        index.FilterField("level"),
        index.FilterField("estimated_hours"),
        index.FilterField("locale_id"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage"]

    class Meta:
        verbose_name = _("course")

    @property
    def course(self) -> "CoursePage":
        return self

    @property
    def is_restricted(self) -> bool:
        return self.enrolment_mode == self.Enrolment.RESTRICTED

    def has_trainer(self, user) -> bool:
        return self.trainers.filter(id=user.pk).exists()

    def permissions_for_user(self, user):
        return CoursePermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        from ..selectors import course_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_page_context(course=self, user=request.user))
        return context


class ModulePage(Page):
    summary = models.TextField(_("summary"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary")]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("module")

    @cached_property
    def course(self) -> CoursePage:
        return CoursePage.objects.ancestor_of(self).get()

    def permissions_for_user(self, user):
        return CoursePermissionTester(user, self)

    def serve(self, request, *args, **kwargs):
        from django.shortcuts import redirect

        return redirect(self.course.get_url(request=request) or "/")


class LessonPage(Page):
    class CompletionRule(models.TextChoices):
        ON_VIEW = "view", _("When the learner opens it")
        MANUAL = "manual", _("When the learner marks it as complete")
        ACTIVITIES = "activities", _("When all its required activities are complete")

    summary = models.TextField(_("summary"), blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=15)
    is_required = models.BooleanField(
        _("required"), default=True, help_text=_("Required lessons count towards completion.")
    )
    completion_rule = models.CharField(
        _("completion rule"),
        max_length=16,
        choices=CompletionRule.choices,
        default=CompletionRule.MANUAL,
    )
    body = StreamField(LessonBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("estimated_minutes"),
                FieldPanel("is_required"),
                FieldPanel("completion_rule"),
            ],
            heading=_("Progress"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson")

    @cached_property
    def course(self) -> CoursePage:
        return CoursePage.objects.ancestor_of(self).get()

    def permissions_for_user(self, user):
        return CoursePermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        from ..selectors import lesson_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_page_context(lesson=self, user=request.user))
        return context

    def serve(self, request, *args, **kwargs):
        from ..views import lesson_serve

        return lesson_serve(
            request, lesson=self, base_serve=super().serve, args=args, kwargs=kwargs
        )
