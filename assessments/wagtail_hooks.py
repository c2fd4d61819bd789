from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts.selectors import user_reaches_admin

from . import admin_urls, selectors
from .admin_registration import register

register()


class QuizStatisticsMenuItem(MenuItem):
    """Shown to the staff who follow at least one quiz: the Secretariat, course trainers."""

    def is_shown(self, request):
        user = request.user
        return user_reaches_admin(user=user) and selectors.user_follows_any_quiz(user=user)


@hooks.register("register_admin_urls")
def register_quiz_statistics_urls():
    return [path("quiz-statistics/", include(admin_urls, namespace="assessments_statistics"))]


@hooks.register("register_admin_menu_item")
def register_quiz_statistics_menu_item():
    return QuizStatisticsMenuItem(
        _("Quiz statistics"),
        reverse("assessments_statistics:index"),
        name="quiz-statistics",
        icon_name="tasks",
        order=270,
    )


# --- question import and export ---------------------------------------------------------------
# Imports stay inside the hooks: this block is appended to a file other features append to.


class ImportQuestionsMenuItem(MenuItem):
    def is_shown(self, request):
        from .import_views import IMPORT_PERMISSION

        return request.user.has_perm(IMPORT_PERMISSION)


@hooks.register("register_admin_urls")
def register_question_import_urls():
    from . import import_urls

    return [path("question-import/", include(import_urls, namespace="assessments_import"))]


@hooks.register("register_admin_menu_item")
def register_question_import_menu_item():
    return ImportQuestionsMenuItem(
        _("Import questions"),
        reverse("assessments_import:upload"),
        name="import-questions",
        icon_name="upload",
        order=265,
    )


@hooks.register("register_snippet_listing_buttons")
def register_category_export_button(snippet, user, next_url=None):
    from wagtail.admin.widgets import Button

    from .import_views import EXPORT_PERMISSION
    from .models import QuestionCategory

    if isinstance(snippet, QuestionCategory) and user.has_perm(EXPORT_PERMISSION):
        yield Button(
            _("Export to Moodle XML"),
            reverse("assessments_import:export", args=[snippet.pk]),
            icon_name="download",
            priority=90,
        )


# --- essays waiting for a trainer ---------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_essay_urls():
    from . import essay_urls

    return [path("essays/", include(essay_urls, namespace="assessments_essays"))]


@hooks.register("register_admin_menu_item")
def register_essay_menu_item():
    return QuizStatisticsMenuItem(
        _("Essays to grade"),
        reverse("assessments_essays:index"),
        name="essays",
        icon_name="edit",
        order=275,
    )
