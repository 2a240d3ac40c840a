"""The demo: Stadt Bornheim with the real Große Anfrage on the Kommunales
Integrationsmanagement (KIM) and fictional inquiries in every other state, so that a newcomer
meets the whole workflow at once. Dates are relative to today, so the demo stays current.

Everything goes through the same services the app uses; `load_demo` is idempotent.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

from inquiries import roles
from inquiries.deadlines import add_working_days
from inquiries.letters import parse_letter
from inquiries.models import Committee, Department, Inquiry, Meeting, Municipality, Question
from inquiries.rules_of_procedure import load_example_rules
from inquiries.services import (
    Assignment,
    assign_questions,
    create_inquiry_from_letter,
    default_internal_due_on,
    register_inquiry,
    withdraw_inquiry,
)
from portal.services import follow_inquiry
from responses.services import (
    add_comment,
    add_contribution,
    answer_for,
    get_or_create_reply,
    mark_reply_ready,
    save_answer,
    send_interim_reply,
    send_reply,
    sign_reply,
    transition_answer,
)
from tooling.demo_data import DEMO_USERS, DEPARTMENTS, DemoUser, _demo_logo_png, _demo_map_png  # noqa: F401

KIM_LETTER = Path(__file__).resolve().parent.parent / "inquiries" / "demo" / "grosse-anfrage-kim.txt"
KIM_SUBJECT = "Kommunales Integrationsmanagement"
DOMAIN = "bornheim.example"


def _at(day: date, hour: int = 17) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


class Demo:
    def __init__(self, today: date):
        self.today = today
        self.users: dict[str, User] = {}
        self.departments: dict[str, Department] = {}
        self.committees: dict[str, Committee] = {}

    # -- organisation --------------------------------------------------------------------
    def municipality(self) -> Municipality:
        municipality, _ = Municipality.objects.get_or_create(
            name="Stadt Bornheim",
            defaults={
                "street": "Rathausstraße 2",
                "postal_code": "53332",
                "city": "Bornheim",
                "state": "NW",
                "mayor_name": "Christoph Becker",
                "mayor_title": "Bürgermeister",
                "council_office_name": "Ratsbüro",
                "letterhead": "Stadt Bornheim · Der Bürgermeister",
                "email": f"ratsbuero@{DOMAIN}",
            },
        )
        # the shipped rules of procedure (a Landtag's, big cities') show in the admin; the demo
        # town follows its own
        examples = load_example_rules()
        if municipality.rules_of_procedure_id is None:
            municipality.rules_of_procedure = examples["bornheim-demo"]
            municipality.save(update_fields=["rules_of_procedure"])
        return municipality

    def letter(self, municipality: Municipality) -> None:
        """What the reply letter prints: the town's logo, the council office's contact block, the
        footer with website and bank details; the chair is addressed by name."""
        from django.core.files.base import ContentFile

        from responses.models import FormOfAddress, LetterSettings

        if not municipality.website:
            municipality.website = f"https://www.{DOMAIN}"
            municipality.save(update_fields=["website"])
        settings, created = LetterSettings.objects.get_or_create(
            municipality=municipality,
            defaults={
                "logo_alt": "Wappen der Stadt Bornheim",
                "contact_name": "Sabine Krause",
                "contact_room": "112",
                "contact_phone": "02222 945-201",
                "contact_email": f"ratsbuero@{DOMAIN}",
                "office_hours": "Mo–Fr 8:30–12:00 Uhr, Do 14:00–18:00 Uhr",
                "bank_name": "Sparkasse KölnBonn",
                "iban": "DE12 3705 0198 0001 2345 67",
                "bic": "COLSDE33XXX",
            },
        )
        if created or not settings.logo:
            settings.logo.save("wappen.png", ContentFile(_demo_logo_png()), save=True)
        chair = User.objects.filter(username="vorsitz").first()
        if chair is not None:
            FormOfAddress.objects.get_or_create(user=chair, defaults={"form": FormOfAddress.Form.FRAU})

    def people(self) -> None:
        for spec in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=spec.username,
                defaults={
                    "first_name": spec.first_name,
                    "last_name": spec.last_name,
                    "email": f"{spec.username}@{DOMAIN}",
                    # the council office manages committees, meetings and departments in the admin
                    "is_staff": spec.role == roles.COUNCIL_OFFICE,
                },
            )
            if created:
                user.set_password(spec.password)
                user.save()
            user.groups.add(Group.objects.get(name=spec.role))
            self.users[spec.username] = user
        # the chair of the Integrationsausschuss is a council member too
        self.users["vorsitz"].groups.add(Group.objects.get(name=roles.COUNCIL_MEMBER))
        for code, name in DEPARTMENTS:
            department, _ = Department.objects.get_or_create(
                code=code, defaults={"name": name, "email": f"{code.lower()}@{DOMAIN}"}
            )
            self.departments[code] = department
        for spec in DEMO_USERS:
            if spec.department:
                department = self.departments[spec.department]
                department.staff.add(self.users[spec.username])
                if spec.is_head:
                    department.head = self.users[spec.username]
                    department.save(update_fields=["head"])

    def committees_and_meetings(self, municipality: Municipality) -> None:
        specs = [
            ("Rat der Stadt Bornheim", "Rat", Committee.Kind.COUNCIL, None),
            ("Integrationsausschuss", "IA", Committee.Kind.COMMITTEE, "vorsitz"),
            ("Jugendhilfeausschuss", "JHA", Committee.Kind.COMMITTEE, None),
            ("Haupt- und Finanzausschuss", "HFA", Committee.Kind.COMMITTEE, None),
            ("Fraktion Bürgerforum Bornheim (fiktiv)", "BFB", Committee.Kind.FACTION, None),
        ]
        for name, short, kind, chair in specs:
            committee, _ = Committee.objects.get_or_create(
                municipality=municipality,
                name=name,
                defaults={"short_name": short, "kind": kind, "email": f"{short.lower()}@{DOMAIN}"},
            )
            if chair:
                committee.chair = self.users[chair]
                committee.save(update_fields=["chair"])
            committee.members.add(self.users["ratsmitglied"], self.users["vorsitz"])
            self.committees[short] = committee
        # Meetings in the coming months (and one past one), every committee its own rhythm.
        for short, first_in_days, every in (
            ("IA", 20, 42),
            ("JHA", 12, 35),
            ("HFA", 16, 28),
            ("Rat", 30, 49),
        ):
            committee = self.committees[short]
            for n in range(-1, 4):
                day = self.today + timedelta(days=first_in_days + n * every)
                Meeting.objects.get_or_create(
                    committee=committee,
                    starts_at=_at(day),
                    defaults={"location": "Rathaus Bornheim, Ratssaal", "is_public": True},
                )

    # -- inquiries -----------------------------------------------------------------------
    def kim(self) -> Inquiry:
        """The real Große Anfrage, imported from the letter exactly as the import does it."""
        text = KIM_LETTER.read_text(encoding="utf-8")
        parsed = parse_letter(text)
        inquiry = create_inquiry_from_letter(
            parsed,
            by=self.users["vorsitz"],
            committee=self.committees["IA"],
            source_name=KIM_LETTER.name,
            source_bytes=text.encode("utf-8"),
            source_text=text,
        )
        register_inquiry(inquiry, received_on=self.today - timedelta(days=6), by=self.users["ratsbuero"])
        inquiry.refresh_from_db()
        return inquiry

    def simple_inquiry(
        self,
        *,
        subject: str,
        committee: str,
        kind: str = Inquiry.Kind.ANFRAGE,
        questions: list[str],
        received_days_ago: int | None,
        deadline_text: str = "",
        is_public: bool = True,
        sender: str = "vorsitz",
        status: str = Inquiry.Status.SUBMITTED,
        due_on: date | None = None,
    ) -> Inquiry:
        from inquiries.letters import ParsedLetter, ParsedQuestion, Person

        parsed = ParsedLetter(
            kind=kind,
            inquiry_kind=kind,
            title=subject,
            addressee="An den Bürgermeister der Stadt Bornheim",
            senders=[Person(self.users[sender].get_full_name(), f"für {self.committees[committee].name}")],
            date="",
            deadline_text=deadline_text,
            preamble="Sehr geehrter Herr Bürgermeister,\n\nwir bitten um Beantwortung der folgenden Fragen.",
            questions=[
                ParsedQuestion(number=str(i), text=q, sub_questions=[]) for i, q in enumerate(questions, 1)
            ],
            justification="Dies ist ein fiktives Beispiel der Demo.",
            closing="Mit freundlichen Grüßen",
        )
        inquiry = create_inquiry_from_letter(
            parsed,
            by=self.users[sender],
            committee=self.committees[committee],
            status=Inquiry.Status.DRAFT if status == Inquiry.Status.DRAFT else Inquiry.Status.SUBMITTED,
            is_public=is_public,
        )
        if received_days_ago is not None:
            register_inquiry(
                inquiry,
                received_on=self.today - timedelta(days=received_days_ago),
                by=self.users["ratsbuero"],
                due_on=due_on,
                correction_reason="Frist laut Absprache mit der Fraktion" if due_on else "",
            )
        inquiry.refresh_from_db()
        return inquiry

    def assign(self, inquiry: Inquiry, plan: dict[str, tuple[str, list[str]]]) -> None:
        """plan: question number → (lead department code, participating codes); sub-questions go
        with their question."""
        due_on = default_internal_due_on(inquiry)
        assignments = []
        for question in inquiry.questions.filter(parent__isnull=True).prefetch_related("sub_questions"):
            if question.number not in plan:
                continue
            lead, participating = plan[question.number]
            for q in [question, *question.sub_questions.all()]:
                assignments.append(
                    Assignment(
                        q,
                        self.departments[lead],
                        tuple(self.departments[c] for c in participating),
                        due_on,
                    )
                )
        assign_questions(inquiry, assignments=assignments, by=self.users["ratsbuero"])

    def answer(
        self, inquiry: Inquiry, number: str, text: str, *, by: str, action: str = "", approver: str = ""
    ):
        """Draft an answer (number "1a" for sub-question a of 1) and move it along the workflow."""
        answer = answer_for(_question(inquiry, number))
        answer = save_answer(answer, text=text, base_version=answer.version, by=self.users[by])
        if action in ("submit", "approve"):
            answer = transition_answer(answer, "submit", by=self.users[by])
        if action == "approve":
            answer = transition_answer(answer, "approve", by=self.users[approver])
        return answer


def load(today: date | None = None) -> dict:
    """Create the demo once; returns what was made (for the command's summary)."""
    today = today or timezone.localdate()
    demo = Demo(today)
    with transaction.atomic():
        roles.ensure_role_groups()
        municipality = demo.municipality()
        demo.people()
        demo.letter(municipality)
        demo.committees_and_meetings(municipality)
        if Inquiry.objects.filter(subject=KIM_SUBJECT).exists():
            return {"created": False, "users": DEMO_USERS}
        kim = demo.kim()
        demo.assign(
            kim,
            {
                "1": ("FIN", ["INT"]),
                "2": ("INT", []),
                "3": ("INT", []),
                "4": ("INT", ["FIN"]),
                "5": ("BM", ["INT"]),
                "6": ("BM", []),
                "7": ("BM", []),
                "8": ("BM", []),
                "9": ("ABH", ["INT"]),
            },
        )
        answer_kim_in_part(demo, kim)
        follow_inquiry(kim, user=demo.users["ratsmitglied"])
        add_demo_inquiries(demo)
        for subject in REPLY_STEPS:
            answered_for_reply(demo, subject)
        answered = answer_completely(demo)
        earlier = answer_earlier_kim_inquiry(demo)
    # Signing stores a file: outside the transaction, so that a failure cleans up after itself.
    sign_and_send(demo, answered)
    sign_and_send(demo, earlier)
    # signed, waiting to be sent (the council office's "to send")
    to_send = Inquiry.objects.get(subject=TO_SEND_SUBJECT)
    sign_reply(get_or_create_reply(to_send, by=demo.users["ratsbuero"]), by=demo.users["buergermeister"])
    return {"created": True, "users": DEMO_USERS, "kim": kim, "answered": answered, "earlier": earlier}


def _question(inquiry: Inquiry, number: str) -> Question:
    """Question "1", or "1a" for sub-question a of question 1."""
    if len(number) > 1 and number[-1].isalpha():
        return inquiry.questions.get(number=number[-1], parent__number=number[:-1])
    return inquiry.questions.get(number=number, parent__isnull=True)


def answer_kim_in_part(demo: Demo, kim: Inquiry) -> None:
    """The KIM inquiry in the middle of its work: some answers approved, one in review, drafts,
    a contribution waiting to be merged, an internal comment. The texts are fictional."""
    demo.answer(
        kim,
        "2",
        "In die Erstellung der Förderskizze waren das Kommunale Integrationszentrum des Rhein-Sieg-Kreises, "
        "die Integrationsbeauftragte der Stadt Bornheim und die Ausländerbehörde eingebunden. "
        "(Fiktiver Demo-Text.)",
        by="integration",
        action="approve",
        approver="integration-leitung",
    )
    demo.answer(
        kim,
        "3",
        "Die kreisangehörigen Gemeinden werden über regionale Koordinierungsstellen eingebunden:\n\n"
        "- regelmäßige Netzwerktreffen mit den Gemeinden\n- gemeinsame Fallkonferenzen im Case Management\n\n"
        "(Fiktiver Demo-Text.)",
        by="integration",
        action="approve",
        approver="integration-leitung",
    )
    demo.answer(
        kim,
        "5",
        "Die Lenkungsgruppe ist mit Vertreterinnen und Vertretern der Verwaltung, des Jobcenters und der "
        "Freien Wohlfahrtspflege besetzt. (Fiktiver Demo-Text, in Prüfung.)",
        by="buero-bm",
        action="submit",
    )
    demo.answer(
        kim,
        "1a",
        "Die Mittel wurden für Personal im Case Management und für Sachkosten eingesetzt. "
        "(Fiktiver Entwurf; die Aufstellung nach Jahren folgt.)",
        by="finanzen",
    )
    add_contribution(
        _question(kim, "1a"),
        department=demo.departments["INT"],
        text="Ergänzung INT: 2022 wurden zwei Stellen im Case Management besetzt. (Fiktiver Demo-Text.)",
        by=demo.users["integration"],
    )
    demo.answer(
        kim,
        "9",
        "Die Ausländerbehörde prüft derzeit, ob Pauschalen nach Baustein 3 beantragt wurden. (Fiktiver Entwurf.)",
        by="auslaenderbehoerde",
    )
    add_comment(
        _question(kim, "8"),
        text="Bitte mit dem Integrationsausschuss abstimmen, bevor wir antworten. (Interne Notiz der Demo.)",
        by=demo.users["ratsbuero"],
    )


def add_demo_inquiries(demo: Demo) -> None:
    today = demo.today
    overdue = demo.simple_inquiry(
        subject="Betreuungsplätze für Kinder unter drei Jahren (fiktiv)",
        committee="JHA",
        questions=[
            "Wie viele U3-Betreuungsplätze stehen derzeit im Stadtgebiet zur Verfügung?",
            "Wie viele Kinder stehen auf der Warteliste?",
        ],
        received_days_ago=40,
        due_on=today - timedelta(days=8),
    )
    # question 2 needs the integration office's part: overdue work and a contribution request
    demo.assign(overdue, {"1": ("JUG", []), "2": ("JUG", ["INT"])})
    due_soon = demo.simple_inquiry(
        subject="Sprachkursangebote für Neuzugewanderte (fiktiv)",
        committee="IA",
        questions=[
            "Welche Sprachkurse werden in Bornheim derzeit angeboten?",
            "Wie hoch ist die Auslastung der Kurse?",
        ],
        received_days_ago=25,
        due_on=add_working_days(today, 5, state="NW"),
    )
    demo.assign(due_soon, {"1": ("INT", []), "2": ("INT", ["FIN"])})
    # the head sent question 1 back with a reason; question 2 waits for the head's approval
    demo.answer(
        due_soon,
        "1",
        "Angeboten werden Integrationskurse der Volkshochschule. (Fiktiver Entwurf.)",
        by="integration",
        action="submit",
    )
    transition_answer(
        answer_for(_question(due_soon, "1")),
        "send_back",
        by=demo.users["integration-leitung"],
        comment="Bitte auch die Kurse der freien Träger und die Wartezeiten nennen. (Demo.)",
    )
    demo.answer(
        due_soon,
        "2",
        "Die Kurse sind zu rund 85 % ausgelastet. (Fiktive Demo-Zahl, in Prüfung.)",
        by="integration",
        action="submit",
    )
    demo.simple_inquiry(
        subject="Spielplatzsanierung im Ortsteil Hersel (fiktiv)",
        committee="JHA",
        questions=[
            "Welche Spielplätze in Hersel sollen saniert werden?",
            "Wann beginnen die Arbeiten?",
        ],
        received_days_ago=2,
        deadline_text="innerhalb von vier Wochen",
    )  # registered, waiting for assignment
    secret = demo.simple_inquiry(
        subject="Vergabe der Gebäudereinigung an Schulen (fiktiv, nicht öffentlich)",
        committee="HFA",
        kind=Inquiry.Kind.KLEINE_ANFRAGE,
        questions=[
            "Welche Firmen haben sich an der Ausschreibung beteiligt?",
            "Welche Vertragsstrafen wurden im laufenden Vertrag geltend gemacht?",
        ],
        received_days_ago=10,
        deadline_text="innerhalb von vier Wochen",
        is_public=False,
    )
    demo.assign(secret, {"1": ("FIN", []), "2": ("FIN", [])})
    send_interim_reply(
        secret,
        text="Die Auswertung der Vergabeunterlagen dauert länger, weil ein Nachprüfungsverfahren läuft. "
        "(Fiktive Demo-Zwischennachricht.)",
        new_expected_on=add_working_days(secret.due_on, 10, state="NW"),
        by=demo.users["ratsbuero"],
    )
    demo.simple_inquiry(
        subject="Beleuchtung des Radwegs am Rheinufer (fiktiv)",
        committee="BFB",
        questions=["Wann wird die Beleuchtung des Radwegs am Rheinufer instand gesetzt?"],
        received_days_ago=None,
        deadline_text="binnen 14 Tagen",
    )
    demo.simple_inquiry(
        subject="Dolmetscherpool für Elterngespräche (fiktiv, Entwurf)",
        committee="IA",
        questions=["Gibt es in Bornheim einen Dolmetscherpool für Elterngespräche an Schulen?"],
        received_days_ago=None,
        status=Inquiry.Status.DRAFT,
    )
    withdrawn = demo.simple_inquiry(
        subject="Öffnungszeiten des Bürgerbüros (fiktiv, zurückgezogen)",
        committee="BFB",
        questions=["Warum wurden die Öffnungszeiten am Samstag gestrichen?"],
        received_days_ago=30,
        deadline_text="innerhalb von vier Wochen",
    )
    withdraw_inquiry(withdrawn, by=demo.users["vorsitz"], reason="Hat sich durch die Ratssitzung erledigt.")


ANSWERED_SUBJECT = "Barrierefreie Bushaltestellen im Stadtgebiet (fiktiv)"


# Inquiries whose answers are all approved, one at each step of the reply: the council office
# composes one, the mayor signs one, the council office sends one.
TO_COMPOSE_SUBJECT = "Öffentliche Toiletten am Bahnhof (fiktiv)"
TO_SIGN_SUBJECT = "Schulwegsicherung an der Königstraße (fiktiv)"
TO_SEND_SUBJECT = "Ladesäulen für Elektroautos (fiktiv)"
REPLY_STEPS = {
    TO_COMPOSE_SUBJECT: ("Wie viele öffentliche Toiletten gibt es am Bahnhof?", "Es gibt eine. (Fiktiv.)"),
    TO_SIGN_SUBJECT: ("Wann wird der Zebrastreifen angelegt?", "Im Frühjahr. (Fiktiv.)"),
    TO_SEND_SUBJECT: ("Wie viele Ladesäulen betreibt die Stadt?", "Zwölf. (Fiktiv.)"),
}


def answered_for_reply(demo: Demo, subject: str) -> Inquiry:
    question, text = REPLY_STEPS[subject]
    inquiry = demo.simple_inquiry(
        subject=subject, committee="HFA", questions=[question], received_days_ago=15, deadline_text=""
    )
    demo.assign(inquiry, {"1": ("BM", [])})
    demo.answer(inquiry, "1", text, by="buero-bm", action="approve", approver="ratsbuero")
    if subject != TO_COMPOSE_SUBJECT:
        mark_reply_ready(get_or_create_reply(inquiry, by=demo.users["ratsbuero"]), by=demo.users["ratsbuero"])
    return inquiry


def answer_completely(demo: Demo) -> Inquiry:
    """A fictional inquiry answered from start to end: every answer approved, reply ready."""
    inquiry = demo.simple_inquiry(
        subject=ANSWERED_SUBJECT,
        committee="BFB",
        questions=[
            "Wie viele der Bushaltestellen im Stadtgebiet sind barrierefrei ausgebaut?",
            "Bis wann sollen die übrigen Haltestellen umgebaut werden?",
            "Welche Fördermittel des Landes stehen dafür zur Verfügung?",
        ],
        received_days_ago=45,
        deadline_text="innerhalb von vier Wochen",
    )
    demo.assign(inquiry, {"1": ("BM", []), "2": ("BM", ["FIN"]), "3": ("FIN", [])})
    texts = {
        "1": "Von 96 Haltestellen sind 41 barrierefrei ausgebaut (Hochbord, Leitsystem für Blinde und "
        "Sehbehinderte). (Fiktive Demo-Zahlen.)",
        "2": "Der Nahverkehrsplan sieht den Umbau in drei Abschnitten vor:\n\n"
        "- 2027: Haltestellen an Schulen und Seniorenheimen\n"
        "- 2028: Haltestellen an Hauptverkehrsstraßen\n"
        "- 2029: alle übrigen Haltestellen\n\n(Fiktive Demo-Angaben.)",
        "3": "Das Land fördert den Umbau mit bis zu 90 % der zuwendungsfähigen Kosten; der Förderantrag für "
        "den ersten Abschnitt ist gestellt. (Fiktive Demo-Angaben.)",
    }
    for number, text in texts.items():
        lead = {"1": "buero-bm", "2": "buero-bm", "3": "finanzen"}[number]
        demo.answer(inquiry, number, text, by=lead, action="approve", approver="ratsbuero")
    reply = get_or_create_reply(inquiry, by=demo.users["ratsbuero"])
    # the council office attaches a map to the reply: listed under "Anlagen", embedded when signed
    from responses.services import add_annex

    add_annex(
        reply=reply,
        data=_demo_map_png(),
        file_name="Uebersichtskarte-Haltestellen.png",
        title="Übersichtskarte der Bushaltestellen (fiktiv)",
        by=demo.users["ratsbuero"],
    )
    mark_reply_ready(reply, by=demo.users["ratsbuero"])
    return inquiry


EARLIER_KIM_SUBJECT = "Fördermittel für das Kommunale Integrationsmanagement (fiktiv)"


def answer_earlier_kim_inquiry(demo: Demo) -> Inquiry:
    """A fictional inquiry of last year that asked what the KIM's question 1 asks again: the
    answer editor of that question suggests its sent answer ("Asked before?")."""
    inquiry = demo.simple_inquiry(
        subject=EARLIER_KIM_SUBJECT,
        committee="IA",
        questions=[
            "Wie hoch waren die Fördermittel, die die Stadt Bornheim in den Jahren 2020 und 2021 für das "
            "Kommunale Integrationsmanagement (KIM) erhalten hat?",
            "Wie viele Stellen im Case Management werden aus diesen Mitteln finanziert?",
        ],
        received_days_ago=400,
        deadline_text="innerhalb von vier Wochen",
    )
    demo.assign(inquiry, {"1": ("FIN", ["INT"]), "2": ("INT", [])})
    texts = {
        "1": "Die Stadt Bornheim hat über den Rhein-Sieg-Kreis 2020 rund 48.000 € und 2021 rund 96.000 € "
        "aus dem Landesprogramm erhalten. (Fiktive Demo-Zahlen.)",
        "2": "Aus den Mitteln werden zwei Vollzeitstellen im Case Management finanziert. (Fiktive Demo-Angaben.)",
    }
    for number, text in texts.items():
        lead = {"1": "finanzen", "2": "integration"}[number]
        demo.answer(inquiry, number, text, by=lead, action="approve", approver="ratsbuero")
    mark_reply_ready(get_or_create_reply(inquiry, by=demo.users["ratsbuero"]), by=demo.users["ratsbuero"])
    return inquiry


def sign_and_send(demo: Demo, inquiry: Inquiry) -> None:
    """The mayor signs with the demo certificate; the council office sends the reply."""
    reply = get_or_create_reply(inquiry, by=demo.users["ratsbuero"])
    reply = sign_reply(reply, by=demo.users["buergermeister"])
    send_reply(reply, by=demo.users["ratsbuero"])
