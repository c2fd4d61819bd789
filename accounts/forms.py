from allauth.account.forms import SignupForm
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Country, Gender, GovernmentLevel, InstitutionType, User

GENDER_HELP = _(
    "Optional. We ask so that the member countries can report training results "
    "disaggregated by gender; it is never shown to other users."
)


class ProfileFieldsMixin(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    country = forms.ChoiceField(label=_("Country"), choices=[("", "—"), *Country.choices])
    government_level = forms.ChoiceField(
        label=_("Level of government"), choices=[("", "—"), *GovernmentLevel.choices]
    )
    institution = forms.CharField(
        label=_("Institution"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    institution_type = forms.ChoiceField(
        label=_("Type of institution"),
        choices=[("", "—"), *InstitutionType.choices],
        required=False,
    )
    position = forms.CharField(
        label=_("Position"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES
    )
    gender = forms.ChoiceField(
        label=_("Gender"),
        choices=[("", _("Not answered")), *Gender.choices],
        required=False,
        help_text=GENDER_HELP,
    )


class CampusSignupForm(ProfileFieldsMixin, SignupForm):
    privacy_consent = forms.BooleanField(label=_("I have read and accept the privacy notice."))

    field_order = [
        "email",
        "password1",
        "password2",
        "full_name",
        "country",
        "government_level",
        "institution",
        "institution_type",
        "position",
        "preferred_language",
        "gender",
        "privacy_consent",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.utils.translation import get_language

        language = (get_language() or settings.LANGUAGE_CODE)[:2]
        if language in dict(settings.LANGUAGES):
            self.fields["preferred_language"].initial = language
        self.fields["privacy_consent"].help_text = format_html(
            '<a href="{}">{}</a>', reverse("privacy_notice"), _("Read the privacy notice")
        )


class ProfileForm(ProfileFieldsMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "full_name",
            "country",
            "government_level",
            "institution",
            "institution_type",
            "position",
            "preferred_language",
            "gender",
        ]
