from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from .models import User
from .roles import Role


@transaction.atomic
def user_record_consent(*, user: User, notice_version: str | None = None) -> User:
    """Store that the user accepted the privacy notice, with the time and the notice version."""
    user.privacy_consent_at = timezone.now()
    user.privacy_notice_version = notice_version or settings.PRIVACY_NOTICE_VERSION
    user.save(update_fields=["privacy_consent_at", "privacy_notice_version"])
    return user


@transaction.atomic
def user_join_learners(*, user: User) -> None:
    """Every account starts as a learner; staff roles are granted by an administrator."""
    group, _ = Group.objects.get_or_create(name=Role.LEARNERS)
    user.groups.add(group)


@transaction.atomic
def user_update_profile(*, user: User, data: dict) -> User:
    """Save the editable profile fields given in `data` after model validation."""
    editable = {
        "full_name",
        "country",
        "government_level",
        "institution",
        "institution_type",
        "position",
        "preferred_language",
        "gender",
    }
    for field, value in data.items():
        if field in editable:
            setattr(user, field, value)
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def user_request_deletion(*, user: User) -> User:
    """Mark the account for deletion; the Secretariat confirms it (records may be kept for the
    certificates already issued). Idempotent: the first request time is kept."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.deletion_requested_at is None:
        user.deletion_requested_at = timezone.now()
        user.save(update_fields=["deletion_requested_at"])
        from .tasks import user_deletion_request_notify_task

        transaction.on_commit(lambda: user_deletion_request_notify_task.delay(user_id=user.pk))
    return user


def user_deletion_request_notify(*, user_id: int) -> bool:
    """Tell the Secretariat (the site's contact address) that a user asked to be deleted.

    Returns False when the request was withdrawn meanwhile or no contact address is set."""
    from cms.models import SiteSettings

    user = User.objects.filter(pk=user_id, deletion_requested_at__isnull=False).first()
    site = Site.objects.filter(is_default_site=True).first()
    contact = SiteSettings.for_site(site).contact_email if site else ""
    if user is None or not contact:
        return False
    send_mail(
        subject=f"[Campus] Account deletion request: {user.email}",
        message=(
            f"{user.get_full_name()} <{user.email}> asked on "
            f"{user.deletion_requested_at:%Y-%m-%d %H:%M} UTC for their account to be deleted.\n"
            f"Review it in the admin: {settings.SITE_URL}/admin/users/{user.pk}/\n"
        ),
        from_email=None,
        recipient_list=[contact],
    )
    return True


@transaction.atomic
def user_cancel_deletion(*, user: User) -> User:
    user.deletion_requested_at = None
    user.save(update_fields=["deletion_requested_at"])
    return user
