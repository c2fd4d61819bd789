"""The question bank and quizzes in the Wagtail admin (snippets with our own listing columns)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Question, QuestionCategory, Quiz


class QuestionCategoryViewSet(SnippetViewSet):
    model = QuestionCategory
    icon = "folder-open-inverse"
    menu_label = _("Categories")
    list_display = ["__str__", "info"]
    search_fields = ["name"]


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    list_display = ["name", "type", "category", "points"]
    list_filter = ["type", "category"]
    search_fields = ["name", "text"]


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "tasks"
    menu_label = _("Quizzes")
    list_display = ["title", "pass_mark", "max_attempts", "grading_method"]
    search_fields = ["title"]


class AssessmentViewSetGroup(ViewSetGroup):
    items = (QuizViewSet, QuestionViewSet, QuestionCategoryViewSet)
    menu_icon = "tasks"
    menu_label = _("Question bank")
    menu_name = "question-bank"


def register() -> None:
    register_snippet(AssessmentViewSetGroup)
