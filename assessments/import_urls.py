from django.urls import path

from . import import_views

app_name = "assessments_import"

urlpatterns = [
    path("", import_views.ImportUploadView.as_view(), name="upload"),
    path("preview/", import_views.ImportPreviewView.as_view(), name="preview"),
    path("export/<int:category_id>/", import_views.export_category, name="export"),
]
