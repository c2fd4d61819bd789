from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.utils import translation

from cms.i18n import url_in_language

from .models import User
from .selectors import user_reaches_admin
from .services import user_join_learners, user_record_consent


class CampusAccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: User, form, commit: bool = True) -> User:
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        for field in (
            "full_name",
            "country",
            "government_level",
            "institution",
            "institution_type",
            "position",
            "preferred_language",
            "gender",
        ):
            if field in data:
                setattr(user, field, data[field] or "")
        if commit:
            user.save()
            user_join_learners(user=user)
            if data.get("privacy_consent"):
                user_record_consent(user=user)
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Write to people in their preferred language when we know them."""
        user = context.get("user") or User.objects.filter(email__iexact=email).first()
        language = getattr(user, "preferred_language", None) or translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, context)

    def confirm_email(self, request: HttpRequest, email_address) -> bool:
        """A confirmed address accepts the cohort invitations sent to it."""
        confirmed = super().confirm_email(request, email_address)
        if confirmed:
            from courses.services import cohort_accept_invitations

            cohort_accept_invitations(user=email_address.user)
        return confirmed

    def post_login(self, request: HttpRequest, user: User, **kwargs):
        response = super().post_login(request, user, **kwargs)
        # Pages show Wagtail's user bar to staff only; remembering it saves queries per page.
        request.session["campus_reaches_admin"] = user_reaches_admin(user=user)
        language = user.preferred_language
        if language not in dict(settings.LANGUAGES):
            return response
        if isinstance(response, HttpResponseRedirect):
            response = HttpResponseRedirect(
                url_in_language(request, response.url, language=language)
            )
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=request.is_secure(),
        )
        return response
