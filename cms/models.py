"""The site itself: images with mandatory alternative text, the home page, standard pages
(About, Privacy…), the footer text (translated like pages) and site-wide settings."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from .blocks import StandardBodyBlock, ThemeCardBlock


class CampusImage(AbstractImage):
    alt_text = models.CharField(
        _("alternative text"),
        max_length=255,
        help_text=_("Describe the image for people who cannot see it."),
    )

    admin_form_fields = (*Image.admin_form_fields, "alt_text")

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")
        permissions = [("choose_image", "Can choose image")]


class CampusRendition(AbstractRendition):
    image = models.ForeignKey(CampusImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class HomePage(Page):
    hero_title = models.CharField(_("hero title"), max_length=200)
    hero_text = models.TextField(_("hero text"))
    hero_image = models.ForeignKey(
        CampusImage,
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    themes_heading = models.CharField(_("themes heading"), max_length=200)
    themes = StreamField([("theme", ThemeCardBlock())], verbose_name=_("themes"), blank=True)
    practices_heading = models.CharField(_("good practices heading"), max_length=200, blank=True)
    practices_intro = models.TextField(_("good practices introduction"), blank=True)
    cta_title = models.CharField(_("call to action title"), max_length=200, blank=True)
    cta_text = models.TextField(_("call to action text"), blank=True)
    cta_label = models.CharField(_("call to action button"), max_length=80, blank=True)
    cta_page = models.ForeignKey(
        Page,
        verbose_name=_("call to action page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("hero_title"), FieldPanel("hero_text"), FieldPanel("hero_image")],
            heading=_("Hero"),
        ),
        MultiFieldPanel([FieldPanel("themes_heading"), FieldPanel("themes")], heading=_("Themes")),
        MultiFieldPanel(
            [FieldPanel("practices_heading"), FieldPanel("practices_intro")],
            heading=_("Good practices"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("cta_title"),
                FieldPanel("cta_text"),
                FieldPanel("cta_label"),
                FieldPanel("cta_page"),
            ],
            heading=_("Call to action"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("hero_text")]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Resolve a path below this home page from the cache when we can: walking the tree
        costs one query per level, a cached (type, id) costs one."""
        from .routing import cached_route

        return cached_route(self, request, path_components, fallback=super().route)


class StandardPage(Page):
    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(StandardBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


@register_snippet
class FooterText(TranslatableMixin, models.Model):
    body = RichTextField(_("text"), features=["bold", "italic", "link"])

    panels = [FieldPanel("body")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("footer text")
        verbose_name_plural = _("footer texts")

    def __str__(self) -> str:
        return str(_("Footer text")) + f" ({self.locale})"


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting, ClusterableModel):
    organisation_name = models.CharField(
        _("organisation name"), max_length=200, default="Regional Conference on Migration"
    )
    logo = models.ForeignKey(
        CampusImage,
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    partner_logo = models.ForeignKey(
        CampusImage,
        verbose_name=_("partner logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    privacy_page = models.ForeignKey(
        Page,
        verbose_name=_("privacy notice page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("organisation_name"),
        FieldPanel("logo"),
        FieldPanel("partner_logo"),
        FieldPanel("contact_email"),
        FieldPanel("privacy_page"),
        InlinePanel("footer_links", label=_("Footer links")),
    ]

    class Meta:
        verbose_name = _("site settings")


class FooterLink(Orderable):
    settings = ParentalKey(SiteSettings, related_name="footer_links", on_delete=models.CASCADE)
    page = models.ForeignKey(
        Page, verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("page")]

    class Meta(Orderable.Meta):
        verbose_name = _("footer link")
