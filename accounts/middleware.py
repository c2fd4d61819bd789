from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .selectors import user_reaches_admin


class StaffMFARequiredMiddleware:
    """Staff must protect their account with a second factor before they reach the admin."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path.startswith(settings.WAGTAILADMIN_PATH)
            and getattr(settings, "STAFF_MFA_REQUIRED", True)
            and request.user.is_authenticated
            and user_reaches_admin(user=request.user)
        ):
            from allauth.mfa.utils import is_mfa_enabled

            if not is_mfa_enabled(request.user):
                messages.warning(
                    request,
                    _("Set up two-factor authentication to use the administration area."),
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)
