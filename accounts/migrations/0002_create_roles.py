"""The roles as groups: Learners (everyone), and the staff roles that reach the Wagtail admin
(Trainers, Secretariat, one focal-point group per member country). Page permissions are added
by the migrations of the apps that own those pages."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MEMBER_COUNTRIES = ["BZ", "CA", "CR", "DO", "SV", "GT", "HN", "MX", "NI", "PA", "US"]
STAFF_GROUPS = ["Trainers", "Secretariat", *(f"Focal points — {c}" for c in MEMBER_COUNTRIES)]
MEDIA_PERMISSIONS = [
    ("cms", "add_campusimage"),
    ("cms", "change_campusimage"),
    ("cms", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
SECRETARIAT_PERMISSIONS = [
    ("cms", "change_sitesettings"),
    ("cms", "add_footertext"),
    ("cms", "change_footertext"),
    ("wagtailcore", "add_locale"),
    ("wagtailcore", "change_locale"),
]


def _permission(apps, app_label, codename):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    # Wagtail's starter groups would be roles nobody defined: Campus has its own.
    Group.objects.filter(name__in=["Editors", "Moderators"]).delete()
    Group.objects.get_or_create(name="Learners")
    access_admin = _permission(apps, "wagtailadmin", "access_admin")
    root_collection = Collection.objects.filter(depth=1).first()
    for name in STAFF_GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        if root_collection is not None:
            for app_label, codename in MEDIA_PERMISSIONS:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=_permission(apps, app_label, codename),
                )
    secretariat = Group.objects.get(name="Secretariat")
    secretariat.permissions.add(*(_permission(apps, a, c) for a, c in SECRETARIAT_PERMISSIONS))


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=["Learners", *STAFF_GROUPS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("cms", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
