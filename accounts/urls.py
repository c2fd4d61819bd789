from django.urls import path

from . import views

urlpatterns = [
    path("profile/", views.profile, name="accounts_profile"),
    path("profile/export/", views.data_export, name="accounts_data_export"),
    path("profile/delete/", views.deletion_request, name="accounts_deletion_request"),
]
