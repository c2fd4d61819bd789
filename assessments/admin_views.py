"""The "Quiz statistics" area of the admin: the quizzes a member of staff follows, and per quiz
its statistics, two CSV downloads and the regrade of a corrected question. Who follows which
quiz is decided by `selectors.followed_quiz`; an unknown quiz or one out of scope is a 404.

Learners' answers reach these pages as plain strings: templates autoescape them and the CSV
cells that a spreadsheet would read as a formula are neutralised."""

import csv
from datetime import datetime

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponseRedirect, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import selectors, services
from .models import Attempt, Question, Quiz, RegradeLog
from .statistics import QuizStats, quiz_statistics

# A spreadsheet treats a cell that begins with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CHART_WIDTH = 600
CHART_HEIGHT = 200
CHART_TOP = 20
CHART_LABELS = 30
ATTEMPTS_CHUNK = 500


class RegradeForm(forms.Form):
    qid = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=gettext_lazy("What was corrected"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=gettext_lazy("Kept in the regrade history."),
    )

    def __init__(self, *args, qids: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.qids = qids

    def clean_qid(self):
        qid = self.cleaned_data["qid"]
        if qid not in self.qids:
            raise forms.ValidationError(_("This question is not part of the quiz attempts."))
        return qid


def _quiz_or_404(request: HttpRequest, quiz_key) -> Quiz:
    quiz = selectors.followed_quiz(user=request.user, quiz_key=quiz_key)
    if quiz is None:
        raise Http404
    return quiz


def _auto_id(qid: str) -> str:
    """Field ids of the regrade form of one question (one form per question on the page)."""
    return f"regrade-{slugify(qid)}-%s"


def _first_only(request: HttpRequest) -> bool:
    return request.GET.get("attempts") == "first"


def _chart(stats: QuizStats) -> dict:
    """The distribution as SVG bars, in user units: counts above the bars, bands below."""
    top = stats.max_band_count or 1
    slot = CHART_WIDTH / len(stats.distribution)
    base = CHART_TOP + CHART_HEIGHT
    bars = []
    for index, band in enumerate(stats.distribution):
        height = round(CHART_HEIGHT * band.count / top)
        bars.append(
            {
                "band": band,
                "x": round(index * slot + slot * 0.1, 1),
                "width": round(slot * 0.8, 1),
                "y": base - height,
                "height": height,
                "middle": round(index * slot + slot / 2, 1),
                "count_y": base - height - 6,
            }
        )
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": base + CHART_LABELS,
        "base": base,
        "label_y": base + 20,
    }


class QuizStatisticsIndexView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "assessments/admin/statistics_index.html"
    page_title = gettext_lazy("Quiz statistics")
    header_icon = "tasks"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        quizzes = selectors.quizzes_user_may_follow(user=self.request.user)
        counts = selectors.quiz_attempt_counts(quiz_keys=[q.translation_key for q in quizzes])
        context["rows"] = [
            {"quiz": quiz, **counts.get(quiz.translation_key, {"graded": 0, "learners": 0})}
            for quiz in quizzes
        ]
        return context


class QuizStatisticsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "assessments/admin/statistics_quiz.html"
    header_icon = "tasks"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.quiz = _quiz_or_404(request, kwargs["quiz_key"])

    def get_page_title(self):
        return self.quiz.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("assessments_statistics:index"), "label": _("Quiz statistics")},
            {"url": "", "label": self.quiz.title},
        ]

    def post(self, request, *args, **kwargs):
        """Regrade one question of the quiz after it was corrected in the bank."""
        form = RegradeForm(
            request.POST, qids=self._shown_qids(), auto_id=_auto_id(request.POST.get("qid", ""))
        )
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(failed_form=form), status=400)
        qid = form.cleaned_data["qid"]
        question = Question.objects.filter(translation_key=qid, locale=self.quiz.locale).first()
        if question is None:
            messages.error(
                request,
                _("This question has no version in the quiz language (%(language)s).")
                % {"language": self.quiz.locale.get_display_name()},
            )
            return HttpResponseRedirect(request.get_full_path())
        changed = services.quiz_regrade_question(
            quiz=self.quiz,
            question=question,
            actor=request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(
            request,
            ngettext(
                "Regraded: %(count)s attempt changed.",
                "Regraded: %(count)s attempts changed.",
                changed,
            )
            % {"count": changed},
        )
        return HttpResponseRedirect(request.get_full_path())

    def _shown_qids(self) -> set[str]:
        """Every question some finished attempt showed (the regrade touches only those)."""
        qids: set[str] = set()
        rows = (
            Attempt.objects.filter(quiz_key=self.quiz.translation_key)
            .exclude(state=Attempt.State.OPEN)
            .values_list("questions", flat=True)
        )
        for questions in rows.iterator(chunk_size=ATTEMPTS_CHUNK):
            qids.update(q["qid"] for q in questions)
        return qids

    def get_context_data(self, failed_form: RegradeForm | None = None, **kwargs):
        context = super().get_context_data(**kwargs)
        first_only = _first_only(self.request)
        stats = quiz_statistics(quiz_key=self.quiz.translation_key, first_attempts_only=first_only)
        qids = {question.qid for question in stats.questions}
        types = dict(Question.Type.choices)
        questions = []
        for question in stats.questions:
            if failed_form is not None and failed_form.data.get("qid") == question.qid:
                form = failed_form
            else:
                form = RegradeForm(
                    initial={"qid": question.qid}, qids=qids, auto_id=_auto_id(question.qid)
                )
            questions.append(
                {"stats": question, "type_label": types.get(question.type, ""), "form": form}
            )
        key = self.quiz.translation_key
        query = "?attempts=first" if first_only else ""
        context.update(
            quiz=self.quiz,
            stats=stats,
            questions=questions,
            first_only=first_only,
            failed_form=failed_form,
            chart=_chart(stats),
            questions_csv_url=reverse("assessments_statistics:questions_csv", args=[key]) + query,
            attempts_csv_url=reverse("assessments_statistics:attempts_csv", args=[key]),
            regrades=_regrade_history(key, stats),
        )
        return context


def _regrade_history(quiz_key, stats: QuizStats) -> list[dict]:
    texts = {question.qid: question.text for question in stats.questions}
    logs = RegradeLog.objects.filter(quiz_key=quiz_key).select_related("actor")
    return [
        {"log": log, "question": texts.get(log.question_qid) or log.question_qid}
        for log in logs.order_by("-created_at", "-pk")
    ]


def _cell(value, tz) -> object:
    if isinstance(value, datetime):
        return value.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return f"'{value}"
    return value


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


class _Echo:
    """A file-like object for csv.writer that hands each line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


def _csv_response(header: list, rows, filename: str) -> StreamingHttpResponse:
    """A UTF-8 CSV download with a byte-order mark (spreadsheets then read accents right).

    The rows are written while the response streams, after the view has returned and the
    admin's language and time zone are no longer active: translated labels must be strings
    already, and dates are shown in the time zone active now."""
    tz = timezone.get_current_timezone()
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"
        yield writer.writerow([_cell(str(value), tz) for value in header])
        for row in rows:
            yield writer.writerow([_cell(value, tz) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _filename(quiz: Quiz, what: str) -> str:
    return f"quiz-{quiz.translation_key}-{what}-{timezone.localdate():%Y-%m-%d}.csv"


def quiz_questions_csv(request: HttpRequest, quiz_key) -> StreamingHttpResponse:
    quiz = _quiz_or_404(request, quiz_key)
    stats = quiz_statistics(quiz_key=quiz.translation_key, first_attempts_only=_first_only(request))
    header = [
        _("Position"),
        _("Question"),
        _("Type"),
        _("Times shown"),
        _("Facility index (%)"),
        _("Standard deviation (%)"),
        _("Discrimination index (%)"),
        _("Most chosen wrong answers"),
    ]
    types = dict(Question.Type.choices)
    rows = [
        [
            question.slot,
            question.text,
            str(types.get(question.type, question.type)),
            question.shown,
            _number(question.facility),
            _number(question.standard_deviation),
            _number(question.discrimination),
            "; ".join(f"{wrong.label} ({wrong.count})" for wrong in question.wrong_answers),
        ]
        for question in stats.questions
    ]
    return _csv_response(header, rows, _filename(quiz, "questions"))


def _attempt_rows(attempts, *, labels: dict):
    attempts = attempts.order_by("user__full_name", "user__email", "number").values_list(
        "user__full_name",
        "user__email",
        "number",
        "started_at",
        "submitted_at",
        "percent",
        "passed",
        "state",
    )
    for name, email, number, started, submitted, percent, passed, state in attempts.iterator(
        chunk_size=ATTEMPTS_CHUNK
    ):
        yield [name, email, number, started, submitted, percent, labels[passed], labels[state]]


def quiz_attempts_csv(request: HttpRequest, quiz_key) -> StreamingHttpResponse:
    quiz = _quiz_or_404(request, quiz_key)
    header = [
        _("Full name"),
        _("Email"),
        _("Attempt"),
        _("Started"),
        _("Submitted"),
        _("Score (%)"),
        _("Passed"),
        _("State"),
    ]
    labels = {True: _("Yes"), False: _("No"), None: ""}
    labels.update((value, str(label)) for value, label in Attempt.State.choices)
    attempts = selectors.quiz_attempts_user_may_list(user=request.user, quiz=quiz)
    rows = _attempt_rows(attempts, labels=labels)
    return _csv_response(header, rows, _filename(quiz, "attempts"))
