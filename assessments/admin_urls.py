from django.urls import path

from . import admin_views

app_name = "assessments_statistics"

urlpatterns = [
    path("", admin_views.QuizStatisticsIndexView.as_view(), name="index"),
    path("<uuid:quiz_key>/", admin_views.QuizStatisticsView.as_view(), name="quiz"),
    path("<uuid:quiz_key>/questions.csv", admin_views.quiz_questions_csv, name="questions_csv"),
    path("<uuid:quiz_key>/attempts.csv", admin_views.quiz_attempts_csv, name="attempts_csv"),
]
