"""StreamField blocks shared by the site's pages. Other apps' bodies reuse these."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading")), ("h3", _("Subheading"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        label = _("Heading")
        description = _("A heading that structures the page (read by screen readers).")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        max_length=255,
        help_text=_("Leave empty to use the image's own alternative text."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=255)

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        label = _("Image")
        description = _("An image with alternative text and an optional caption.")


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        label = _("Quote")
        description = _("A quotation with its source.")


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[("note", _("Note")), ("warning", _("Warning"))],
        default="note",
    )
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "warning"
        template = "blocks/callout_block.html"
        label = _("Call-out")
        description = _("A highlighted box for a note or a warning.")


BODY_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ul", "ol", "h3", "h4"]


def body_text_block() -> blocks.RichTextBlock:
    """The paragraphs block of every body StreamField (pages, lessons)."""
    return blocks.RichTextBlock(
        label=_("Rich text"),
        icon="pilcrow",
        template="blocks/rich_text_block.html",
        description=_("Paragraphs, lists and links."),
        features=BODY_TEXT_FEATURES,
    )


class StandardBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    rich_text = body_text_block()
    image = ImageBlock()
    quote = QuoteBlock()
    callout = CalloutBlock()


class ThemeCardBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    summary = blocks.TextBlock(label=_("Summary"))
    link = blocks.PageChooserBlock(label=_("Link"), required=False)

    class Meta:
        icon = "tag"
        template = "blocks/theme_card_block.html"
        label = _("Theme")
        description = _("One of the course themes, shown as a card on the home page.")
