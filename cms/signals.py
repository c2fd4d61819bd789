"""Page lifecycle → cache invalidation. One place, one-line handlers."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .cache import content_generation_bump


def _bump(**kwargs):
    content_generation_bump()


def connect() -> None:
    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(_bump, dispatch_uid=f"campus-generation-{id(signal)}")
    from wagtail.models import Page, Site

    from .models import FooterLink, FooterText, SiteSettings

    post_delete.connect(_bump, sender=Page, dispatch_uid="campus-generation-delete")
    # Site settings and the footer are part of every cached page.
    for model in (Site, SiteSettings, FooterLink, FooterText):
        post_save.connect(_bump, sender=model, dispatch_uid=f"campus-generation-{model.__name__}")
        post_delete.connect(
            _bump, sender=model, dispatch_uid=f"campus-generation-del-{model.__name__}"
        )
