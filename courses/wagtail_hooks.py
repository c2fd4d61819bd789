from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts.selectors import user_focal_point_countries, user_is_secretariat, user_is_trainer

from . import trainer_urls
from .models import CourseIndexPage
from .services import course_index_setup


@hooks.register("after_create_page")
def set_up_course_catalogue(request, page):
    if isinstance(page, CourseIndexPage):
        course_index_setup(index=page)


class LearnersMenuItem(MenuItem):
    """Shown to the roles that follow learners: the Secretariat, trainers and focal points."""

    def is_shown(self, request):
        user = request.user
        return (
            user_is_secretariat(user=user)
            or user_is_trainer(user=user)
            or bool(user_focal_point_countries(user=user))
        )


@hooks.register("register_admin_urls")
def register_learner_urls():
    return [path("learners/", include(trainer_urls, namespace="courses_trainer"))]


@hooks.register("register_admin_menu_item")
def register_learners_menu_item():
    return LearnersMenuItem(
        _("Learners"),
        reverse("courses_trainer:index"),
        name="learners",
        icon_name="group",
        order=250,
    )


@hooks.register("register_admin_urls")
def register_cohort_admin_urls():
    from .cohort_admin import cohort_admin_urls

    return cohort_admin_urls()


class CohortsMenuItem(MenuItem):
    """Shown to the Secretariat and trainers, who manage cohorts."""

    def is_shown(self, request):
        from .selectors import user_can_manage_cohorts

        return user_can_manage_cohorts(user=request.user)


@hooks.register("register_admin_menu_item")
def register_cohorts_menu_item():
    return CohortsMenuItem(
        _("Cohorts"),
        reverse("courses_cohorts_index"),
        name="cohorts",
        icon_name="group",
        order=260,
    )
