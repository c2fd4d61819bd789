"""Admin forms for cohorts. They validate input; the services in `courses.services` write."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from accounts.models import Country, User
from accounts.roles import Role

from .models import Cohort
from .selectors import course_choices_for_user


class CohortForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    course = forms.ModelChoiceField(
        label=_("Course"),
        queryset=None,
        help_text=_("Only the courses you may manage are listed."),
    )
    country = forms.ChoiceField(
        label=_("Country"), choices=[("", "---------"), *Country.choices], required=False
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=AdminDateInput)
    ends_on = forms.DateField(
        label=_("Ends on"),
        widget=AdminDateInput,
        required=False,
        help_text=_("After this day the cohort takes no new members."),
    )
    trainers = forms.ModelMultipleChoiceField(
        label=_("Trainers"),
        queryset=User.objects.filter(groups__name=Role.TRAINERS, is_active=True)
        .distinct()
        .order_by("full_name", "email"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, cohort: Cohort | None = None, **kwargs):
        if cohort is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": cohort.name,
                    "country": cohort.country,
                    "starts_on": cohort.starts_on,
                    "ends_on": cohort.ends_on,
                    "trainers": list(cohort.trainers.all()),
                },
            )
        super().__init__(*args, **kwargs)
        courses = course_choices_for_user(
            user=user, include_key=cohort.course_key if cohort else None
        )
        self.fields["course"].queryset = courses
        if cohort is not None:
            self.fields["course"].initial = courses.filter(
                translation_key=cohort.course_key
            ).first()

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date cannot be before the start date."))
        return cleaned


class AddMembersForm(forms.Form):
    emails = forms.CharField(
        label=_("Paste email addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Separate them with new lines, commas, semicolons or spaces."),
    )
    csv_file = forms.FileField(
        label=_("Or upload a CSV file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        help_text=_(
            "UTF-8, comma or semicolon separated, with a first row naming the columns: "
            "“email” and optionally “full_name”. At most 2,000 rows and 1 MB."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        text = (cleaned.get("emails") or "").strip()
        csv_file = cleaned.get("csv_file")
        if text and csv_file:
            raise forms.ValidationError(_("Paste addresses or upload a file, not both."))
        if not text and not csv_file:
            raise forms.ValidationError(_("Paste some addresses or choose a CSV file."))
        return cleaned
