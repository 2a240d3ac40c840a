"""Grant responses' permissions to the role groups (table in responses/roles.py).

Until now inquiries' migration 0002 granted them, which made inquiries depend on responses. On a
database where that happened (any role group already holds a permission of responses), this
does nothing, so that roles re-cut in the admin stay as they are.
"""

from django.db import migrations


def grant_role_permissions(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    from responses.roles import ROLE_PERMISSIONS

    app_config = apps.get_app_config("responses")
    app_config.models_module = True  # a migration state stub has none; create_permissions wants one
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    if Group.objects.filter(
        name__in=list(ROLE_PERMISSIONS), permissions__content_type__app_label="responses"
    ).exists():
        return
    for group_name, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for app_label, codename in perms:
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def revoke_role_permissions(apps, schema_editor):
    from responses.roles import ROLE_PERMISSIONS

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=list(ROLE_PERMISSIONS)):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="responses"))


class Migration(migrations.Migration):
    dependencies = [
        ("responses", "0005_signing_certificate"),
        ("inquiries", "0002_create_role_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_role_permissions, revoke_role_permissions)]
