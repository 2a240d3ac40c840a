"""The roles of the product as Django groups, and the permissions each group holds.

The data migration `0002_create_role_groups` creates the groups from this table; the
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

# (app_label, codename) per group. Custom permissions are declared in the models' Meta.
_ADMINISTRATION_READ = [
    ("inquiries", "view_administration"),
    ("inquiries", "view_inquiry"),
    ("inquiries", "view_question"),
    ("responses", "view_answer"),
    ("responses", "view_reply"),
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
        ("responses", "draft_answer"),
    ],
    DEPARTMENT_HEAD: [
        *_ADMINISTRATION_READ,
        ("responses", "draft_answer"),
        ("responses", "approve_department_answer"),
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
        ("responses", "draft_answer"),
        ("responses", "edit_any_answer"),
        ("responses", "approve_any_answer"),
        ("responses", "compose_reply"),
        ("responses", "send_reply"),
    ],
    SIGNATORY: [
        *_ADMINISTRATION_READ,
        ("inquiries", "view_council_material"),
        ("responses", "sign_reply"),
    ],
}


def ensure_role_groups() -> None:
    """Create any missing role group and grant its permissions (idempotent).

    Migration 0002 does this on a new database; this is for a database whose tables were
    emptied since (`flush`, transactional tests), before loading the demo.
    """
    from django.contrib.auth.models import Group, Permission

    for group_name, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        wanted = [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in perms
        ]
        group.permissions.add(*wanted)
