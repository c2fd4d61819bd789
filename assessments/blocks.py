from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock


class QuizBlock(blocks.StructBlock):
    """A quiz inside a lesson: an activity graded on the server (courses.activities)."""

    activity_kind = "quiz"

    quiz = SnippetChooserBlock("assessments.Quiz", label=_("Quiz"))
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    required = blocks.BooleanBlock(
        label=_("Required to complete the lesson"), required=False, default=True
    )

    class Meta:
        icon = "tasks"
        template = "blocks/quiz_block.html"
        label = _("Quiz")
        description = _("A graded quiz; passing it completes this activity.")
