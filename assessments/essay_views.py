"""Essay answers waiting for a trainer: a list, and a page to grade one attempt's essays."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import selectors, services
from .models import Attempt


class EssayGradeForm(forms.Form):
    percent = forms.IntegerField(
        label=gettext_lazy("Credit (%)"), min_value=0, max_value=100, initial=100
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment for the learner"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _gradable_attempts(user):
    keys = [quiz.translation_key for quiz in selectors.quizzes_user_may_follow(user=user)]
    waiting = Attempt.objects.filter(quiz_key__in=keys, state=Attempt.State.NEEDS_GRADING)
    return [
        attempt
        for attempt in waiting.select_related("quiz", "user").order_by("submitted_at")
        if selectors.quiz_attempts_user_may_list(user=user, quiz=attempt.quiz)
        .filter(pk=attempt.pk)
        .exists()
    ]


def essay_index(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "assessments/admin/essays_index.html",
        {"attempts": _gradable_attempts(request.user), "page_title": _("Essays to grade")},
    )


def essay_grade(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = next((a for a in _gradable_attempts(request.user) if a.pk == attempt_id), None)
    if attempt is None:
        raise Http404
    waiting = [
        q
        for q in attempt.questions
        if q["type"] == "essay" and attempt.grades.get(q["qid"], {}).get("state") == "needs_grading"
    ]
    form = EssayGradeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        qid = request.POST.get("qid", "")
        try:
            services.attempt_grade_essay(
                attempt=attempt,
                qid=qid,
                fraction=form.cleaned_data["percent"] / 100,
                comment=form.cleaned_data["comment"],
                grader=request.user,
            )
        except services.AttemptError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The answer is graded."))
        return redirect(
            "assessments_essays:grade" if len(waiting) > 1 else "assessments_essays:index",
            *([attempt.pk] if len(waiting) > 1 else []),
        )
    return TemplateResponse(
        request,
        "assessments/admin/essays_grade.html",
        {
            "attempt": attempt,
            "items": [(q, attempt.answers.get(q["qid"], {}).get("text", "")) for q in waiting],
            "form": form,
            "page_title": _("Grade essays"),
        },
    )
