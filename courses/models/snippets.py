from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet


@register_snippet
class Theme(TranslatableMixin, index.Indexed, models.Model):
    """A theme of the platform (e.g. gender approach). Courses and good practices share them;
    `key` is the same in every language and is what filters use."""

    key = models.SlugField(_("key"), max_length=50, help_text=_("Same in every language."))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("key"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "locale"], name="courses_theme_key_locale_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name
