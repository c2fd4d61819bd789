"""Writes: enrolment, progress and completion, reflections.

Every completion is a unique row, so calling a service twice (or twice at the same moment)
records the outcome once. Progress belongs to the course and lesson `translation_key`, not to a
language copy."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from .. import activities
from ..models import (
    ActivityCompletion,
    Cohort,
    CourseCompletion,
    CoursePage,
    Enrolment,
    LessonCompletion,
    LessonPage,
    Reflection,
)
from ..selectors.learning import course_required_lesson_keys, lesson_reflection_prompts


class EnrolmentError(Exception):
    """The learner cannot enrol (restricted course, missing prerequisite…)."""


class ProgressError(Exception):
    """A progress report that does not fit the lesson (wrong rule, unknown activity…)."""


VISIT_WRITE_INTERVAL = timedelta(minutes=1)


@dataclass(frozen=True)
class CompletionResult:
    lesson_completed: bool
    course_completion: CourseCompletion | None
    course_newly_completed: bool


def _create_once(model, **fields):
    """Insert a unique row, or return the existing one: (row, created)."""
    try:
        with transaction.atomic():
            return model.objects.create(**fields), True
    except IntegrityError:
        lookup = {k: v for k, v in fields.items() if k not in {"score"}}
        return model.objects.get(**lookup), False


@transaction.atomic
def enrolment_create(*, user: User, course: CoursePage, cohort: Cohort | None = None) -> Enrolment:
    """Enrol a learner. Open courses: anyone signed in; restricted ones only through a cohort.

    Idempotent; re-enrolling after leaving keeps the earlier progress.
    Raises EnrolmentError when the course is restricted or a prerequisite is not complete."""
    key = course.translation_key
    if cohort is None and course.is_restricted:
        raise EnrolmentError(_("This course is open only to the members of a cohort."))
    if cohort is not None and cohort.course_key != key:
        raise EnrolmentError(_("This cohort belongs to another course."))
    if cohort is None:
        missing = [
            p
            for p in course.prerequisites.all()
            if not CourseCompletion.objects.filter(user=user, course_key=p.translation_key).exists()
        ]
        if missing:
            raise EnrolmentError(
                _("Complete these courses first: %(courses)s")
                % {"courses": ", ".join(p.localized.title for p in missing)}
            )
    enrolment, created = Enrolment.objects.select_for_update().get_or_create(
        user=user,
        course_key=key,
        defaults={
            "source": Enrolment.Source.COHORT if cohort else Enrolment.Source.SELF,
            "cohort": cohort,
        },
    )
    if not created:
        changed = []
        if enrolment.left_at is not None:
            enrolment.left_at = None
            changed.append("left_at")
        if cohort is not None and enrolment.cohort_id != cohort.pk:
            enrolment.cohort = cohort
            enrolment.source = Enrolment.Source.COHORT
            changed += ["cohort", "source"]
        if changed:
            enrolment.save(update_fields=changed)
    return enrolment


@transaction.atomic
def enrolment_leave(*, user: User, course: CoursePage) -> None:
    """Leave a course. The progress stays, should the learner come back."""
    Enrolment.objects.filter(
        user=user, course_key=course.translation_key, left_at__isnull=True
    ).update(left_at=timezone.now())


def _locked_enrolment(*, user: User, course_key) -> Enrolment:
    enrolment = (
        Enrolment.objects.select_for_update()
        .filter(user=user, course_key=course_key, left_at__isnull=True)
        .first()
    )
    if enrolment is None:
        raise ProgressError(_("You are not enrolled in this course."))
    return enrolment


def _touch(enrolment: Enrolment) -> None:
    enrolment.last_activity_at = timezone.now()
    enrolment.save(update_fields=["last_activity_at"])


def lesson_visit(
    *, user: User, lesson: LessonPage, enrolment: Enrolment | None = None
) -> CompletionResult:
    """Remember where the learner is ("continue where you left off"); complete lessons whose
    rule is "on view". `enrolment`, when the caller has it, saves a query."""
    # Re-reading the same lesson within a minute changes nothing worth a write (or a
    # transaction: on SQLite that would take the write lock on every page view).
    if (
        lesson.completion_rule != LessonPage.CompletionRule.ON_VIEW
        and enrolment is not None
        and enrolment.last_lesson_key == lesson.translation_key
        and enrolment.last_activity_at
        and enrolment.last_activity_at >= timezone.now() - VISIT_WRITE_INTERVAL
    ):
        return CompletionResult(False, None, False)
    return _lesson_visit_record(user=user, lesson=lesson)


@transaction.atomic
def _lesson_visit_record(*, user: User, lesson: LessonPage) -> CompletionResult:
    course = lesson.course
    enrolment = _locked_enrolment(user=user, course_key=course.translation_key)
    enrolment.last_lesson_key = lesson.translation_key
    enrolment.last_activity_at = timezone.now()
    enrolment.save(update_fields=["last_lesson_key", "last_activity_at"])
    if lesson.completion_rule == LessonPage.CompletionRule.ON_VIEW:
        return _lesson_complete(user=user, lesson=lesson, course=course)
    return CompletionResult(False, None, False)


@transaction.atomic
def lesson_mark_complete(*, user: User, lesson: LessonPage) -> CompletionResult:
    """The learner's "mark as complete". Refused for lessons completed by their activities."""
    if lesson.completion_rule == LessonPage.CompletionRule.ACTIVITIES:
        raise ProgressError(_("This lesson completes when its activities are done."))
    course = lesson.course
    _touch(_locked_enrolment(user=user, course_key=course.translation_key))
    return _lesson_complete(user=user, lesson=lesson, course=course)


@transaction.atomic
def activity_record_completion(
    *, user: User, lesson: LessonPage, activity_key: str, score: float | None = None
) -> CompletionResult:
    """An activity of the lesson reports completion for the learner (called by quizzes, H5P…).

    Raises ProgressError for an activity that is not in this lesson."""
    known = {a.key: a for a in activities.activities_for_lesson(lesson)}
    if activity_key not in known:
        raise ProgressError(_("This activity is not part of the lesson."))
    course = lesson.course
    _touch(_locked_enrolment(user=user, course_key=course.translation_key))
    _create_once(
        ActivityCompletion,
        user=user,
        course_key=course.translation_key,
        lesson_key=lesson.translation_key,
        activity_key=activity_key,
        score=score,
    )
    return lesson_refresh_completion(user=user, lesson=lesson)


@transaction.atomic
def lesson_refresh_completion(*, user: User, lesson: LessonPage) -> CompletionResult:
    """Complete an "activities" lesson once all its required activities are done."""
    if lesson.completion_rule != LessonPage.CompletionRule.ACTIVITIES:
        return CompletionResult(False, None, False)
    required = {a.key for a in activities.activities_for_lesson(lesson) if a.required}
    done = set(
        ActivityCompletion.objects.filter(user=user, lesson_key=lesson.translation_key).values_list(
            "activity_key", flat=True
        )
    )
    if required - done:
        return CompletionResult(False, None, False)
    return _lesson_complete(user=user, lesson=lesson, course=lesson.course)


def _lesson_complete(*, user: User, lesson: LessonPage, course: CoursePage) -> CompletionResult:
    _create_once(
        LessonCompletion,
        user=user,
        course_key=course.translation_key,
        lesson_key=lesson.translation_key,
    )
    completion, created = course_refresh_completion(user=user, course=course)
    return CompletionResult(True, completion, created)


@transaction.atomic
def course_refresh_completion(
    *, user: User, course: CoursePage
) -> tuple[CourseCompletion | None, bool]:
    """Record the course outcome when its completion rule is met: (completion, newly_created).

    The outcome is a unique row: it is recorded once, whoever gets there first."""
    existing = CourseCompletion.objects.filter(user=user, course_key=course.translation_key).first()
    if existing is not None:
        return existing, False
    required = course_required_lesson_keys(course=course)
    if not required:
        return None, False
    done = set(
        LessonCompletion.objects.filter(
            user=user, course_key=course.translation_key, lesson_key__in=required
        ).values_list("lesson_key", flat=True)
    )
    needed = len(required)
    if course.completion_rule == CoursePage.CompletionRule.PERCENTAGE:
        needed = -(-len(required) * course.completion_percentage // 100)  # ceiling
    if len(done) < needed:
        return None, False
    if course.final_quiz_id and not _final_quiz_passed(user=user, course=course):
        return None, False
    return _create_once(CourseCompletion, user=user, course_key=course.translation_key)


def _final_quiz_passed(*, user: User, course: CoursePage) -> bool:
    from assessments.selectors import quiz_passed

    return quiz_passed(user=user, quiz_key=course.final_quiz.translation_key)


REFLECTION_MAX_LENGTH = 5000


@transaction.atomic
def reflection_save(*, user: User, lesson: LessonPage, prompt_id: str, text: str) -> Reflection:
    """Save the learner's private answer to a reflection prompt of the lesson.

    Raises ProgressError for an unknown prompt or a text over the limit."""
    if prompt_id not in lesson_reflection_prompts(lesson=lesson):
        raise ProgressError(_("This reflection prompt is not part of the lesson."))
    text = text.strip()
    if len(text) > REFLECTION_MAX_LENGTH:
        raise ProgressError(
            _("Your reflection is too long (at most %(max)d characters).")
            % {"max": REFLECTION_MAX_LENGTH}
        )
    course = lesson.course
    _locked_enrolment(user=user, course_key=course.translation_key)
    reflection, _created = Reflection.objects.update_or_create(
        user=user,
        lesson_key=lesson.translation_key,
        prompt_id=prompt_id,
        defaults={"text": text, "course_key": course.translation_key},
    )
    return reflection


TRAINER_PAGE_PERMISSIONS = ["add_page", "change_page"]
SECRETARIAT_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
    "delete_page",
]


@transaction.atomic
def course_index_setup(*, index) -> None:
    """Page permissions on a course catalogue: trainers add and edit (their own courses, see
    CoursePermissionTester) and submit for moderation; the Secretariat also publishes."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    from accounts.roles import Role

    for group_name, codenames in (
        (Role.TRAINERS, TRAINER_PAGE_PERMISSIONS),
        (Role.SECRETARIAT, SECRETARIAT_PAGE_PERMISSIONS),
    ):
        group = Group.objects.get(name=group_name)
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=index,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
