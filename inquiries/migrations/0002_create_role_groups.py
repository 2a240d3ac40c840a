from django.db import migrations


def create_role_groups(apps, schema_editor):
    """Create the role groups with inquiries' permissions (table in inquiries/roles.py; the apps
    above grant theirs in their own data migrations).

    Permissions are created by a post_migrate signal, which has not run yet on a fresh
    database: create them here first so the groups get them on the first migrate.
    """
    from django.contrib.auth.management import create_permissions

    from inquiries.roles import ROLE_PERMISSIONS

    app_config = apps.get_app_config("inquiries")
    app_config.models_module = True  # a migration state stub has none; create_permissions wants one
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for app_label, codename in perms:
            permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
            group.permissions.add(permission)


def remove_role_groups(apps, schema_editor):
    from inquiries.roles import ROLE_PERMISSIONS

    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLE_PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("inquiries", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
