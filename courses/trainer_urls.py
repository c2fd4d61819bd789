from django.urls import path

from . import trainer_views

app_name = "courses_trainer"

urlpatterns = [
    path("", trainer_views.CourseListView.as_view(), name="index"),
    path("<uuid:course_key>/", trainer_views.CourseLearnersView.as_view(), name="course"),
    path("<uuid:course_key>/csv/", trainer_views.course_learners_csv, name="csv"),
]
