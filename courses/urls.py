from django.urls import path

from . import views

urlpatterns = [
    path("my-learning/", views.my_learning, name="courses_my_learning"),
    path("courses/<uuid:course_key>/enrol/", views.enrol, name="courses_enrol"),
    path("courses/<uuid:course_key>/leave/", views.leave, name="courses_leave"),
    path(
        "lessons/<uuid:lesson_key>/complete/", views.lesson_complete, name="courses_lesson_complete"
    ),
    path(
        "lessons/<uuid:lesson_key>/reflections/<str:prompt_id>/",
        views.reflection_save,
        name="courses_reflection_save",
    ),
]
