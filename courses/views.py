from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Locale

from . import selectors, services
from .models import CoursePage, LessonPage


def _live_page(model, key, request):
    """The live page with this translation key, preferably in the current language."""
    pages = list(model.objects.live().filter(translation_key=key).select_related("locale"))
    if not pages:
        raise Http404
    language = get_language()
    return next((p for p in pages if p.locale.language_code == language), pages[0])


def lesson_serve(request: HttpRequest, *, lesson: LessonPage, base_serve, args, kwargs):
    course = lesson.course
    access = selectors.lesson_access(user=request.user, course=course)
    if not access.allowed:
        if access.reason == "anonymous":
            return redirect_to_login(request.get_full_path())
        if access.reason == "cohort_not_started":
            messages.info(
                request,
                _("Your cohort starts on %(date)s.") % {"date": access.cohort_starts_on},
            )
        elif course.is_restricted:
            raise Http404
        else:
            messages.info(request, _("Enrol in the course to start its lessons."))
        return redirect(course.get_url(request=request) or "/")
    if access.enrolment is not None:
        services.lesson_visit(user=request.user, lesson=lesson, enrolment=access.enrolment)
    request.campus_lesson = {"course": course, "access": access}
    return base_serve(request, *args, **kwargs)


@login_required
@require_POST
def enrol(request: HttpRequest, course_key) -> HttpResponse:
    course = _live_page(CoursePage, course_key, request)
    try:
        services.enrolment_create(user=request.user, course=course)
    except services.EnrolmentError as error:
        messages.error(request, str(error))
        return redirect(course.get_url(request=request))
    messages.success(request, _("You are enrolled. Welcome to the course!"))
    first = selectors.course_outline(course=course).next_after(None)
    return redirect(first.url if first else course.get_url(request=request))


@login_required
@require_POST
def leave(request: HttpRequest, course_key) -> HttpResponse:
    course = _live_page(CoursePage, course_key, request)
    services.enrolment_leave(user=request.user, course=course)
    messages.success(request, _("You have left the course. Your progress is kept."))
    return redirect("courses_my_learning")


@login_required
@require_POST
def lesson_complete(request: HttpRequest, lesson_key) -> HttpResponse:
    lesson = _live_page(LessonPage, lesson_key, request)
    if not selectors.lesson_access(user=request.user, course=lesson.course).allowed:
        raise Http404
    try:
        result = services.lesson_mark_complete(user=request.user, lesson=lesson)
    except services.ProgressError as error:
        messages.error(request, str(error))
        return redirect(lesson.get_url(request=request))
    if result.course_newly_completed:
        messages.success(request, _("Congratulations! You have completed the course."))
    outline = selectors.course_outline(course=lesson.course)
    following = outline.next_after(lesson.translation_key)
    return redirect(following.url if following else lesson.course.get_url(request=request))


@login_required
@require_POST
def reflection_save(request: HttpRequest, lesson_key, prompt_id: str) -> HttpResponse:
    lesson = _live_page(LessonPage, lesson_key, request)
    if not selectors.lesson_access(user=request.user, course=lesson.course).allowed:
        raise Http404
    try:
        services.reflection_save(
            user=request.user, lesson=lesson, prompt_id=prompt_id, text=request.POST.get("text", "")
        )
    except services.ProgressError as error:
        messages.error(request, str(error))
        return redirect(lesson.get_url(request=request))
    messages.success(request, _("Your reflection is saved. Only you can see it."))
    return redirect(f"{lesson.get_url(request=request)}#reflection-{prompt_id}")


@login_required
def my_learning(request: HttpRequest) -> HttpResponse:
    locale = Locale.get_active()
    context = selectors.my_learning(user=request.user, locale=locale)
    return render(request, "courses/my_learning.html", context)
