"""Reads for cohorts: who may manage which cohort, and what a cohort's page shows.

The Secretariat manages every cohort. A trainer manages the cohorts of the courses they teach
(a trainer or the owner of any language copy of the course) and the cohorts they are a trainer
of. Nobody else manages cohorts. Every admin view filters through `cohorts_for_user`, so an id
typed into a URL cannot reach another trainer's cohort."""

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import get_language

from accounts.selectors import user_is_secretariat, user_is_trainer

from ..models import Cohort, CohortInvitation, CoursePage, Enrolment


def user_can_manage_cohorts(*, user) -> bool:
    """Whether the user works with cohorts at all (the "Cohorts" menu item)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user_is_secretariat(user=user) or user_is_trainer(user=user))
    )


def _taught_course_keys(*, user) -> QuerySet:
    return CoursePage.objects.filter(Q(trainers=user) | Q(owner=user)).values("translation_key")


def courses_user_can_manage(*, user) -> QuerySet[CoursePage]:
    """Course pages (every language copy) the user may create cohorts for."""
    if not user_can_manage_cohorts(user=user):
        return CoursePage.objects.none()
    if user_is_secretariat(user=user):
        return CoursePage.objects.all()
    return CoursePage.objects.filter(translation_key__in=_taught_course_keys(user=user))


def course_choices_for_user(*, user, include_key: UUID | None = None) -> QuerySet[CoursePage]:
    """One page per course the user may manage (the first created, usually the source
    language), for a course chooser. `include_key` keeps a cohort's current course listed."""
    first_copy = (
        CoursePage.objects.filter(translation_key=OuterRef("translation_key"))
        .order_by("pk")
        .values("pk")[:1]
    )
    courses = courses_user_can_manage(user=user)
    if include_key is not None:
        courses = courses | CoursePage.objects.filter(translation_key=include_key)
    return (
        CoursePage.objects.filter(pk__in=courses.values("pk"))
        .filter(pk=Subquery(first_copy))
        .order_by("title")
    )


def cohorts_for_user(*, user) -> QuerySet[Cohort]:
    """The cohorts the user may see and manage."""
    if not user_can_manage_cohorts(user=user):
        return Cohort.objects.none()
    if user_is_secretariat(user=user):
        return Cohort.objects.all()
    return Cohort.objects.filter(
        Q(course_key__in=_taught_course_keys(user=user)) | Q(trainers=user)
    ).distinct()


def user_can_manage_cohort(*, user, cohort: Cohort) -> bool:
    return cohorts_for_user(user=user).filter(pk=cohort.pk).exists()


def cohort_has_ended(*, cohort: Cohort) -> bool:
    return cohort.ends_on is not None and cohort.ends_on < timezone.localdate()


def course_for_cohort(*, cohort: Cohort, language: str | None = None) -> CoursePage | None:
    """The cohort's course page in `language` (default: the active one), else the first copy."""
    language = language or get_language()
    pages = list(
        CoursePage.objects.filter(translation_key=cohort.course_key)
        .select_related("locale")
        .order_by("pk")
    )
    if not pages:
        return None
    return next((p for p in pages if p.locale.language_code == language), pages[0])


def course_titles_by_key(*, keys) -> dict[UUID, str]:
    """Course titles for cohort listings, in the active language when translated."""
    language = get_language()
    titles: dict[UUID, str] = {}
    for page in (
        CoursePage.objects.filter(translation_key__in=list(keys))
        .select_related("locale")
        .order_by("-pk")
    ):
        if page.translation_key not in titles or page.locale.language_code == language:
            titles[page.translation_key] = page.title
    return titles


@dataclass(frozen=True)
class CohortRow:
    cohort: Cohort
    course_title: str
    members: int
    pending_invitations: int


def cohort_list_for_user(*, user) -> list[CohortRow]:
    cohorts = list(
        Cohort.objects.filter(pk__in=cohorts_for_user(user=user).values("pk"))
        .annotate(
            member_count=Count(
                "enrolments", filter=Q(enrolments__left_at__isnull=True), distinct=True
            ),
            pending_count=Count(
                "invitations", filter=Q(invitations__accepted_at__isnull=True), distinct=True
            ),
        )
        .order_by("-starts_on", "name")
    )
    titles = course_titles_by_key(keys={c.course_key for c in cohorts})
    return [
        CohortRow(
            cohort=c,
            course_title=titles.get(c.course_key, ""),
            members=c.member_count,
            pending_invitations=c.pending_count,
        )
        for c in cohorts
    ]


def cohort_members(*, cohort: Cohort) -> QuerySet[Enrolment]:
    """Active enrolments through the cohort, with their learners."""
    return (
        Enrolment.objects.filter(cohort=cohort, left_at__isnull=True)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def cohort_pending_invitations(*, cohort: Cohort) -> QuerySet[CohortInvitation]:
    return CohortInvitation.objects.filter(cohort=cohort, accepted_at__isnull=True).order_by(
        "email"
    )
