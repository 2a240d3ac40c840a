"""What inquiries announces to the apps above it, and what it asks them.

inquiries is the lowest layer and names nothing above it: where a step here has a consequence
there (a department gets questions to answer, a letter brings answers, a signed reply fixes an
inquiry's content), it sends one of these signals and the app above connects a receiver in its
`AppConfig.ready` (the app of answers and replies does, for all three).
"""

from django.dispatch import Signal

# Questions of `inquiry` were assigned to `department` (newly), inside the assigning
# transaction. Receivers that mail do it on commit.
questions_assigned = Signal()

# A letter the council office imported brought answers: `answers` is a list of
# (question, text) for questions just created, `by` the user. Inside the import's transaction.
answers_imported = Signal()

# Asked before the inquiry's printed content changes or it is withdrawn: does a signed document
# carry it? `inquiry_id`; a receiver returns True if so.
content_signed = Signal()


def is_content_signed(inquiry_id: int) -> bool:
    """Whether a signed document (a signed or sent reply) carries the inquiry. One query per
    receiver."""
    return any(answer for _receiver, answer in content_signed.send(sender=None, inquiry_id=inquiry_id))
