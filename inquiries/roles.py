"""The roles of the product as Django groups, and the permissions each group holds.

The data migration `0002_create_role_groups` creates the groups from this table (and each app
above grants its own permissions to them in a data migration of its own); the
permission predicates in `permissions.py` check permissions, never group names, so a
municipality can re-cut its roles in the admin.
"""

from django.utils.translation import gettext_lazy as _

COMMITTEE_CHAIR = "Gremienvorsitz"
DEPARTMENT_STAFF = "Sachbearbeitung"
DEPARTMENT_HEAD = "Fachbereichsleitung"
COUNCIL_OFFICE = "Ratsbüro"
SIGNATORY = "Unterzeichnung"
COUNCIL_MEMBER = "Ratsmitglied"

ROLE_LABELS = {
    COMMITTEE_CHAIR: _("Committee chair / faction"),
    DEPARTMENT_STAFF: _("Department staff"),
    DEPARTMENT_HEAD: _("Head of department"),
    COUNCIL_OFFICE: _("Council office"),
    SIGNATORY: _("Signatory"),
    COUNCIL_MEMBER: _("Council member"),
}

# (app_label, codename) per group: what inquiries grants. Custom permissions are declared in
# the models' Meta. The apps above add their own grants for the same roles (`grant`, from their
# AppConfig.ready, and in a data migration of their own).
_ADMINISTRATION_READ = [
    ("inquiries", "view_administration"),
    ("inquiries", "view_inquiry"),
    ("inquiries", "view_question"),
]
ROLE_PERMISSIONS: dict[str, list[tuple[str, str]]] = {
    COMMITTEE_CHAIR: [
        ("inquiries", "submit_inquiry"),
        ("inquiries", "view_council_material"),
    ],
    COUNCIL_MEMBER: [
        ("inquiries", "view_council_material"),
        ("inquiries", "follow_inquiry"),
    ],
    DEPARTMENT_STAFF: [
        *_ADMINISTRATION_READ,
    ],
    DEPARTMENT_HEAD: [
        *_ADMINISTRATION_READ,
    ],
    COUNCIL_OFFICE: [
        *_ADMINISTRATION_READ,
        ("inquiries", "view_council_material"),
        ("inquiries", "register_inquiry"),
        ("inquiries", "assign_question"),
        ("inquiries", "add_inquiry"),
        ("inquiries", "change_inquiry"),
        ("inquiries", "change_question"),
        ("inquiries", "add_meeting"),
        ("inquiries", "change_meeting"),
        ("inquiries", "add_committee"),
        ("inquiries", "change_committee"),
        ("inquiries", "add_department"),
        ("inquiries", "change_department"),
    ],
    SIGNATORY: [
        *_ADMINISTRATION_READ,
        ("inquiries", "view_council_material"),
    ],
}

# --- What a user's role allows, whatever the object (the predicates in permissions.py build on
# these; Inquiry.objects.visible_to reads them) ---------------------------------------------


def _has(user, perm: str) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(perm))


def is_administration(user) -> bool:
    """Staff of the administration: departments, council office, signatories."""
    return _has(user, "inquiries.view_administration")


def is_council_office(user) -> bool:
    return _has(user, "inquiries.register_inquiry")


def sees_all_submitted(user) -> bool:
    """Council members and the administration read every submitted inquiry, public or not."""
    return is_administration(user) or _has(user, "inquiries.view_council_material")


def can_submit_inquiry(user) -> bool:
    return _has(user, "inquiries.submit_inquiry")


_GRANTS: list[dict[str, list[tuple[str, str]]]] = [ROLE_PERMISSIONS]


def grant(table: dict[str, list[tuple[str, str]]]) -> None:
    """Add an app's permissions to the roles (called once from the app's AppConfig.ready)."""
    if table not in _GRANTS:
        _GRANTS.append(table)


def role_permissions() -> dict[str, list[tuple[str, str]]]:
    """Every role's permissions: inquiries' own and those the apps above granted."""
    merged: dict[str, list[tuple[str, str]]] = {}
    for table in _GRANTS:
        for group_name, perms in table.items():
            merged.setdefault(group_name, []).extend(perms)
    return merged


def ensure_role_groups() -> None:
    """Create any missing role group and grant its permissions (idempotent).

    The data migrations (0002 here, one in each app above) do this on a new database; this is for
    a database whose tables were emptied since (`flush`, transactional tests), before loading
    the demo.
    """
    from django.contrib.auth.models import Group, Permission

    for group_name, perms in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=group_name)
        wanted = [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in perms
        ]
        group.permissions.add(*wanted)
