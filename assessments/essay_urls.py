from django.urls import path

from . import essay_views

app_name = "assessments_essays"

urlpatterns = [
    path("", essay_views.essay_index, name="index"),
    path("<int:attempt_id>/", essay_views.essay_grade, name="grade"),
]
