"""Reads for the trainer view: which courses a member of staff may follow and how their
learners progress, aggregated in SQL (a fixed number of queries, however many learners).

Who sees whom: the Secretariat sees every learner of every course; a course's trainers (and
its owner) see every learner of that course; a cohort's trainers see the learners of that
cohort; focal points see, in every course, the learners whose country is theirs. A person with
several roles sees the union. Nobody else sees anybody's progress."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language

from accounts.models import Country
from accounts.selectors import user_focal_point_countries, user_is_secretariat

from ..models import Cohort, CourseCompletion, CoursePage, Enrolment, LessonCompletion
from .learning import course_required_lesson_keys

INACTIVE_DAYS_CHOICES = (7, 14, 30, 60)


@dataclass(frozen=True)
class _LearnerAccess:
    secretariat: bool
    course_keys: frozenset[UUID]  # courses taught or owned: every learner
    cohort_ids: frozenset[int]  # cohorts trained: their learners
    cohort_course_keys: frozenset[UUID]
    countries: frozenset[str]  # focal point: learners of these countries, in every course

    @property
    def all_courses(self) -> bool:
        return self.secretariat or bool(self.countries)

    @property
    def is_empty(self) -> bool:
        return not (
            self.all_courses or self.course_keys or self.cohort_ids or self.cohort_course_keys
        )

    def may_follow(self, course_key: UUID) -> bool:
        return (
            self.all_courses
            or course_key in self.course_keys
            or course_key in self.cohort_course_keys
        )

    def enrolments_q(self) -> Q:
        """The enrolments this person may read (to be combined with a course filter)."""
        if self.secretariat:
            return Q()
        scope = Q(pk__in=[])
        if self.course_keys:
            scope |= Q(course_key__in=self.course_keys)
        if self.cohort_ids:
            scope |= Q(cohort_id__in=self.cohort_ids)
        if self.countries:
            scope |= Q(user__country__in=self.countries)
        return scope


def _learner_access(*, user) -> _LearnerAccess:
    """What the user may follow, worked out once per user object (so once per request)."""
    cached = getattr(user, "_campus_learner_access", None)
    if cached is None:
        cached = _learner_access_uncached(user=user)
        if user.is_authenticated:
            user._campus_learner_access = cached
    return cached


def _learner_access_uncached(*, user) -> _LearnerAccess:
    if not user.is_authenticated:
        return _LearnerAccess(False, frozenset(), frozenset(), frozenset(), frozenset())
    if user_is_secretariat(user=user):
        return _LearnerAccess(True, frozenset(), frozenset(), frozenset(), frozenset())
    course_keys = frozenset(
        CoursePage.objects.filter(Q(trainers=user) | Q(owner=user))
        .order_by()
        .values_list("translation_key", flat=True)
        .distinct()
    )
    cohorts = list(Cohort.objects.filter(trainers=user).values_list("pk", "course_key"))
    return _LearnerAccess(
        secretariat=False,
        course_keys=course_keys,
        cohort_ids=frozenset(pk for pk, _key in cohorts),
        cohort_course_keys=frozenset(key for _pk, key in cohorts),
        countries=user_focal_point_countries(user=user),
    )


def _one_per_key(pages, *, language: str) -> list[CoursePage]:
    """One page per translation key, in `language` where it exists, sorted by title."""
    chosen: dict[UUID, CoursePage] = {}
    for page in pages:
        current = chosen.get(page.translation_key)
        if current is None or (
            page.locale.language_code == language and current.locale.language_code != language
        ):
            chosen[page.translation_key] = page
    return sorted(chosen.values(), key=lambda page: page.title.casefold())


def trainer_courses(*, user, language: str | None = None) -> list[CoursePage]:
    """The courses the user may follow, one per translation key, in the active language where
    the course is translated to it."""
    return _courses(access=_learner_access(user=user), language=language)


def _courses(*, access: _LearnerAccess, language: str | None) -> list[CoursePage]:
    if access.is_empty:
        return []
    pages = CoursePage.objects.select_related("locale")
    if not access.all_courses:
        pages = pages.filter(translation_key__in=access.course_keys | access.cohort_course_keys)
    return _one_per_key(pages, language=language or get_language())


def trainer_course(*, user, course_key: UUID, language: str | None = None) -> CoursePage | None:
    """The course with this key if the user may follow it, else None."""
    access = _learner_access(user=user)
    if not access.may_follow(course_key):
        return None
    pages = CoursePage.objects.filter(translation_key=course_key).select_related("locale")
    found = _one_per_key(pages, language=language or get_language())
    return found[0] if found else None


@dataclass(frozen=True)
class CourseSummary:
    course: CoursePage
    enrolled: int
    completed: int


def _completed_q() -> Exists:
    return Exists(
        CourseCompletion.objects.filter(user=OuterRef("user_id"), course_key=OuterRef("course_key"))
    )


def trainer_course_summaries(*, user, language: str | None = None) -> list[CourseSummary]:
    """`trainer_courses` with the number of learners enrolled and of those who completed,
    counting only the learners the user may see."""
    access = _learner_access(user=user)
    courses = _courses(access=access, language=language)
    if not courses:
        return []
    enrolments = Enrolment.objects.filter(left_at__isnull=True).filter(access.enrolments_q())
    if not access.all_courses:
        enrolments = enrolments.filter(course_key__in=[c.translation_key for c in courses])
    counts = {
        row["course_key"]: row
        for row in enrolments.order_by()
        .values("course_key")
        .annotate(enrolled=Count("pk"), completed=Count("pk", filter=_completed_q()))
    }
    return [
        CourseSummary(
            course=course,
            enrolled=counts.get(course.translation_key, {}).get("enrolled", 0),
            completed=counts.get(course.translation_key, {}).get("completed", 0),
        )
        for course in courses
    ]


@dataclass(frozen=True)
class LearnerRow:
    user_id: int
    full_name: str
    email: str
    country: str
    institution: str
    cohort_name: str
    enrolled_at: datetime
    last_activity_at: datetime | None
    lessons_done: int
    lessons_required: int
    completed_at: datetime | None

    @property
    def percent(self) -> int:
        if self.completed_at is not None:
            return 100
        if not self.lessons_required:
            return 0
        return round(100 * self.lessons_done / self.lessons_required)

    @property
    def country_label(self) -> str:
        return str(Country(self.country).label) if self.country in Country.values else ""


def course_learners(
    *,
    user,
    course: CoursePage,
    cohort: Cohort | None = None,
    inactive_days: int | None = None,
    country: str | None = None,
) -> list[LearnerRow]:
    """The learners of the course the user may see, with their progress, by name.

    Learners who left the course are not listed. `inactive_days` keeps the learners with no
    activity (or, never active, no enrolment) for more than that many days.
    Raises PermissionDenied when the user may not follow the course."""
    access = _learner_access(user=user)
    key = course.translation_key
    if not access.may_follow(key):
        raise PermissionDenied
    required = course_required_lesson_keys(course=course)
    if required:
        done = Coalesce(
            Subquery(
                LessonCompletion.objects.filter(
                    user=OuterRef("user_id"), course_key=key, lesson_key__in=list(required)
                )
                .order_by()
                .values("user")
                .annotate(n=Count("pk"))
                .values("n")[:1],
                output_field=IntegerField(),
            ),
            0,
        )
    else:
        done = Value(0, output_field=IntegerField())
    completed_at = Subquery(
        CourseCompletion.objects.filter(user=OuterRef("user_id"), course_key=key).values(
            "completed_at"
        )[:1]
    )
    enrolments = Enrolment.objects.filter(course_key=key, left_at__isnull=True).filter(
        access.enrolments_q()
    )
    if cohort is not None:
        enrolments = enrolments.filter(cohort=cohort)
    if country:
        enrolments = enrolments.filter(user__country=country)
    if inactive_days is not None:
        cutoff = timezone.now() - timedelta(days=inactive_days)
        enrolments = enrolments.annotate(
            active_at=Coalesce("last_activity_at", "enrolled_at")
        ).filter(active_at__lt=cutoff)
    rows = (
        enrolments.annotate(lessons_done=done, course_completed_at=completed_at)
        .order_by("user__full_name", "user__email")
        .values_list(
            "user_id",
            "user__full_name",
            "user__email",
            "user__country",
            "user__institution",
            "cohort__name",
            "enrolled_at",
            "last_activity_at",
            "lessons_done",
            "course_completed_at",
        )
    )
    return [
        LearnerRow(
            user_id=user_id,
            full_name=full_name,
            email=email,
            country=learner_country,
            institution=institution,
            cohort_name=cohort_name or "",
            enrolled_at=enrolled_at,
            last_activity_at=last_activity_at,
            lessons_done=lessons_done,
            lessons_required=len(required),
            completed_at=course_completed_at,
        )
        for (
            user_id,
            full_name,
            email,
            learner_country,
            institution,
            cohort_name,
            enrolled_at,
            last_activity_at,
            lessons_done,
            course_completed_at,
        ) in rows
    ]
