"""Assignment of questions to lead and participating departments, with their internal due dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from inquiries.deadlines import (
    DeadlineRules,
    internal_due_on,
)
from inquiries.models import Department, Event, Inquiry, Question
from inquiries.rules_of_procedure import deadline_rules
from inquiries.services.base import record_event
from inquiries.signals import questions_assigned

# --- Assignment -------------------------------------------------------------------------------


def default_internal_due_on(inquiry: Inquiry, *, rules: DeadlineRules | None = None) -> date | None:
    """The departments' due date for an inquiry's questions: its deadline (or the expected date
    after an interim reply) minus the council office's review working days."""
    if inquiry.effective_due_on is None:
        return None
    return internal_due_on(inquiry.effective_due_on, rules=rules or deadline_rules(inquiry.committee))


@dataclass(frozen=True)
class Assignment:
    question: Question
    lead_department: Department | None
    participating_departments: tuple[Department, ...] = ()
    due_on: date | None = None


@transaction.atomic
def assign_questions(inquiry: Inquiry, *, assignments: list[Assignment], by) -> list[Department]:
    """Give questions their lead and participating departments and internal due dates.

    Moves a registered inquiry to "in progress", records an ASSIGNED event and, once the
    transaction commits, e-mails each department that got a question it did not have before.
    Returns those departments. Questions must belong to `inquiry`.
    """
    newly_assigned: dict[int, Department] = {}
    changed: list[str] = []
    for item in assignments:
        question = item.question
        if question.inquiry_id != inquiry.pk:
            raise ValueError("The question belongs to another inquiry.")
        before = question.department_ids()
        participating = [d for d in item.participating_departments if d != item.lead_department]
        after = {d.pk for d in participating} | ({item.lead_department.pk} if item.lead_department else set())
        fields_changed = (question.lead_department_id, question.due_on) != (
            item.lead_department.pk if item.lead_department else None,
            item.due_on,
        )
        if fields_changed:
            question.lead_department = item.lead_department
            question.due_on = item.due_on
            question.save(update_fields=["lead_department", "due_on", "updated_at"])
        if {d.pk for d in question.participating_departments.all()} != {d.pk for d in participating}:
            question.participating_departments.set(participating)
        if fields_changed or before != after:
            changed.append(question.number)
        for department in [item.lead_department, *participating]:
            if department is not None and department.pk not in before:
                newly_assigned[department.pk] = department

    update_fields = []
    if inquiry.status == Inquiry.Status.REGISTERED:
        inquiry.status = Inquiry.Status.IN_PROGRESS
        update_fields.append("status")
    if inquiry.lead_department_id is None:
        leads = [a.lead_department for a in assignments if a.lead_department is not None]
        if leads:
            inquiry.lead_department = leads[0]
            update_fields.append("lead_department")
    if update_fields:
        inquiry.save(update_fields=[*update_fields, "updated_at"])
    if changed:
        record_event(
            inquiry,
            Event.Kind.ASSIGNED,
            by=by,
            questions=changed,
            departments=sorted({d.code for a in assignments for d in _departments_of(a)}),
        )
    for department in newly_assigned.values():
        _notify_department(inquiry, department)
    return list(newly_assigned.values())


def _departments_of(assignment: Assignment) -> list[Department]:
    lead = [assignment.lead_department] if assignment.lead_department else []
    return [*lead, *assignment.participating_departments]


def department_recipients(department: Department) -> list[str]:
    """The department's mailbox and its people's addresses (staff and head, active ones)."""
    addresses = [department.email] if department.email else []
    people = list(department.staff.filter(is_active=True).exclude(email=""))
    if department.head and department.head.is_active and department.head.email:
        people.append(department.head)
    return [*addresses, *(person.email for person in people)]


def _notify_department(inquiry: Inquiry, department: Department) -> None:
    """The department is told by the app that works on the questions (an e-mail with a link to
    its worklist)."""
    questions_assigned.send(sender=Inquiry, inquiry=inquiry, department=department)
