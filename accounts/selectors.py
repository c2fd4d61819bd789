from django.contrib.auth.models import AnonymousUser

from .models import User
from .roles import FOCAL_POINT_PREFIX, Role

ADMIN_ACCESS_PERMISSION = "wagtailadmin.access_admin"


def user_group_names(*, user: User | AnonymousUser) -> frozenset[str]:
    """Names of the user's groups, fetched once per user object."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_campus_group_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._campus_group_names = cached
    return cached


def user_reaches_admin(*, user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(ADMIN_ACCESS_PERMISSION))


def user_is_secretariat(*, user: User | AnonymousUser) -> bool:
    return bool(
        user.is_authenticated
        and (user.is_superuser or Role.SECRETARIAT in user_group_names(user=user))
    )


def user_is_trainer(*, user: User | AnonymousUser) -> bool:
    return Role.TRAINERS in user_group_names(user=user)


def user_focal_point_countries(*, user: User | AnonymousUser) -> frozenset[str]:
    """Country codes the user is a focal point for (usually one, or none)."""
    return frozenset(
        name.removeprefix(FOCAL_POINT_PREFIX)
        for name in user_group_names(user=user)
        if name.startswith(FOCAL_POINT_PREFIX)
    )


def user_data_export(*, user: User) -> dict:
    """Everything Campus stores about the user, for their own download (data portability)."""
    from allauth.account.models import EmailAddress

    return {
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "country": user.country,
            "government_level": user.government_level,
            "institution": user.institution,
            "institution_type": user.institution_type,
            "position": user.position,
            "preferred_language": user.preferred_language,
            "gender": user.gender,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "privacy_consent_at": user.privacy_consent_at.isoformat()
            if user.privacy_consent_at
            else None,
            "privacy_notice_version": user.privacy_notice_version,
            "deletion_requested_at": user.deletion_requested_at.isoformat()
            if user.deletion_requested_at
            else None,
        },
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "groups": sorted(user_group_names(user=user)),
    }
