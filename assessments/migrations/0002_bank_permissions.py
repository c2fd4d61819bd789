"""Trainers and the Secretariat build question banks and quizzes in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["question", "questioncategory", "quiz"]
TRAINER_ACTIONS = ["add", "change", "delete", "view"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("assessments")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="assessments",
        codename__in=[f"{action}_{model}" for model in MODELS for action in TRAINER_ACTIONS],
    )
    for name in ("Trainers", "Secretariat"):
        Group.objects.get(name=name).permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="assessments")
    for group in Group.objects.filter(name__in=["Trainers", "Secretariat"]):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial"), ("accounts", "0002_create_roles")]

    operations = [migrations.RunPython(grant, revoke)]
