"""The benchmark's data set: synthetic inquiries, questions, answers and sent replies in a
scratch database, the same for a seed on both databases.

The rows are made in Python (one random generator, so a seed gives the same data) and written
in batches. On PostgreSQL they go in with COPY, without the big tables' secondary indexes and
foreign keys, which are created again from their own definitions after the load (a GIN index
built once over a million rows is many times faster than a million index insertions; a foreign
key added to a full table checks all rows in one join instead of one lookup per row); the
database computes the generated search vectors as the rows arrive. SQLite takes the same rows
through `bulk_create` (its full-text triggers fire as usual). Either way the rows have no
history: it is synthetic data with no past.
"""

from __future__ import annotations

import random
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import Group, User
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from inquiries import roles
from inquiries.models import Committee, Department, Inquiry, Municipality, Question

# A municipal vocabulary of a few hundred compounds, so that a search word matches a realistic
# share of the texts (a few per cent of questions), not nearly all of them.
_STEMS = (
    "Förder Schul Kita Rad Bus Haushalts Stellen Jugend Sprach Wohn Klima Straßen Friedhofs Feuerwehr "
    "Bebauungs Gewerbe Breitband Hallen Sport Spiel Ordnungs Abwasser Winter Verkehrs Park Bürger "
    "Senioren Integrations Kultur Umwelt Bau Grün Wasser Energie Pflege Gesundheits Familien Sozial"
).split()
_ENDS = (
    "mittel mittelbescheid plan platz weg haltestelle amt kurs raum schutz beleuchtung gebühr dienst "
    "ausschuss konzept antrag bericht stelle büro zentrum"
).split()
WORDS = [stem + end for stem in _STEMS for end in _ENDS]
FILLER = "wie viele welche wann warum in welcher Höhe seit wurden werden die der das im Jahr und für".split()
SEARCH_WORD = "Fördermittel"
DETAIL_REFERENCE = "AN/2026/99999"
BATCH = 1000  # inquiries per batch (with their questions, answers and replies)


def _sentence(rng: random.Random, words: int = 14) -> str:
    choice, draw = rng.choice, rng.random
    parts = [choice(WORDS) if draw() < 0.35 else choice(FILLER) for _ in range(words)]
    return " ".join(parts).capitalize()


# what psycopg writes as it is; other fields' values go through get_db_prep_save (files, JSON …)
_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.DateField,  # and DateTimeField
    models.ForeignKey,
    models.AutoField,
)


@dataclass
class Scale:
    inquiries: int
    questions: int
    answers: int

    @classmethod
    def of(cls, inquiries: int) -> Scale:
        # the proportions of the issue: 10,000 inquiries, 150,000 questions, 100,000 answers
        return cls(inquiries, inquiries * 15, inquiries * 10)


class _OrmWriter:
    """`bulk_create`, for SQLite (and any database without COPY)."""

    def write(self, model: type[models.Model], rows: list[models.Model]) -> None:
        model.objects.bulk_create(rows)

    @contextmanager
    def loading(self, tables: list[type[models.Model]]):
        yield


class _CopyWriter:
    """PostgreSQL's COPY, with the tables' secondary indexes and foreign keys dropped for the load
    and created again afterwards from the definitions the migrations gave them."""

    def __init__(self) -> None:
        self.cursor = connection.cursor()

    def write(self, model: type[models.Model], rows: list[models.Model]) -> None:
        fields = [field for field in model._meta.concrete_fields if not field.generated]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in fields)
        # auto_now(_add) fields set their value in pre_save; plain values go as they are, the
        # others through the field's conversion
        stamped = [
            field
            for field in fields
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        ]
        plan = [(field.attname, None if isinstance(field, _PLAIN_FIELDS) else field) for field in fields]
        with self.cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
            for row in rows:
                for field in stamped:
                    field.pre_save(row, True)
                values = row.__dict__
                copy.write_row(
                    [
                        values[attname]
                        if field is None
                        else field.get_db_prep_save(field.pre_save(row, True), connection)
                        for attname, field in plan
                    ]
                )

    @contextmanager
    def loading(self, tables: list[type[models.Model]]):
        names = [model._meta.db_table for model in tables]
        cursor = self.cursor
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        # foreign keys and unique constraints (not the primary keys, which give the rows their
        # place) and the indexes that back no constraint, with their definitions
        cursor.execute(
            """
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype
            FROM pg_constraint
            WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('f', 'u')
            ORDER BY contype = 'u', conname
            """,
            [names],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            """
            SELECT index.indexrelid::regclass::text, pg_get_indexdef(index.indexrelid)
            FROM pg_index index
            WHERE index.indrelid = ANY(%s::regclass[])
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = index.indexrelid)
            ORDER BY 1
            """,
            [names],
        )
        indexes = cursor.fetchall()
        for table, name, _, _ in constraints:  # foreign keys first: some point at a unique one
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
        yield
        for _, definition in indexes:
            cursor.execute(definition)
        for table, name, definition, _ in reversed(constraints):  # unique ones before the keys
            cursor.execute(
                f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}"
            )
        for statement in connection.ops.sequence_reset_sql(no_style(), tables):
            cursor.execute(statement)


class _Ids:
    """The next primary key of each table: the rows carry theirs, so that questions can name
    their inquiry before it is written back."""

    def __init__(self, tables: list[type[models.Model]]) -> None:
        self.next = {
            model: (model.objects.aggregate(last=models.Max("pk"))["last"] or 0) + 1 for model in tables
        }

    def assign(self, rows: list[models.Model]) -> list[models.Model]:
        if rows:
            model = type(rows[0])
            for offset, row in enumerate(rows):
                row.pk = self.next[model] + offset
            self.next[model] += len(rows)
        return rows


def build_dataset(scale: Scale, *, seed: int = 2026, log=None) -> dict:
    """Fill the (empty, migrated) database; returns the users and objects the pages need.

    `log`, if given, is called with a line per phase (generation and load, indexes, analyze)."""
    from responses.models import Answer, Reply, ReplyAnswer

    rng = random.Random(seed)
    roles.ensure_role_groups()
    today = timezone.localdate()
    municipality = Municipality.objects.create(name="Stadt Benchhausen", city="Benchhausen", state="NW")
    departments = Department.objects.bulk_create(
        Department(code=f"D{n:02d}", name=f"Fachbereich {n}") for n in range(1, 11)
    )
    committees = Committee.objects.bulk_create(
        Committee(municipality=municipality, name=f"Ausschuss {n}", kind=Committee.Kind.COMMITTEE)
        for n in range(1, 13)
    )
    member = User.objects.create_user("bench-member", password="bench")
    member.groups.add(Group.objects.get(name=roles.COUNCIL_MEMBER))
    staff = User.objects.create_user("bench-staff", password="bench")
    staff.groups.add(Group.objects.get(name=roles.DEPARTMENT_STAFF))
    departments[0].staff.add(staff)

    statuses = [Inquiry.Status.IN_PROGRESS] * 4 + [Inquiry.Status.ANSWERED] * 5 + [Inquiry.Status.REGISTERED]
    per_inquiry = scale.questions // scale.inquiries
    answers_left = scale.answers
    tables = [Inquiry, Question, Answer, Reply, ReplyAnswer]
    writer = _CopyWriter() if connection.vendor == "postgresql" else _OrmWriter()
    started, cpu = time.monotonic(), time.process_time()
    with transaction.atomic():
        ids = _Ids(tables)
        with writer.loading(tables):
            for start in range(0, scale.inquiries, BATCH):
                inquiries = []
                for n in range(start, min(start + BATCH, scale.inquiries)):
                    received = today - timedelta(days=rng.randint(0, 3 * 365))
                    inquiries.append(
                        Inquiry(
                            reference=f"AN/{received.year}/{n + 1:05d}",
                            reference_year=received.year,
                            reference_number=n + 1,
                            kind=rng.choice(Inquiry.Kind.values),
                            subject=_sentence(rng, 6),
                            preamble=_sentence(rng, 30),
                            justification=_sentence(rng, 40),
                            sender_name="Bench Sender",
                            committee=rng.choice(committees),
                            lead_department=rng.choice(departments),
                            status=rng.choice(statuses),
                            is_public=rng.random() < 0.9,
                            received_on=received,
                            due_on=received + timedelta(days=28),
                        )
                    )
                writer.write(Inquiry, ids.assign(inquiries))
                questions = []
                for inquiry in inquiries:
                    for number in range(1, per_inquiry + 1):
                        questions.append(
                            Question(
                                inquiry=inquiry,
                                number=str(number),
                                position=number,
                                text=_sentence(rng, 20) + "?",
                                lead_department=rng.choice(departments),
                                due_on=inquiry.due_on - timedelta(days=4),
                                is_open=inquiry.is_open(),  # what Question.save() copies
                            )
                        )
                writer.write(Question, ids.assign(questions))
                answers = []
                for question in questions:
                    if answers_left <= 0:
                        break
                    if rng.random() < scale.answers / scale.questions + 0.05:
                        answers_left -= 1
                        approved = rng.random() < 0.7
                        answers.append(
                            Answer(
                                question=question,
                                text=" ".join(_sentence(rng, 25) + "." for _ in range(3)),
                                status=Answer.Status.APPROVED if approved else Answer.Status.DRAFT,
                                approver=member if approved else None,
                                approved_at=timezone.now() if approved else None,
                            )
                        )
                writer.write(Answer, ids.assign(answers))
                replies = [
                    Reply(
                        inquiry=inquiry,
                        status=Reply.Status.SENT,
                        signed_pdf="replies/bench.pdf",
                        signed_pdf_sha256="0" * 64,
                        signed_at=timezone.now(),
                        sent_at=timezone.now(),
                    )
                    for inquiry in inquiries
                    if inquiry.status == Inquiry.Status.ANSWERED
                ]
                writer.write(Reply, ids.assign(replies))
                # what the sent replies carried: their inquiries' approved answers; each inquiry's
                # only reply is sent, so every answer it carried is what readers read
                reply_of = {reply.inquiry_id: reply for reply in replies}
                question_inquiry = {question.pk: question.inquiry_id for question in questions}
                sent = [
                    ReplyAnswer(
                        reply=reply_of[inquiry_id],
                        inquiry_id=inquiry_id,
                        question_id=answer.question_id,
                        text=answer.text,
                        is_published=True,
                    )
                    for answer in answers
                    if answer.status == Answer.Status.APPROVED
                    and (inquiry_id := question_inquiry[answer.question_id]) in reply_of
                ]
                writer.write(ReplyAnswer, ids.assign(sent))
            if log:
                log(
                    f"rows generated and written in {time.monotonic() - started:.0f} s "
                    f"({time.process_time() - cpu:.0f} s CPU in this process)"
                )
                started = time.monotonic()
        if log and connection.vendor == "postgresql":
            log(f"indexes and foreign keys created in {time.monotonic() - started:.0f} s")
        _add_detail_inquiry(rng, today, committees[0], departments[0], member)
    counts = {
        "inquiries": Inquiry.objects.count(),
        "questions": Question.objects.count(),
        "answers": Answer.objects.count(),
    }
    started = time.monotonic()
    analyze()
    if log:
        log(f"VACUUM ANALYZE in {time.monotonic() - started:.0f} s")
    return {
        "member": member,
        "staff": staff,
        "detail": Inquiry.objects.get(reference=DETAIL_REFERENCE),
        "counts": counts,
    }


def _add_detail_inquiry(rng: random.Random, today, committee, department, member) -> None:
    """The detail page of the issue: an inquiry with 25 questions (20 and 5 sub-questions)."""
    from responses.models import Answer, Reply, ReplyAnswer

    detail = Inquiry.objects.create(
        reference=DETAIL_REFERENCE,
        reference_year=2026,
        reference_number=99999,
        subject="Fördermittel für die Schulsanierung",
        status=Inquiry.Status.ANSWERED,
        received_on=today - timedelta(days=40),
        due_on=today - timedelta(days=10),
        committee=committee,
    )
    parent = None
    detail_answers = []
    for number in range(1, 21):
        parent = Question.objects.create(
            inquiry=detail,
            number=str(number),
            position=number * 10,
            text=_sentence(rng) + "?",
            lead_department=department,
        )
        detail_answers.append(
            Answer.objects.create(
                question=parent,
                text=_sentence(rng, 40),
                status=Answer.Status.APPROVED,
                approver=member,
                approved_at=timezone.now(),
            )
        )
    for letter in "abcde":
        Question.objects.create(
            inquiry=detail, parent=parent, number=letter, position=999, text=_sentence(rng) + "?"
        )
    detail_reply = Reply.objects.create(
        inquiry=detail,
        status=Reply.Status.SENT,
        signed_pdf="replies/bench.pdf",
        signed_pdf_sha256="0" * 64,
        signed_at=timezone.now(),
        sent_at=timezone.now(),
    )
    ReplyAnswer.objects.bulk_create(
        ReplyAnswer(reply=detail_reply, question_id=answer.question_id, text=answer.text)
        for answer in detail_answers
    )


def analyze() -> None:
    """Fresh planner statistics and visibility map after a bulk load, as a database in
    production has them: `VACUUM ANALYZE` on PostgreSQL (outside a transaction), `ANALYZE` on
    SQLite. Without them PostgreSQL plans on guesses and index-only scans read the heap."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def kept_scale() -> int:
    """The number of generated inquiries in a kept benchmark database (the detail page's
    inquiry is extra)."""
    return Inquiry.objects.exclude(reference=DETAIL_REFERENCE).count()
