"""Benchmarks: a realistic data set in a separate database, server times of the main pages
against the framework's floor, and the reply's render and sign times.

Used by `manage.py bench` (pages and PDF) and `manage.py bench_reply_pdf` (PDF only). Figures
are measured, never asserted: tests check query counts, this prints times.
"""

from __future__ import annotations

import random
import statistics
import time
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import Group, User
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
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


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _sentence(rng: random.Random, words: int = 14) -> str:
    parts = [rng.choice(WORDS) if rng.random() < 0.35 else rng.choice(FILLER) for _ in range(words)]
    return " ".join(parts).capitalize()


@dataclass
class Scale:
    inquiries: int
    questions: int
    answers: int

    @classmethod
    def of(cls, inquiries: int) -> Scale:
        # the proportions of the issue: 10,000 inquiries, 150,000 questions, 100,000 answers
        return cls(inquiries, inquiries * 15, inquiries * 10)


def build_dataset(scale: Scale, *, seed: int = 2026) -> dict:
    """Fill the (empty, migrated) database; returns the users and objects the pages need.

    Rows are bulk-created: this is synthetic data in a scratch database, so it has no history.
    """
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
    batch = 1000
    with transaction.atomic():
        for start in range(0, scale.inquiries, batch):
            rows = []
            for n in range(start, min(start + batch, scale.inquiries)):
                received = today - timedelta(days=rng.randint(0, 3 * 365))
                rows.append(
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
            inquiries = Inquiry.objects.bulk_create(rows)
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
            questions = Question.objects.bulk_create(questions)
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
            Answer.objects.bulk_create(answers)
            replies = Reply.objects.bulk_create(
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
            )
            # what the sent replies carried: their inquiries' approved answers
            reply_of = {reply.inquiry_id: reply for reply in replies}
            question_inquiry = {question.pk: question.inquiry_id for question in questions}
            ReplyAnswer.objects.bulk_create(
                # each question's only sent reply: its text is the current one (`mark_current`)
                ReplyAnswer(
                    reply=reply_of[inquiry_id],
                    question_id=answer.question_id,
                    text=answer.text,
                    is_current=True,
                )
                for answer in answers
                if answer.status == Answer.Status.APPROVED
                and (inquiry_id := question_inquiry[answer.question_id]) in reply_of
            )
        # the detail page of the issue: an inquiry with 25 questions (20 and 5 sub-questions)
        detail = Inquiry.objects.create(
            reference=DETAIL_REFERENCE,
            reference_year=2026,
            reference_number=99999,
            subject="Fördermittel für die Schulsanierung",
            status=Inquiry.Status.ANSWERED,
            received_on=today - timedelta(days=40),
            due_on=today - timedelta(days=10),
            committee=committees[0],
        )
        parent = None
        detail_answers = []
        for number in range(1, 21):
            parent = Question.objects.create(
                inquiry=detail,
                number=str(number),
                position=number * 10,
                text=_sentence(rng) + "?",
                lead_department=departments[0],
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
            ReplyAnswer(reply=detail_reply, question_id=answer.question_id, text=answer.text, is_current=True)
            for answer in detail_answers
        )
    counts = {
        "inquiries": Inquiry.objects.count(),
        "questions": Question.objects.count(),
        "answers": Answer.objects.count(),
    }
    analyze()
    return {"member": member, "staff": staff, "detail": detail, "counts": counts}


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


def _sample(client: Client, path: str) -> tuple[float, int, int]:
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        response = client.get(path, secure=True)
        elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return elapsed, len(captured), len(response.content)


def measure_pages(pages: dict[str, tuple[Client, str]], *, runs: int, rounds: int) -> dict:
    """Server time of each page against the floor: a minimal page of the same size through the
    same middleware, sampled right before the page, so that both see the same load.

    Every round takes `runs` samples of each page (pages in turn, each after its floor sample);
    p50/p95 are over all samples, the spread is the lowest and highest of the rounds' p50s and
    ratios. A ratio is the page's p50 over its floor's p50 in the same round."""
    floor_paths = {}
    for name, (client, path) in pages.items():
        client.get(path, secure=True)  # warm caches and the template loader
        _, _, size = _sample(client, path)
        floor_paths[name] = f"/__bench/floor/{size}/"
        client.get(floor_paths[name], secure=True)
    samples = {name: {"page": [], "floor": [], "rounds": []} for name in pages}
    for _ in range(rounds):
        this_round = {name: ([], []) for name in pages}
        for _ in range(runs):
            for name, (client, path) in pages.items():
                floor_ms, _, _ = _sample(client, floor_paths[name])
                page_ms, queries, size = _sample(client, path)
                this_round[name][0].append(page_ms)
                this_round[name][1].append(floor_ms)
                samples[name]["queries"], samples[name]["bytes"] = queries, size
        for name, (page_ms, floor_ms) in this_round.items():
            samples[name]["page"] += page_ms
            samples[name]["floor"] += floor_ms
            p50, floor_p50 = statistics.median(page_ms), statistics.median(floor_ms)
            samples[name]["rounds"].append((p50, p50 / floor_p50))
    result = {}
    for name, s in samples.items():
        round_p50s = [p50 for p50, _ in s["rounds"]]
        ratios = [ratio for _, ratio in s["rounds"]]
        result[name] = {
            "p50_ms": round(statistics.median(s["page"]), 2),
            "p95_ms": round(percentile(s["page"], 0.95), 2),
            "p50_ms_rounds": [round(min(round_p50s), 2), round(max(round_p50s), 2)],
            "floor_p50_ms": round(statistics.median(s["floor"]), 2),
            "floor_p95_ms": round(percentile(s["floor"], 0.95), 2),
            "ratio_to_floor": round(statistics.median(s["page"]) / statistics.median(s["floor"]), 1),
            "ratio_rounds": [round(min(ratios), 1), round(max(ratios), 1)],
            "queries": s["queries"],
            "bytes": s["bytes"],
            "samples": len(s["page"]),
        }
    return result


def measure_reply_pdf(runs: int) -> dict:
    """Render and sign the example reply (nine questions, tagged PDF/A-3a) `runs` times in this
    process after one warm-up (`responses.signing.start_up.warm_up`, as the web process does at start)."""
    from responses.document import example_document
    from responses.pdf import render_reply_pdf
    from responses.signing.credentials import load_credentials
    from responses.signing.signature import sign_pdf
    from responses.signing.start_up import warm_up

    document = example_document(demo_certificate=True)
    credentials = load_credentials()

    def sign(pdf: bytes) -> bytes:
        return sign_pdf(
            pdf,
            credentials=credentials,
            signer_name=document.signatory_name,
            reason=f"Beantwortung {document.reference}",
            location=document.municipality_name,
        )

    warm_up()
    render_ms, sign_ms, total_ms = [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        pdf = render_reply_pdf(document)
        middle = time.perf_counter()
        sign(pdf)
        end = time.perf_counter()
        render_ms.append((middle - start) * 1000)
        sign_ms.append((end - middle) * 1000)
        total_ms.append((end - start) * 1000)
    return {
        "render_p50_ms": round(statistics.median(render_ms), 1),
        "render_p95_ms": round(percentile(render_ms, 0.95), 1),
        "sign_p50_ms": round(statistics.median(sign_ms), 1),
        "sign_p95_ms": round(percentile(sign_ms, 0.95), 1),
        "total_p50_ms": round(statistics.median(total_ms), 1),
        "total_p95_ms": round(percentile(total_ms, 0.95), 1),
        "runs": runs,
    }


def first_reply_in_this_process() -> dict:
    """Start as the web process starts (`config.wsgi`, which warms up unless REPLY_PDF_WARM_UP
    is off) and time the first render + sign after that. Run in a fresh process (see
    `first_reply_in_new_process`): in one that rendered before, it measures nothing."""
    from responses.document import example_document
    from responses.pdf import render_reply_pdf
    from responses.signing.credentials import load_credentials
    from responses.signing.signature import sign_pdf

    start = time.perf_counter()
    import config.wsgi  # noqa: F401  (start-up: the application and the warm-up)

    started = time.perf_counter()
    document = example_document(demo_certificate=True)
    sign_pdf(
        render_reply_pdf(document),
        credentials=load_credentials(),
        signer_name=document.signatory_name,
        reason=f"Beantwortung {document.reference}",
        location=document.municipality_name,
    )
    end = time.perf_counter()
    return {"startup_ms": round((started - start) * 1000, 1), "first_ms": round((end - started) * 1000, 1)}


def first_reply_in_new_process(*, warm_up: bool) -> dict:
    """`first_reply_in_this_process` in a new Python process, with or without the warm-up."""
    import json
    import os
    import subprocess
    import sys

    from django.conf import settings

    environment = {**os.environ, "REPLY_PDF_WARM_UP": "true" if warm_up else "false"}
    result = subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), "bench_reply_pdf", "--first-in-this-process"],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
        timeout=300,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])
