"""Blocks of a lesson body. Editorial content only: anything that records learner data is
keyed by the block's stable id (reflections, activities)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock

from assessments.blocks import QuizBlock
from cms.blocks import HeadingBlock, ImageBlock, body_text_block


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Video address"), help_text=_("A link to the video page."))
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    transcript = blocks.RichTextBlock(
        label=_("Transcript"), required=False, features=["bold", "italic", "ul", "ol"]
    )
    captions_url = blocks.URLBlock(label=_("Captions or transcript link"), required=False)

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"
        label = _("Video")
        description = _("An embedded video with its transcript or a link to captions.")

    def clean(self, value):
        value = super().clean(value)
        if not value.get("transcript") and not value.get("captions_url"):
            raise StructBlockValidationError(
                block_errors={
                    "transcript": ValidationError(
                        _("Add a transcript or a captions link: not everyone can hear the video.")
                    )
                }
            )
        return value


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    description = blocks.CharBlock(label=_("Description"), required=False, max_length=255)

    class Meta:
        icon = "doc-full"
        template = "blocks/document_block.html"
        label = _("Document download")
        description = _("A file to download, shown with its type and size.")


class LessonCalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[
            ("note", _("Note")),
            ("warning", _("Warning")),
            ("sensitive", _("Sensitive content")),
        ],
        default="note",
    )
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link", "ul", "ol"])
    support_resources = blocks.RichTextBlock(
        label=_("Support resources"),
        required=False,
        features=["bold", "italic", "link", "ul"],
        help_text=_("For sensitive content: where learners can find support."),
    )

    class Meta:
        icon = "warning"
        template = "blocks/lesson_callout_block.html"
        label = _("Call-out")
        description = _("A note, a warning or a sensitive-content notice with support resources.")


class CaseStudyBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "ul", "ol"])

    class Meta:
        icon = "group"
        template = "blocks/case_study_block.html"
        label = _("Case study")
        description = _("A situation from a municipality and what its officials did.")


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=300)
    answer = blocks.RichTextBlock(label=_("Answer"), features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "help"
        label = _("Question and answer")


class AccordionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    items = blocks.ListBlock(FAQItemBlock(), label=_("Questions"), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "blocks/accordion_block.html"
        label = _("Accordion / FAQ")
        description = _("Questions that open to show their answers.")


class ReflectionBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(label=_("Prompt"))

    class Meta:
        icon = "edit"
        template = "blocks/reflection_block.html"
        label = _("Private reflection")
        description = _("A question learners answer for themselves; only they see the answer.")


class LessonBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    rich_text = body_text_block()
    image = ImageBlock()
    video = VideoBlock()
    document = DocumentBlock()
    callout = LessonCalloutBlock()
    case_study = CaseStudyBlock()
    accordion = AccordionBlock()
    reflection = ReflectionBlock()
    quiz = QuizBlock()
