import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.models import LessonPage
from courses.selectors import lesson_access

from . import grading, selectors, services
from .forms import answers_from_post
from .models import Quiz

MAX_AUTOSAVE_BYTES = 64 * 1024


def _lesson_quiz(request, lesson_key, activity_key) -> tuple[LessonPage, Quiz]:
    """The live lesson and the quiz of one of its quiz blocks, if the user may take it."""
    lesson = LessonPage.objects.live().filter(translation_key=lesson_key).first()
    if lesson is None or not lesson_access(user=request.user, course=lesson.course).allowed:
        raise Http404
    for child in lesson.body:
        if child.block_type == "quiz" and f"quiz:{child.id}" == activity_key:
            quiz = child.value["quiz"]
            if quiz is None:
                break
            localized = quiz.localized
            return lesson, localized
    raise Http404


@login_required
@require_POST
def attempt_start(request: HttpRequest, lesson_key, activity_key: str) -> HttpResponse:
    lesson, quiz = _lesson_quiz(request, lesson_key, activity_key)
    try:
        attempt = services.attempt_start(
            quiz=quiz,
            user=request.user,
            context=services.ActivityContext(lesson.translation_key, activity_key),
        )
    except services.AttemptError as error:
        messages.error(request, str(error))
        return redirect(lesson.get_url(request=request))
    return redirect("assessments_attempt", attempt_id=attempt.pk)


def _own_attempt(request, attempt_id):
    attempt = selectors.attempt_for_user(user=request.user, attempt_id=attempt_id)
    if attempt is None:
        raise Http404
    return attempt


def _lesson_url(attempt, request) -> str:
    lesson = LessonPage.objects.live().filter(translation_key=attempt.lesson_key).first()
    return (lesson.localized.get_url(request=request) if lesson else None) or "/"


@login_required
def attempt_page(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = services.attempt_close_if_overdue(attempt=_own_attempt(request, attempt_id))
    if not attempt.is_open:
        return redirect("assessments_review", attempt_id=attempt.pk)
    remaining = None
    if attempt.deadline:
        remaining = max(0, int((attempt.deadline - timezone.now()).total_seconds()))
    return render(
        request,
        "assessments/attempt.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "questions": selectors.questions_for_display(attempt=attempt),
            "remaining_seconds": remaining,
            "remaining_clock": f"{remaining // 60}:{remaining % 60:02d}"
            if remaining is not None
            else "",
            "lesson_url": _lesson_url(attempt, request),
        },
    )


@login_required
@require_POST
def attempt_save(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """Autosave (JavaScript) or "save" button. Answers only; never tells right from wrong."""
    attempt = _own_attempt(request, attempt_id)
    wants_json = (
        request.content_type == "application/json"
        or request.headers.get("X-Requested-With") == "fetch"
    )
    if len(request.body) > MAX_AUTOSAVE_BYTES:
        return JsonResponse({"error": _("Too much data.")}, status=413)
    if request.content_type == "application/json":
        try:
            payload = json.loads(request.body or b"{}")
            answers = payload.get("answers", {})
            if not isinstance(answers, dict):
                raise ValueError
        except (ValueError, AttributeError):
            return JsonResponse({"error": _("The answers could not be read.")}, status=400)
    else:
        answers = answers_from_post(attempt.questions, request.POST)
    try:
        attempt = services.attempt_autosave(attempt=attempt, answers=answers)
    except services.AttemptExpired as error:
        return JsonResponse(
            {"error": str(error), "review_url": reverse("assessments_review", args=[attempt.pk])},
            status=409,
        )
    except services.AttemptError as error:
        return JsonResponse({"error": str(error)}, status=409)
    except grading.InvalidResponse as error:
        return JsonResponse({"error": str(error)}, status=400)
    if wants_json:
        return JsonResponse({"saved_at": attempt.answers_saved_at.isoformat()})
    messages.success(request, _("Your answers are saved."))
    return redirect("assessments_attempt", attempt_id=attempt.pk)


@login_required
@require_POST
def attempt_submit(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = _own_attempt(request, attempt_id)
    try:
        answers = answers_from_post(attempt.questions, request.POST) if attempt.is_open else {}
        attempt = services.attempt_submit(attempt=attempt, answers=answers)
    except grading.InvalidResponse as error:
        messages.error(request, str(error))
        return redirect("assessments_attempt", attempt_id=attempt.pk)
    return redirect("assessments_review", attempt_id=attempt.pk)


@login_required
def attempt_review(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = services.attempt_close_if_overdue(attempt=_own_attempt(request, attempt_id))
    if attempt.is_open:
        return redirect("assessments_attempt", attempt_id=attempt.pk)
    rules = selectors.review_rules(attempt=attempt)
    return render(
        request,
        "assessments/review.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "rules": rules,
            "questions": selectors.questions_for_review(attempt=attempt, rules=rules),
            "lesson_url": _lesson_url(attempt, request),
        },
    )
