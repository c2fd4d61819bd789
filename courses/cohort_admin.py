"""Wagtail admin views for cohorts: list, create, edit, and a cohort's page with its members and
the "Add members" form. Every view reaches cohorts through `cohorts_for_user`, so a trainer
asking for another course's cohort by id gets a 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import selectors, services
from .cohort_forms import AddMembersForm, CohortForm

INDEX_URL = reverse_lazy("courses_cohorts_index")


class CohortAdminMixin(WagtailAdminTemplateMixin):
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not selectors.user_can_manage_cohorts(user=request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": INDEX_URL, "label": gettext_lazy("Cohorts")},
        ]


class CohortObjectMixin(CohortAdminMixin):
    """Loads the cohort from the URL, among those the user may manage only."""

    def dispatch(self, request, *args, **kwargs):
        self.cohort = get_object_or_404(
            selectors.cohorts_for_user(user=request.user), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.cohort.name

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {
                "url": reverse("courses_cohorts_detail", args=[self.cohort.pk]),
                "label": self.cohort.name,
            },
        ]


class CohortIndexView(CohortAdminMixin, TemplateView):
    template_name = "courses/admin/cohort_index.html"
    page_title = gettext_lazy("Cohorts")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": gettext_lazy("Cohorts")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = selectors.cohort_list_for_user(user=self.request.user)
        context["can_add"] = selectors.courses_user_can_manage(user=self.request.user).exists()
        return context


def _cohort_fields(form: CohortForm) -> dict:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "course": data["course"],
        "country": data["country"],
        "starts_on": data["starts_on"],
        "ends_on": data["ends_on"],
        "trainers": data["trainers"],
    }


class CohortCreateView(CohortAdminMixin, FormView):
    template_name = "courses/admin/cohort_form.html"
    form_class = CohortForm
    page_title = gettext_lazy("New cohort")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action_url": self.request.path}

    def form_valid(self, form):
        try:
            cohort = services.cohort_create(**_cohort_fields(form), created_by=self.request.user)
        except services.CohortError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("Cohort “%(name)s” created.") % {"name": cohort.name})
        return HttpResponseRedirect(reverse("courses_cohorts_detail", args=[cohort.pk]))


class CohortEditView(CohortObjectMixin, FormView):
    template_name = "courses/admin/cohort_form.html"
    form_class = CohortForm
    page_title = gettext_lazy("Edit cohort")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "cohort": self.cohort}

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "action_url": self.request.path,
            "cohort": self.cohort,
        }

    def form_valid(self, form):
        try:
            cohort = services.cohort_update(
                cohort=self.cohort, updated_by=self.request.user, **_cohort_fields(form)
            )
        except services.CohortError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("Cohort “%(name)s” saved.") % {"name": cohort.name})
        return HttpResponseRedirect(reverse("courses_cohorts_detail", args=[cohort.pk]))


class CohortDetailView(CohortObjectMixin, TemplateView):
    template_name = "courses/admin/cohort_detail.html"
    page_title = gettext_lazy("Cohort")

    def get_breadcrumbs_items(self):
        # The cohort itself is the last item: it is this page.
        items = super().get_breadcrumbs_items()
        items[-1] = {"url": "", "label": self.cohort.name}
        return items

    def get_context_data(self, form=None, member_errors=(), **kwargs):
        context = super().get_context_data(**kwargs)
        course = selectors.course_for_cohort(cohort=self.cohort)
        context.update(
            cohort=self.cohort,
            course=course,
            has_ended=selectors.cohort_has_ended(cohort=self.cohort),
            members=selectors.cohort_members(cohort=self.cohort),
            invitations=selectors.cohort_pending_invitations(cohort=self.cohort),
            form=form or AddMembersForm(),
            member_errors=member_errors,
            add_members_url=reverse("courses_cohorts_add_members", args=[self.cohort.pk]),
        )
        return context


class CohortAddMembersView(CohortDetailView):
    """POST of the "Add members" form. On any error the cohort page is shown again with the
    errors of each row, and nothing is saved."""

    def get(self, request, *args, **kwargs):
        return HttpResponseRedirect(reverse("courses_cohorts_detail", args=[self.cohort.pk]))

    def post(self, request, *args, **kwargs):
        form = AddMembersForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        parsed = services.cohort_parse_members(
            text=form.cleaned_data["emails"] or None, csv_file=form.cleaned_data["csv_file"]
        )
        errors = parsed.errors
        result = None
        if not errors:
            try:
                result = services.cohort_add_members(
                    cohort=self.cohort, emails=parsed.emails, invited_by=request.user
                )
            except services.CohortMembersError as error:
                errors = error.errors
            except services.CohortError as error:
                form.add_error(None, str(error))
                return self.render_to_response(self.get_context_data(form=form))
        if errors:
            form.add_error(None, _("Some rows have errors. Nothing was saved."))
            return self.render_to_response(self.get_context_data(form=form, member_errors=errors))
        self._report(result)
        return HttpResponseRedirect(reverse("courses_cohorts_detail", args=[self.cohort.pk]))

    def _report(self, result: services.AddResult) -> None:
        parts = []
        if result.enrolled:
            count = len(result.enrolled)
            parts.append(
                ngettext("%(count)d person enrolled", "%(count)d people enrolled", count)
                % {"count": count}
            )
        if result.invited:
            count = len(result.invited)
            parts.append(
                ngettext("%(count)d invitation sent", "%(count)d invitations sent", count)
                % {"count": count}
            )
        skipped = len(result.already_enrolled) + len(result.already_invited)
        if skipped:
            parts.append(
                ngettext(
                    "%(count)d already a member or invited",
                    "%(count)d already members or invited",
                    skipped,
                )
                % {"count": skipped}
            )
        messages.success(self.request, "; ".join(parts) + ".")


def cohort_admin_urls():
    return [
        path("cohorts/", CohortIndexView.as_view(), name="courses_cohorts_index"),
        path("cohorts/add/", CohortCreateView.as_view(), name="courses_cohorts_add"),
        path("cohorts/<int:pk>/", CohortDetailView.as_view(), name="courses_cohorts_detail"),
        path("cohorts/<int:pk>/edit/", CohortEditView.as_view(), name="courses_cohorts_edit"),
        path(
            "cohorts/<int:pk>/members/add/",
            CohortAddMembersView.as_view(),
            name="courses_cohorts_add_members",
        ),
    ]
