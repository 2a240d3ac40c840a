"""What responses does when inquiries announces something (`inquiries.signals`); connected in
`ResponsesConfig.ready`. inquiries names nothing of responses: this is where the two meet."""

from __future__ import annotations

from inquiries import signals


def tell_department(sender, *, inquiry, department, by=None, **kwargs) -> None:
    """Questions were assigned to the department (`notifications.questions_assigned`); the
    e-mails go out once the assignment commits."""
    from responses import notifications

    notifications.questions_assigned(inquiry, department, by=by)


def create_imported_answers(sender, *, answers, by, **kwargs) -> None:
    """An imported reply document's answers become the questions' draft answers."""
    from responses.models import Answer

    for question, text in answers:
        answer = Answer(question=question, text=text, author=by)
        answer._history_user = by
        answer.save()


def reply_is_signed(sender, *, inquiry_id: int, **kwargs) -> bool:
    """A signed (or sent) reply carries the inquiry's content. One query."""
    from responses.models import Reply

    return Reply.objects.filter(inquiry_id=inquiry_id, status__in=Reply.FINAL_STATUSES).exists()


def connect() -> None:
    signals.questions_assigned.connect(tell_department, dispatch_uid="responses.tell_department")
    signals.answers_imported.connect(create_imported_answers, dispatch_uid="responses.imported_answers")
    signals.content_signed.connect(reply_is_signed, dispatch_uid="responses.reply_is_signed")
