"""Reads: catalogue, course outline, progress, access, "My learning"."""

from dataclasses import dataclass, field
from uuid import UUID

from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Locale

from accounts.selectors import user_is_secretariat
from cms.cache import content_generation

from ..models import (
    Cohort,
    CourseCompletion,
    CourseIndexPage,
    CoursePage,
    Enrolment,
    LessonCompletion,
    LessonPage,
    ModulePage,
    Reflection,
    Theme,
)

OUTLINE_CACHE_SECONDS = 60 * 60


@dataclass(frozen=True)
class LessonEntry:
    pk: int
    key: UUID
    title: str
    url: str
    required: bool
    minutes: int


@dataclass(frozen=True)
class ModuleEntry:
    title: str
    summary: str
    lessons: tuple[LessonEntry, ...]


@dataclass(frozen=True)
class CourseOutline:
    course_pk: int
    modules: tuple[ModuleEntry, ...]

    @property
    def lessons(self) -> list[LessonEntry]:
        return [lesson for module in self.modules for lesson in module.lessons]

    @property
    def required_keys(self) -> frozenset[UUID]:
        return frozenset(lesson.key for lesson in self.lessons if lesson.required)

    def next_after(self, key: UUID | None) -> LessonEntry | None:
        lessons = self.lessons
        if key is None:
            return lessons[0] if lessons else None
        for index, lesson in enumerate(lessons):
            if lesson.key == key:
                return lessons[index + 1] if index + 1 < len(lessons) else None
        return None

    def previous_before(self, key: UUID) -> LessonEntry | None:
        lessons = self.lessons
        for index, lesson in enumerate(lessons):
            if lesson.key == key:
                return lessons[index - 1] if index > 0 else None
        return None


def course_outline(*, course: CoursePage) -> CourseOutline:
    """Modules and live lessons of the course in its language, cached until the next publish."""
    cache_key = f"courses:outline:{course.pk}:{content_generation()}"
    outline = cache.get(cache_key)
    if outline is not None:
        return outline
    modules = []
    lessons_by_parent: dict[str, list[LessonPage]] = {}
    for lesson in LessonPage.objects.descendant_of(course).live().order_by("path"):
        lessons_by_parent.setdefault(lesson.path[: -LessonPage.steplen], []).append(lesson)
    for module in ModulePage.objects.child_of(course).live().order_by("path"):
        entries = tuple(
            LessonEntry(
                pk=lesson.pk,
                key=lesson.translation_key,
                title=lesson.title,
                url=lesson.get_url() or "",
                required=lesson.is_required,
                minutes=lesson.estimated_minutes,
            )
            for lesson in lessons_by_parent.get(module.path, [])
        )
        modules.append(ModuleEntry(title=module.title, summary=module.summary, lessons=entries))
    outline = CourseOutline(course_pk=course.pk, modules=tuple(modules))
    cache.set(cache_key, outline, OUTLINE_CACHE_SECONDS)
    return outline


def course_required_lesson_keys(*, course: CoursePage) -> frozenset[UUID]:
    return course_outline(course=course).required_keys


def lesson_reflection_prompts(*, lesson: LessonPage) -> dict[str, str]:
    return {
        child.id: child.value["prompt"] for child in lesson.body if child.block_type == "reflection"
    }


# --- Access ------------------------------------------------------------------------------


def user_is_course_staff(*, user, course: CoursePage) -> bool:
    """Staff in scope for a course: superusers, the Secretariat and the course's trainers."""
    if not user.is_authenticated:
        return False
    return user_is_secretariat(user=user) or course.has_trainer(user)


@dataclass(frozen=True)
class LessonAccess:
    allowed: bool
    reason: str = ""  # "anonymous", "not_enrolled", "cohort_not_started"
    enrolment: Enrolment | None = None
    cohort_starts_on: object = None


def lesson_access(*, user, course: CoursePage) -> LessonAccess:
    if not user.is_authenticated:
        return LessonAccess(False, "anonymous")
    enrolment = (
        Enrolment.objects.filter(user=user, course_key=course.translation_key, left_at__isnull=True)
        .select_related("cohort")
        .first()
    )
    if enrolment is None:
        if user_is_course_staff(user=user, course=course):
            return LessonAccess(True, "staff")
        return LessonAccess(False, "not_enrolled")
    if (
        course.is_restricted
        and enrolment.cohort
        and enrolment.cohort.starts_on > timezone.localdate()
    ):
        if user_is_course_staff(user=user, course=course):
            return LessonAccess(True, "staff", enrolment)
        return LessonAccess(False, "cohort_not_started", enrolment, enrolment.cohort.starts_on)
    return LessonAccess(True, "", enrolment)


# --- Progress ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CourseProgress:
    done: int
    total: int
    completed_at: object = None
    completed_keys: frozenset = field(default_factory=frozenset)

    @property
    def percent(self) -> int:
        if self.completed_at is not None:
            return 100
        return round(100 * self.done / self.total) if self.total else 0


def course_progress(
    *, user, course: CoursePage, outline: CourseOutline | None = None
) -> CourseProgress:
    outline = outline or course_outline(course=course)
    completed_keys = frozenset(
        LessonCompletion.objects.filter(user=user, course_key=course.translation_key).values_list(
            "lesson_key", flat=True
        )
    )
    completion = CourseCompletion.objects.filter(
        user=user, course_key=course.translation_key
    ).first()
    required = outline.required_keys
    return CourseProgress(
        done=len(required & completed_keys),
        total=len(required),
        completed_at=completion.completed_at if completion else None,
        completed_keys=completed_keys,
    )


def course_continue_lesson(
    *, outline: CourseOutline, enrolment: Enrolment | None, completed_keys: frozenset
) -> LessonEntry | None:
    """Where to continue: the last lesson opened if not done, else the first lesson not done."""
    lessons = outline.lessons
    if enrolment and enrolment.last_lesson_key:
        for lesson in lessons:
            if lesson.key == enrolment.last_lesson_key and lesson.key not in completed_keys:
                return lesson
    for lesson in lessons:
        if lesson.key not in completed_keys:
            return lesson
    return lessons[0] if lessons else None


def course_page_context(*, course: CoursePage, user) -> dict:
    outline = course_outline(course=course)
    context = {"outline": outline, "enrolment": None, "progress": None, "continue_lesson": None}
    if user.is_authenticated:
        enrolment = Enrolment.objects.filter(
            user=user, course_key=course.translation_key, left_at__isnull=True
        ).first()
        context["enrolment"] = enrolment
        context["is_course_staff"] = user_is_course_staff(user=user, course=course)
        if enrolment is not None:
            progress = course_progress(user=user, course=course, outline=outline)
            context["progress"] = progress
            context["continue_lesson"] = course_continue_lesson(
                outline=outline, enrolment=enrolment, completed_keys=progress.completed_keys
            )
    return context


BODY_CACHE_SECONDS = 60 * 60


def lesson_body_segments(*, lesson: LessonPage) -> list[tuple[str, object]]:
    """The lesson body, rendered once per publish and language: ("html", markup) for shared
    blocks; ("reflection", {...}) and activity kinds ("quiz", {...}) where each learner's own
    form or state goes."""
    key = f"courses:lessonbody:{lesson.pk}:{get_language()}:{content_generation()}"
    segments = cache.get(key)
    if segments is None:
        segments = []
        for child in lesson.body:
            if child.block_type == "reflection":
                segments.append(("reflection", {"id": child.id, "prompt": child.value["prompt"]}))
            elif getattr(child.block, "activity_kind", None):
                # Activities show each learner's own state: rendered per request.
                value = child.value
                segments.append(
                    (
                        child.block.activity_kind,
                        {
                            "id": child.id,
                            "title": value.get("title", ""),
                            "quiz_id": getattr(value.get("quiz"), "pk", None),
                            "required": value.get("required", True),
                        },
                    )
                )
            else:
                segments.append(("html", str(child.render())))
        cache.set(key, segments, BODY_CACHE_SECONDS)
    return [(kind, mark_safe(item) if kind == "html" else item) for kind, item in segments]  # noqa: S308


def lesson_page_context(*, lesson: LessonPage, user) -> dict:
    course = lesson.course
    outline = course_outline(course=course)
    segments = lesson_body_segments(lesson=lesson)
    progress = None
    if user.is_authenticated:
        progress = course_progress(user=user, course=course, outline=outline)
    return {
        "course": course,
        "outline": outline,
        "progress": progress,
        "lesson_done": bool(progress and lesson.translation_key in progress.completed_keys),
        "previous_lesson": outline.previous_before(lesson.translation_key),
        "next_lesson": outline.next_after(lesson.translation_key),
        "reflections": (
            lesson_reflections(user=user, lesson=lesson)
            if any(kind == "reflection" for kind, _segment in segments)
            else {}
        ),
        "body_segments": segments,
    }


def lesson_reflections(*, user, lesson: LessonPage) -> dict[str, str]:
    if not user.is_authenticated:
        return {}
    return dict(
        Reflection.objects.filter(user=user, lesson_key=lesson.translation_key).values_list(
            "prompt_id", "text"
        )
    )


# --- Catalogue ---------------------------------------------------------------------------

DURATION_BUCKETS = {"short": (0, 4), "medium": (5, 10), "long": (11, 10_000)}


@dataclass
class Catalogue:
    page: object
    themes: list
    params: dict
    total: int


def catalogue_search(*, index: CourseIndexPage, params) -> Catalogue:
    """Courses of the catalogue's language, filtered by theme, language available, level,
    duration and text (GET parameters, so results can be shared)."""
    courses = (
        CoursePage.objects.child_of(index)
        .live()
        .public()
        .select_related("cover_image")
        .prefetch_related("themes")
        .order_by("title")
    )
    theme = params.get("theme", "")
    if theme:
        courses = courses.filter(themes__key=theme).distinct()
    level = params.get("level", "")
    if level in CoursePage.Level.values:
        courses = courses.filter(level=level)
    duration = params.get("duration", "")
    if duration in DURATION_BUCKETS:
        low, high = DURATION_BUCKETS[duration]
        courses = courses.filter(estimated_hours__gte=low, estimated_hours__lte=high)
    language = params.get("language", "")
    if language:
        keys = (
            CoursePage.objects.live()
            .filter(locale__language_code=language)
            .values("translation_key")
        )
        courses = courses.filter(translation_key__in=keys)
    query = (params.get("q") or "").strip()[:200]
    results = list(courses)
    if query:
        # The search backend filters only on indexed fields: search the catalogue's live
        # courses, then keep those that pass the other filters, in relevance order.
        allowed = {course.pk: course for course in results}
        matches = CoursePage.objects.child_of(index).live().public().search(query, operator="and")
        results = [allowed[match.pk] for match in matches if match.pk in allowed]
    paginator = Paginator(results, 12)
    page = paginator.get_page(params.get("page"))
    themes = list(Theme.objects.filter(locale=index.locale).order_by("sort_order", "name"))
    return Catalogue(
        page=page,
        themes=themes,
        params={
            "q": query,
            "theme": theme,
            "level": level,
            "duration": duration,
            "language": language,
        },
        total=paginator.count,
    )


# --- My learning -------------------------------------------------------------------------


def courses_by_key(*, keys, locale: Locale) -> dict[UUID, CoursePage]:
    """The live course page for each key in `locale`, or in any language when not translated."""
    pages: dict[UUID, CoursePage] = {}
    for page in (
        CoursePage.objects.live().filter(translation_key__in=list(keys)).select_related("locale")
    ):
        current = pages.get(page.translation_key)
        if current is None or page.locale_id == locale.pk:
            pages[page.translation_key] = page
    return pages


@dataclass(frozen=True)
class LearningEntry:
    course: CoursePage
    progress: CourseProgress
    next_lesson: LessonEntry | None


def my_learning(*, user, locale: Locale) -> dict:
    """Everything on "My learning", in a fixed number of queries whatever the courses."""
    enrolments = list(Enrolment.objects.filter(user=user, left_at__isnull=True))
    completions = {c.course_key: c for c in CourseCompletion.objects.filter(user=user)}
    done_by_course: dict[UUID, set] = {}
    for course_key, lesson_key in LessonCompletion.objects.filter(user=user).values_list(
        "course_key", "lesson_key"
    ):
        done_by_course.setdefault(course_key, set()).add(lesson_key)
    pages = courses_by_key(
        keys={e.course_key for e in enrolments} | set(completions), locale=locale
    )
    in_progress, completed = [], []
    for enrolment in sorted(
        enrolments, key=lambda e: e.last_activity_at or e.enrolled_at, reverse=True
    ):
        course = pages.get(enrolment.course_key)
        if course is None:
            continue
        outline = course_outline(course=course)
        done = frozenset(done_by_course.get(enrolment.course_key, ()))
        completion = completions.get(enrolment.course_key)
        progress = CourseProgress(
            done=len(outline.required_keys & done),
            total=len(outline.required_keys),
            completed_at=completion.completed_at if completion else None,
            completed_keys=done,
        )
        entry = LearningEntry(
            course=course,
            progress=progress,
            next_lesson=course_continue_lesson(
                outline=outline, enrolment=enrolment, completed_keys=done
            ),
        )
        (completed if progress.completed_at else in_progress).append(entry)
    listed = {entry.course.translation_key for entry in completed}
    for key, completion in completions.items():
        if key in pages and key not in listed:
            completed.append(
                LearningEntry(pages[key], CourseProgress(0, 0, completion.completed_at), None)
            )
    reflections = list(Reflection.objects.filter(user=user).order_by("-updated_at")[:20])
    lessons = {
        p.translation_key: p
        for p in LessonPage.objects.live().filter(
            translation_key__in=[r.lesson_key for r in reflections], locale=locale
        )
    }
    taken = set(pages)
    theme_keys = set(
        Theme.objects.filter(coursepage__translation_key__in=taken).values_list("key", flat=True)
    )
    # Courses on the themes the learner follows first, then other open courses.
    candidates = (
        CoursePage.objects.live()
        .public()
        .filter(locale=locale, enrolment_mode=CoursePage.Enrolment.OPEN)
        .exclude(translation_key__in=taken)
        .prefetch_related("themes")
        .order_by("title")[:20]
    )
    suggestions = sorted(
        candidates, key=lambda c: not any(t.key in theme_keys for t in c.themes.all())
    )[:3]
    return {
        "in_progress": in_progress,
        "completed": completed,
        "reflections": [(r, lessons.get(r.lesson_key)) for r in reflections],
        "suggestions": suggestions,
    }


def cohorts_for_course(*, course: CoursePage):
    return Cohort.objects.filter(course_key=course.translation_key)
