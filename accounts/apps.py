from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")
    default_auto_field = "django.db.models.BigAutoField"


class CampusUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with our profile fields instead of first and last name."""

    user_viewset = "accounts.admin_views.CampusUserViewSet"
