"""Forms of the inquiries app. A form only validates; side effects go through services.

The intake here; the list's filters (`filters`), the assignment (`assignment`) and the profile
page (`profile`) in modules of their own, importable from `inquiries.forms`."""

from __future__ import annotations

from datetime import date

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inquiries import permissions
from inquiries.cleaning import (
    ANSWER_MAX_LENGTH,
    LONG_TEXT_MAX_LENGTH,
    QUESTION_MAX_LENGTH,
    SHORT_TEXT_MAX_LENGTH,
    SUBJECT_MAX_LENGTH,
    CleanTextForm,
)
from inquiries.forms.assignment import AssignAllForm as AssignAllForm
from inquiries.forms.assignment import QuestionAssignmentForm as QuestionAssignmentForm
from inquiries.forms.filters import InquiryFilterForm as InquiryFilterForm
from inquiries.forms.profile import DeputyForm as DeputyForm
from inquiries.forms.profile import ProfileForm as ProfileForm
from inquiries.forms.profile import deputy_candidates as deputy_candidates
from inquiries.models import Committee, Inquiry, Meeting, Question

# --- Intake: writing an inquiry, importing a letter, registering ---------------------------------


class InquiryForm(CleanTextForm):
    """What a sender writes (and the council office reviews after an import). The questions are
    a separate formset (`QuestionFormSet`)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Inquiry.Kind.choices)
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX_LENGTH)
    committee = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=Committee.objects.none(),
        help_text=_(
            "The committee or faction the inquiry comes from; its next meeting counts for the deadline."
        ),
    )
    addressee = forms.CharField(
        label=_("Addressee"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    sender_name = forms.CharField(label=_("Sender"), max_length=200, required=False)
    sender_role = forms.CharField(label=_("Sender's role"), max_length=200, required=False)
    sender_email = forms.EmailField(label=_("Sender's e-mail"), required=False)
    letter_date = forms.DateField(
        label=_("Date of the letter"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    letter_reference = forms.CharField(
        label=_("Reference number of the letter"),
        max_length=100,
        required=False,
        help_text=_("The letter's own number, if it has one (Drucksache, Vorlage)."),
    )
    preamble = forms.CharField(
        label=_("Preamble"),
        required=False,
        max_length=LONG_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    justification = forms.CharField(
        label=_("Justification"),
        required=False,
        max_length=LONG_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    closing = forms.CharField(
        label=_("Closing"),
        required=False,
        max_length=SHORT_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    deadline_text = forms.CharField(
        label=_("Requested deadline"),
        max_length=300,
        required=False,
        help_text=_("For example „bis zur nächsten Sitzung“, „innerhalb von vier Wochen“ or a date."),
    )
    is_public = forms.BooleanField(label=_("Public"), required=False, initial=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.writable_by(user)
        if permissions.is_council_office(user):
            # a letter may come from a single council member, not from a committee
            self.fields["committee"].required = False
        else:
            # the sender's own address is their account's
            del self.fields["sender_email"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def mark_uncertain(self, doubts: dict[str, list[str]]) -> None:
        """Mark the fields the letter reader was unsure about, each with its doubt (the review of
        an imported letter): the clerk checks exactly those."""
        for name, texts in doubts.items():
            field = self.fields.get(name)
            if field is None or not texts:
                continue
            field.widget.attrs["class"] = (
                f"{field.widget.attrs.get('class', '')} is-uncertain border-warning".strip()
            )
            field.help_text = " ".join([*texts, str(field.help_text or "")]).strip()

    def clean_letter_date(self):
        value = self.cleaned_data.get("letter_date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The letter cannot be dated in the future."))
        return value


class QuestionRowForm(CleanTextForm):
    """One question or sub-question; the rows' order is the questions' order, and a sub-question
    belongs to the question row above it."""

    LEVELS = [("0", _("Question")), ("1", _("Sub-question"))]

    number = forms.CharField(label=_("Number"), max_length=20, required=False)
    text = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    level = forms.ChoiceField(label=_("Level"), choices=LEVELS, initial="0")
    # only when the council office imports a reply document ("Antwort:", "Zu 1.:"); saved as a
    # draft answer. Anywhere else the field does not exist, so no one else can send one.
    answer = forms.CharField(
        label=_("Answer"),
        required=False,
        max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # what the letter reader was unsure about in this row; shown on the row, kept through row actions
    doubt = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, accepts_answers: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not accepts_answers:
            del self.fields["answer"]

    def clean_number(self) -> str:
        # numbers are kept as written, without the list punctuation ("1.", "a)")
        return self.cleaned_data["number"].strip().rstrip(".):").strip()


class BaseQuestionFormSet(forms.BaseFormSet):
    def with_headings(self):
        """Each row with the heading its card shows: the question's number as it will be saved
        ("Frage 2", "Frage 1 a"), with the numbers still empty filled in as `clean` fills them."""
        parent, top, subs = "", 0, 0
        for form in self.forms:
            number = str(form["number"].value() or "").strip()
            if str(form["level"].value()) == "1" and parent:
                subs += 1
                yield form, Question.heading_of(parent, number or _letter(subs - 1))
            else:
                top += 1
                parent, subs = number or str(top), 0
                yield form, Question.heading_of("", parent)

    def clean(self):
        """Build `self.questions`, the tree as `letters.ParsedQuestion`s; empty rows are dropped,
        missing numbers are filled in (1, 2, … and a, b, …)."""
        from inquiries.letters import ParsedQuestion

        self.questions = []
        if any(self.errors):
            return
        parent = None
        for form in self.forms:
            data = form.cleaned_data
            text = " ".join(data.get("text", "").split()) if data else ""
            number = data.get("number", "") if data else ""
            answer = data.get("answer", "").strip() if data else ""
            if not text:
                if number:
                    form.add_error("text", _("Write the question or remove the row."))
                continue
            if data["level"] == "1":
                if parent is None:
                    form.add_error("level", _("A sub-question needs a question above it."))
                    continue
                siblings = parent.sub_questions
                number = number or _letter(len(siblings))
                if number in {q.number for q in siblings}:
                    form.add_error("number", _("This number appears twice."))
                siblings.append(ParsedQuestion(number=number, text=text, answer=answer))
            else:
                number = number or str(len(self.questions) + 1)
                if number in {q.number for q in self.questions}:
                    form.add_error("number", _("This number appears twice."))
                parent = ParsedQuestion(number=number, text=text, answer=answer)
                self.questions.append(parent)


def _letter(index: int) -> str:
    """a, b, …, z, aa, bb, … as sub-questions are lettered in letters."""
    return chr(ord("a") + index % 26) * (index // 26 + 1)


QuestionFormSet = forms.formset_factory(
    QuestionRowForm, formset=BaseQuestionFormSet, extra=0, max_num=200, validate_max=True, absolute_max=250
)
QUESTION_PREFIX = "q"


def question_rows_from_post(data) -> list[dict]:
    """The question rows as posted, unvalidated, to re-render the form after a row action."""
    prefix = QUESTION_PREFIX
    try:
        total = min(int(data.get(f"{prefix}-TOTAL_FORMS", 0)), QuestionFormSet.absolute_max)
    except ValueError:
        total = 0
    return [
        {
            "number": data.get(f"{prefix}-{i}-number", ""),
            "text": data.get(f"{prefix}-{i}-text", ""),
            "level": "1" if data.get(f"{prefix}-{i}-level") == "1" else "0",
            "answer": data.get(f"{prefix}-{i}-answer", ""),
            "doubt": data.get(f"{prefix}-{i}-doubt", "")[:1000],
        }
        for i in range(total)
    ]


def question_rows_from_tree(questions, *, with_answers: bool = False) -> list[dict]:
    """Rows for the formset from a tree of ParsedQuestions or saved Questions with `.children`.
    Answers of an imported reply document only `with_answers` (the council office's import)."""

    def row(question, level: str) -> dict:
        return {
            "number": question.number,
            "text": question.text,
            "level": level,
            "answer": getattr(question, "answer", "") if with_answers else "",
            "doubt": " ".join(getattr(question, "doubts", []))[:1000],
        }

    rows = []
    for question in questions:
        rows.append(row(question, "0"))
        # saved questions carry `.children` from question_tree, parsed ones `.sub_questions`
        subs = question.children if hasattr(question, "children") else question.sub_questions
        rows.extend(row(sub, "1") for sub in subs)
    return rows


ROW_ACTIONS = ("add", "add_sub", "remove", "up", "down")


def apply_row_action(rows: list[dict], action: str) -> list[dict] | None:
    """Apply a row button ("add", "add_sub:3", "remove:3", "up:3", "down:3"); None if `action`
    is not one. Works without JavaScript: each button posts the whole form."""
    name, _sep, index_text = action.partition(":")
    if name not in ROW_ACTIONS:
        return None
    rows = list(rows)
    if name == "add":
        rows.append({"number": "", "text": "", "level": "0"})
        return rows
    try:
        index = int(index_text)
    except ValueError:
        return rows
    if not 0 <= index < len(rows):
        return rows
    if name == "add_sub":
        # after the question's last sub-question
        end = index + 1
        while end < len(rows) and rows[end]["level"] == "1":
            end += 1
        rows.insert(end, {"number": "", "text": "", "level": "1"})
    elif name == "remove":
        del rows[index]
    elif name == "up" and index > 0:
        rows[index - 1], rows[index] = rows[index], rows[index - 1]
    elif name == "down" and index < len(rows) - 1:
        rows[index + 1], rows[index] = rows[index], rows[index + 1]
    return rows


def row_action_focus(rows: list[dict], action: str) -> tuple[int | None, str, str]:
    """After a row button (see `apply_row_action`, whose result `rows` is): the row that gets
    the focus, which of its controls ("text", or the button pressed again: "up", "down"; "add"
    for the "Add question" button when no row is left), and what the status region says."""
    name, _sep, index_text = action.partition(":")
    index = int(index_text) if index_text.isdigit() else None
    if name == "add":
        return len(rows) - 1, "text", _("Question %(number)d added.") % {"number": len(rows)}
    if index is None or name not in ROW_ACTIONS:
        return None, "", ""
    if name == "add_sub":
        # the new row ends the run of sub-questions after the question
        new = index + 1
        while new + 1 < len(rows) and rows[new + 1]["level"] == "1":
            new += 1
        return new, "text", _("Sub-question %(number)d added.") % {"number": new + 1}
    if name == "remove":
        message = _("Question %(number)d removed.") % {"number": index + 1}
        if not rows:
            return None, "add", message
        return min(index, len(rows) - 1), "text", message
    moved = index - 1 if name == "up" else index + 1
    moved = max(0, min(moved, len(rows) - 1))
    can_repeat = (name == "up" and moved > 0) or (name == "down" and moved < len(rows) - 1)
    return (
        moved,
        name if can_repeat else "text",
        _("Question moved to position %(number)d.") % {"number": moved + 1},
    )


class LetterImportForm(CleanTextForm):
    """A letter as pasted text or an uploaded file (see `letters.extract_text` for the formats);
    `clean()` extracts and parses it (cleaned_data: parsed, text, data, name)."""

    text = forms.CharField(
        label=_("Paste the letter's text"), required=False, widget=forms.Textarea(attrs={"rows": 12})
    )
    file = forms.FileField(
        label=_("or upload the letter"),
        required=False,
        help_text=_(
            "PDF (also scans), Word (.docx), OpenDocument (.odt), RTF, e-mail (.eml, .msg), an image of a scan or "
            "text; at most 10 MB."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".txt,.docx,.odt,.rtf,.eml,.msg,.pdf,.png,.jpg,.jpeg,.tif,.tiff,text/plain,application/pdf"
            }
        ),
    )

    def clean(self):
        from inquiries.letters import MAX_UPLOAD_BYTES, LetterError, extract_text, parse_letter

        data = super().clean()
        upload, pasted = data.get("file"), data.get("text", "")
        if upload and pasted.strip():
            raise forms.ValidationError(_("Paste the text or upload a file, not both."))
        if not upload and not pasted.strip():
            raise forms.ValidationError(_("Paste the letter's text or upload a file."))
        if upload:
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(
                    _("The file is larger than %(limit)d MB.") % {"limit": MAX_UPLOAD_BYTES // (1024 * 1024)}
                )
            raw, name = upload.read(), upload.name
        else:
            raw, name = pasted.encode("utf-8"), ""
        try:
            text = extract_text(raw, name or "pasted.txt")
            parsed = parse_letter(text)
        except LetterError as exc:
            raise forms.ValidationError(str(exc)) from exc
        if not parsed.questions:
            raise forms.ValidationError(_("No questions were found in the letter."))
        data.update(parsed=parsed, text=text, data=raw, name=name)
        return data


# Dates the council office enters: none before this (a mistyped year), no deadline further away
EARLIEST_DATE = date(1990, 1, 1)
LONGEST_DEADLINE_DAYS = 2 * 366


class RegisterForm(CleanTextForm):
    """Date (and time) received, classification and deadline; a fundamental matter and a deadline
    other than the rules' each need a reason."""

    received_on = forms.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    received_time = forms.TimeField(
        label=_("Time received"),
        required=False,
        help_text=_("Counts where the rules of procedure have a cut-off time before a meeting."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    classification = forms.ChoiceField(
        label=_("Classification"),
        choices=Inquiry.Classification,
        initial=Inquiry.Classification.NORMAL,
        required=False,  # normal unless the council office says otherwise
        widget=forms.RadioSelect,
        help_text=_(
            "A fundamental matter gets the extended period of the rules of procedure, where they have one."
        ),
    )
    classification_reason = forms.CharField(
        label=_("Why fundamental"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    due_on = forms.DateField(
        label=_("Deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    correction_reason = forms.CharField(
        label=_("Reason for a different deadline"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    reference = forms.CharField(
        label=_("Reference from an existing system"),
        required=False,
        max_length=20,
        help_text=_(
            "Only if the inquiry already has one (e.g. from the council information system); else leave empty and one is generated."
        ),
    )

    def __init__(self, *args, computed_due_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.computed_due_on = computed_due_on

    def clean_reference(self) -> str:
        value = " ".join(self.cleaned_data.get("reference", "").split())
        if value and Inquiry.objects.filter(reference=value).exists():
            raise forms.ValidationError(_("This reference is already taken by another inquiry."))
        return value

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date received cannot be in the future."))
        if value < EARLIEST_DATE:
            raise forms.ValidationError(_("Check the year: the date received is too far in the past."))
        return value

    def clean(self):
        data = super().clean()
        received_on, due_on = data.get("received_on"), data.get("due_on")
        if (
            data.get("classification") == Inquiry.Classification.FUNDAMENTAL
            and not (data.get("classification_reason") or "").strip()
        ):
            self.add_error("classification_reason", _("Say why the matter is fundamental."))
        if received_on is None:
            return data
        if due_on is None:
            if self.computed_due_on is None:
                self.add_error("due_on", _("The rules give no deadline: set it."))
            else:
                data["due_on"] = due_on = self.computed_due_on
        if due_on is not None and due_on < received_on:
            self.add_error("due_on", _("The deadline cannot lie before the date received."))
        elif due_on is not None and (due_on - received_on).days > LONGEST_DEADLINE_DAYS:
            self.add_error("due_on", _("Check the year: the deadline is more than two years away."))
        if (
            due_on is not None
            and due_on != self.computed_due_on
            and not data.get("correction_reason", "").strip()
        ):
            self.add_error("correction_reason", _("Say why the deadline differs from the rules."))
        return data


class ReferForm(CleanTextForm):
    """The meeting in which the answer was declared not possible at short notice."""

    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=Meeting.objects.none())

    def __init__(self, *args, inquiry: Inquiry, **kwargs):
        super().__init__(*args, **kwargs)
        # meetings of the inquiry's committee that have begun (the referral happens in one)
        self.fields["meeting"].queryset = Meeting.objects.schedulable().filter(
            committee_id=inquiry.committee_id, starts_at__date__lte=timezone.localdate()
        )


class WithdrawForm(CleanTextForm):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
