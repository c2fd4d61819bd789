"""Wagtail's user administration, showing our profile fields (full name, country, …) instead of
Django's first and last name, which Campus does not store."""

from django import forms
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet

PROFILE_FIELDS = ["full_name", "country", "government_level", "institution", "preferred_language"]


class CampusUserCreationForm(UserCreationForm):
    first_name = None
    last_name = None

    class Meta(UserCreationForm.Meta):
        fields = ["email", *PROFILE_FIELDS, "is_superuser", "groups"]
        widgets = {"groups": forms.CheckboxSelectMultiple}


class CampusUserEditForm(UserEditForm):
    first_name = None
    last_name = None

    class Meta(UserEditForm.Meta):
        fields = ["email", *PROFILE_FIELDS, "is_active", "is_superuser", "groups"]
        widgets = {"groups": forms.CheckboxSelectMultiple}


class CampusUserViewSet(UserViewSet):
    def get_form_class(self, for_update=False):
        return CampusUserEditForm if for_update else CampusUserCreationForm
