"""The "Learners" area of the admin: the courses a member of staff follows, and per course its
learners' progress, filtered, as a table or a CSV download. Who sees whom is decided by
`courses.selectors.trainer`; an unknown course or one out of scope is a 404."""

import csv
import io
from datetime import datetime

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.models import Country
from accounts.selectors import user_is_secretariat

from . import selectors
from .models import CoursePage

# A spreadsheet treats a cell that begins with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class LearnerFilterForm(forms.Form):
    cohort = forms.ModelChoiceField(
        label=gettext_lazy("Cohort"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("All cohorts"),
    )
    inactive = forms.TypedChoiceField(
        label=gettext_lazy("Inactive for more than"),
        coerce=int,
        required=False,
        empty_value=None,
    )
    country = forms.ChoiceField(label=gettext_lazy("Country"), required=False)

    def __init__(self, *args, course: CoursePage, show_country: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = selectors.cohorts_for_course(course=course)
        self.fields["inactive"].choices = [
            ("", _("Any activity")),
            *(
                (days, ngettext("%(days)s day", "%(days)s days", days) % {"days": days})
                for days in selectors.INACTIVE_DAYS_CHOICES
            ),
        ]
        if show_country:
            self.fields["country"].choices = [("", _("All countries")), *Country.choices]
        else:
            del self.fields["country"]

    def filters(self) -> dict:
        """The valid filters, as keyword arguments of `course_learners`; invalid ones are
        ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "cohort": data.get("cohort"),
            "inactive_days": data.get("inactive"),
            "country": data.get("country") or None,
        }

    def query_string(self) -> str:
        data = getattr(self, "cleaned_data", {})
        params = {
            "cohort": data["cohort"].pk if data.get("cohort") else "",
            "inactive": data.get("inactive") or "",
            "country": data.get("country") or "",
        }
        return urlencode({name: value for name, value in params.items() if value})


def _course_or_404(request: HttpRequest, course_key) -> CoursePage:
    course = selectors.trainer_course(user=request.user, course_key=course_key)
    if course is None:
        raise Http404
    return course


def _filtered(request: HttpRequest, course: CoursePage):
    form = LearnerFilterForm(
        request.GET or None,
        course=course,
        show_country=user_is_secretariat(user=request.user),
    )
    rows = selectors.course_learners(user=request.user, course=course, **form.filters())
    return form, rows


class CourseListView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "courses/admin/trainer/index.html"
    page_title = gettext_lazy("Learners")
    header_icon = "group"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summaries"] = selectors.trainer_course_summaries(user=self.request.user)
        return context


class CourseLearnersView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "courses/admin/trainer/course.html"
    header_icon = "group"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.course = _course_or_404(request, kwargs["course_key"])

    def get_page_title(self):
        return self.course.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("courses_trainer:index"), "label": _("Learners")},
            {"url": "", "label": self.course.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, rows = _filtered(self.request, self.course)
        query = form.query_string()
        csv_url = reverse("courses_trainer:csv", args=[self.course.translation_key])
        context.update(
            course=self.course,
            form=form,
            rows=rows,
            csv_url=f"{csv_url}?{query}" if query else csv_url,
        )
        return context


def _cell(value) -> object:
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return f"'{value}"
    return value


def course_learners_csv(request: HttpRequest, course_key) -> HttpResponse:
    course = _course_or_404(request, course_key)
    _form, rows = _filtered(request, course)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            _("Full name"),
            _("Email"),
            _("Country"),
            _("Institution"),
            _("Cohort"),
            _("Enrolled"),
            _("Last activity"),
            _("Lessons done"),
            _("Required lessons"),
            _("Progress (%)"),
            _("Completed"),
        ]
    )
    for row in rows:
        writer.writerow(
            _cell(value)
            for value in (
                row.full_name,
                row.email,
                row.country_label,
                row.institution,
                row.cohort_name,
                row.enrolled_at,
                row.last_activity_at,
                row.lessons_done,
                row.lessons_required,
                row.percent,
                row.completed_at,
            )
        )
    filename = f"{course.slug}-learners-{timezone.localdate():%Y-%m-%d}.csv"
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
