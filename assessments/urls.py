from django.urls import path

from . import views

urlpatterns = [
    path(
        "lessons/<uuid:lesson_key>/quiz/<str:activity_key>/start/",
        views.attempt_start,
        name="assessments_start",
    ),
    path("attempts/<int:attempt_id>/", views.attempt_page, name="assessments_attempt"),
    path("attempts/<int:attempt_id>/save/", views.attempt_save, name="assessments_save"),
    path("attempts/<int:attempt_id>/submit/", views.attempt_submit, name="assessments_submit"),
    path("attempts/<int:attempt_id>/review/", views.attempt_review, name="assessments_review"),
]
