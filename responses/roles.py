"""What responses grants to the roles of `inquiries.roles` (the same role groups): its
permissions per group. `ResponsesConfig.ready` adds this table to the roles; the data migration
`0006_grant_role_permissions` grants it on a new database."""

from inquiries import roles

_ADMINISTRATION_READ = [
    ("responses", "view_answer"),
    ("responses", "view_reply"),
]
ROLE_PERMISSIONS: dict[str, list[tuple[str, str]]] = {
    roles.DEPARTMENT_STAFF: [
        *_ADMINISTRATION_READ,
        ("responses", "draft_answer"),
    ],
    roles.DEPARTMENT_HEAD: [
        *_ADMINISTRATION_READ,
        ("responses", "draft_answer"),
        ("responses", "approve_department_answer"),
    ],
    roles.COUNCIL_OFFICE: [
        *_ADMINISTRATION_READ,
        ("responses", "draft_answer"),
        ("responses", "edit_any_answer"),
        ("responses", "approve_any_answer"),
        ("responses", "compose_reply"),
        ("responses", "send_reply"),
    ],
    roles.SIGNATORY: [
        *_ADMINISTRATION_READ,
        ("responses", "sign_reply"),
    ],
}
