"""The reply letter as plain data.

`responses/pdf.py` renders a `ReplyDocument` and `responses/signing/signature.py` signs the result; neither
touches the database. The caller (services) builds the document from the models. `to_json_dict()`
is the machine-readable twin of the letter that travels inside the PDF as `reply.json`, so that an
archive or a council information system can read questions and answers without parsing text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from datetime import date

from inquiries.cleaning import clean_text

# Bump when a key of `to_json_dict()` changes meaning or disappears; adding keys is compatible.
JSON_SCHEMA = "ratsanfragen.reply"
JSON_SCHEMA_VERSION = 1

CAPACITIES = ("", "In Vertretung", "Im Auftrag")


@dataclass
class ReplyQuestion:
    """A question as the inquiry put it, with the administration's answer (markup, see
    `responses.markup`). Sub-questions ("a", "b") nest one level deep in practice, but any depth
    renders."""

    number: str
    text: str
    answer_text: str = ""
    sub_questions: list[ReplyQuestion] = field(default_factory=list)
    # the council office marked it as answered by its sub-questions (no answer of its own)
    answered_by_sub_questions: bool = False
    question_id: int | None = None  # the database row, when built from one (not in the JSON)

    def label_at(self, depth: int) -> str:
        """The number as printed at this depth: "1." or "a)", the same as on the website
        (`inquiries.models.Question.printed_label_of`)."""
        from inquiries.models import Question

        return Question.printed_label_of(self.number, is_sub_question=depth > 0)

    def printable(self) -> ReplyQuestion:
        return replace(
            self,
            number=clean_text(self.number, multiline=False),
            text=clean_text(self.text),
            answer_text=clean_text(self.answer_text),
            sub_questions=[sub.printable() for sub in self.sub_questions],
        )

    @property
    def sub_questions_note(self) -> str:
        """What the letter prints under a question answered by its sub-questions: "Siehe die
        Antworten zu den Unterfragen a und b." (empty for every other question)."""
        if not self.answered_by_sub_questions or self.answer_text.strip():
            return ""
        numbers = [sub.number.strip().rstrip(".):") for sub in self.sub_questions]
        listed = " und ".join([", ".join(numbers[:-1]), numbers[-1]] if len(numbers) > 1 else numbers)
        return f"Siehe die Antworten zu den Unterfragen {listed}." if numbers else ""

    def to_json_dict(self) -> dict:
        return {
            "number": self.number,
            "text": self.text,
            "answer": self.answer_text,
            "answered_by_sub_questions": self.answered_by_sub_questions,
            "sub_questions": [sub.to_json_dict() for sub in self.sub_questions],
        }


@dataclass
class ReplyAnnexFile:
    """An annex (Anlage): listed in the letter by `title`, embedded in the PDF as `name`."""

    title: str
    name: str
    content_type: str = "application/octet-stream"
    sha256: str = ""
    data: bytes = b""  # empty where only the list is shown (the web page)

    def to_json_dict(self) -> dict:
        return {"title": self.title, "name": self.name, "sha256": self.sha256}


@dataclass
class ReplyDocument:
    """Everything printed on the reply letter. Texts are plain text; answers use the markup of
    `responses.markup`. Dates are `date`s, formatted German-style by the template."""

    # Sender
    municipality_name: str  # "Stadt Bornheim"
    municipality_address_lines: list[str]  # ["Rathausstraße 2", "53332 Bornheim"]
    state: str  # "Nordrhein-Westfalen"
    letterhead_text: str  # "Der Bürgermeister"
    sending_office: str  # "Ratsbüro"
    # Reference line
    reference: str  # "AN/2026/0017"
    letter_on: date
    inquiry_received_on: date
    # The inquiry answered
    inquiry_kind_label: str  # "Große Anfrage"
    inquiry_subject: str  # "Kommunales Integrationsmanagement"
    inquiry_on: date  # the date of the inquiry letter ("Ihr Schreiben vom")
    # Addressee: committee and chair, one line each
    addressee_lines: list[str]
    # Body
    salutation: str
    intro: str
    questions: list[ReplyQuestion]
    closing: str = "Mit freundlichen Grüßen"
    # Signature block
    signatory_name: str = ""
    signatory_role: str = ""  # "Bürgermeister"
    capacity: str = ""  # one of CAPACITIES
    # DIN 5008 information block and footer (`responses.models.LetterSettings`): "Ansprechpartnerin:
    # Sabine Krause", "Telefon: …"; the footer's columns (address, website, bank details)
    contact_lines: list[str] = field(default_factory=list)
    footer_lines: list[str] = field(default_factory=list)
    # the municipality's logo as a data: URL (PNG or JPEG) and its alternative text
    logo_data_uri: str = ""
    logo_alt: str = ""
    # Anlagen: listed under the signature, embedded in the PDF
    annexes: list[ReplyAnnexFile] = field(default_factory=list)
    # State of the letter
    is_draft: bool = False
    demo_certificate: bool = False
    supplementary_to: str | None = None  # reference (or date) of the reply this one supplements

    def __post_init__(self) -> None:
        if self.capacity not in CAPACITIES:
            raise ValueError(f"capacity must be one of {CAPACITIES!r}, got {self.capacity!r}")

    @property
    def kind_genitive(self) -> str:
        """ "Große Anfrage" -> "Großen Anfrage", as needed after "Beantwortung der"."""
        return inflect_kind(self.inquiry_kind_label)

    @property
    def subject_line(self) -> str:
        prefix = "Ergänzende Beantwortung" if self.supplementary_to else "Beantwortung"
        return (
            f"{prefix} der {self.kind_genitive} „{self.inquiry_subject}“ vom {format_date(self.inquiry_on)}"
        )

    # texts of several lines; every other text is one line
    MULTILINE_FIELDS = ("intro", "closing")

    def printable(self) -> ReplyDocument:
        """A copy that any renderer can take, whatever was stored: no control characters (a
        vertical tab in the subject made the XMP metadata, and so signing, fail), one-line
        texts on one line."""
        values = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, str):
                values[item.name] = clean_text(value, multiline=item.name in self.MULTILINE_FIELDS)
            elif isinstance(value, list) and all(isinstance(line, str) for line in value):
                values[item.name] = [clean_text(line, multiline=False) for line in value]
        values["questions"] = [question.printable() for question in self.questions]
        values["annexes"] = [
            replace(annex, title=clean_text(annex.title, multiline=False)) for annex in self.annexes
        ]
        return replace(self, **values)

    def iter_questions(self):
        """Every question and sub-question, depth first, as (depth, question)."""

        def walk(questions: list[ReplyQuestion], depth: int):
            for question in questions:
                yield depth, question
                yield from walk(question.sub_questions, depth + 1)

        return walk(self.questions, 0)

    def to_json_dict(self) -> dict:
        """The structured content embedded in the PDF. Only JSON types (dates as ISO 8601), so
        that `json.loads(json.dumps(d)) == d`."""
        return {
            "schema": JSON_SCHEMA,
            "schema_version": JSON_SCHEMA_VERSION,
            "reference": self.reference,
            "letter_date": self.letter_on.isoformat(),
            "subject": self.subject_line,
            "supplementary_to": self.supplementary_to,
            "is_draft": self.is_draft,
            "demo_certificate": self.demo_certificate,
            "municipality": {
                "name": self.municipality_name,
                "address_lines": list(self.municipality_address_lines),
                "state": self.state,
                "letterhead": self.letterhead_text,
                "office": self.sending_office,
                "contact": list(self.contact_lines),
                "footer": list(self.footer_lines),
            },
            "addressee_lines": list(self.addressee_lines),
            "inquiry": {
                "kind": self.inquiry_kind_label,
                "subject": self.inquiry_subject,
                "date": self.inquiry_on.isoformat(),
                "received_date": self.inquiry_received_on.isoformat(),
            },
            "salutation": self.salutation,
            "intro": self.intro,
            "questions": [question.to_json_dict() for question in self.questions],
            "closing": self.closing,
            "annexes": [annex.to_json_dict() for annex in self.annexes],
            "signatory": {
                "name": self.signatory_name,
                "role": self.signatory_role,
                "capacity": self.capacity,
            },
        }


def format_date(value: date) -> str:
    """German numeric date, as DIN 5008 allows: 03.03.2026. Independent of the active locale,
    because the letter is German whatever language the person exporting it reads."""
    return f"{value.day:02d}.{value.month:02d}.{value.year}"


_ADJECTIVE_BEFORE_NOUN = re.compile(r"^(.*?)(\bAnfrage\b.*)$")


def inflect_kind(label: str) -> str:
    """Decline the kind for "der …" (genitive/dative feminine): the adjectives before "Anfrage"
    take -n ("Große Anfrage" -> "Großen Anfrage", "Schriftliche Anfrage" -> "Schriftlichen
    Anfrage"); "Anfrage zur Sitzung" stays. Other labels are returned unchanged."""
    match = _ADJECTIVE_BEFORE_NOUN.match(label.strip())
    if not match:
        return label.strip()
    words = [word + "n" if word.endswith("e") else word for word in match.group(1).split()]
    return " ".join([*words, match.group(2)])


def example_document(**overrides) -> ReplyDocument:
    """A realistic reply (the Bornheim KIM inquiry: nine questions, the first with two
    sub-questions, answers of a few paragraphs) for the benchmark, tests and layout checks."""
    questions = [
        ReplyQuestion(
            "1",
            "In welcher Höhe hat die Stadt Bornheim im Rahmen des KIM in den Jahren 2020, 2021 und 2022 "
            "Fördermittel erhalten?",
            "Die Stadt Bornheim hat keine eigenen Zuwendungen des Landes erhalten. Die Fördermittel "
            "werden dem Rhein-Sieg-Kreis bewilligt, der sie an die kreisangehörigen Kommunen "
            "weitergibt:\n\n- 2020: 0,00 €\n- 2021: 48.500,00 €\n- 2022: 97.000,00 €",
            [
                ReplyQuestion(
                    "a",
                    "Wie wurden/werden diese Mittel eingesetzt? Bitte detaillierte Angaben nach Jahren "
                    "und Fördergegenständen.",
                    _EXAMPLE_PARAGRAPHS[0] + "\n\n" + _EXAMPLE_PARAGRAPHS[1],
                ),
                ReplyQuestion(
                    "b",
                    "Kreisangehörige Gemeinden mit einer Ausländerbehörde, einem Jugendamt und einem "
                    "Integrationsrat/Integrationsausschuss können für diese Kommune eine weitere "
                    "Koordinierungsstelle über den zuständigen Kreis beantragen. Erhält die Stadt "
                    "Bornheim hierfür zusätzliche Mittel?",
                    "Ja. Seit dem 1. Juli 2021 wird eine halbe Koordinierungsstelle („KIM-Koordination "
                    "Bornheim“) gefördert.",
                ),
            ],
        ),
    ]
    for number, text in _EXAMPLE_QUESTIONS:
        questions.append(
            ReplyQuestion(
                number, text, "\n\n".join(_EXAMPLE_PARAGRAPHS[int(number) % 3 :][:2] + [_EXAMPLE_LIST])
            )
        )
    values = {
        "municipality_name": "Stadt Bornheim",
        "municipality_address_lines": ["Rathausstraße 2", "53332 Bornheim"],
        "state": "Nordrhein-Westfalen",
        "letterhead_text": "Der Bürgermeister",
        "sending_office": "Büro des Bürgermeisters – Ratsbüro",
        "reference": "AN/2026/0017",
        "letter_on": date(2026, 4, 20),
        "inquiry_received_on": date(2026, 3, 5),
        "inquiry_kind_label": "Große Anfrage",
        "inquiry_subject": "Kommunales Integrationsmanagement",
        "inquiry_on": date(2026, 3, 3),
        "addressee_lines": [
            "An den Integrationsausschuss",
            "der Stadt Bornheim",
            "Frau Vorsitzende Dilara Görgen",
            "Rathausstraße 2",
            "53332 Bornheim",
        ],
        "salutation": "Sehr geehrte Frau Görgen,",
        "intro": "zu Ihrer Großen Anfrage vom 03.03.2026 nimmt die Verwaltung wie folgt Stellung:",
        "questions": questions,
        "signatory_name": "Christoph Becker",
        "signatory_role": "Bürgermeister",
        "contact_lines": [
            "Ansprechpartnerin: Sabine Krause",
            "Zimmer: 112",
            "Telefon: 02222 945-201",
            "E-Mail: ratsbuero@stadt-bornheim.de",
            "Sprechzeiten: Mo–Fr 8:30–12:00 Uhr, Do 14:00–18:00 Uhr",
        ],
        "footer_lines": [
            "Stadt Bornheim · Rathausstraße 2 · 53332 Bornheim",
            "www.bornheim.de",
            "Sparkasse KölnBonn · IBAN DE12 3705 0198 0001 2345 67 · BIC COLSDE33XXX",
        ],
    }
    values.update(overrides)
    return ReplyDocument(**values)


_EXAMPLE_QUESTIONS = [
    ("2", "Welche Akteure waren in die Erstellung der Förderskizze zur Beantragung der Mittel eingebunden?"),
    (
        "3",
        "Wie werden die kreisangehörigen Gemeinden in der Förderskizze berücksichtigt? Wie sollen sie in "
        "das Kommunale Integrationsmanagement eingebunden werden?",
    ),
    ("4", "Welche Planungen sind für das laufende Jahr 2022 und die Folgejahre vorgesehen?"),
    ("5", "Mit welchen verwaltungsinternen und -externen Akteuren ist die Lenkungsgruppe besetzt?"),
    (
        "6",
        "Wurden gemäß den Empfehlungen des Handlungskonzeptes des Landes zum Kommunalen "
        "Integrationsmanagement Projektgruppen und ggf. weitere Gremien eingerichtet? Wenn ja, welche "
        "Akteure sind in diese Gruppen und Gremien eingebunden?",
    ),
    (
        "7",
        "Auf welche Weise wird die regelmäßige Beteiligung des Integrationsausschusses der Stadt Bornheim "
        "an der strategischen Steuerung und der politischen Begleitung des Kommunalen "
        "Integrationsmanagements sichergestellt?",
    ),
    (
        "8",
        "Warum erhält der Integrationsausschuss bisher keine Informationsvorlagen und Beschlussdokumente, "
        "die das Kommunale Integrationsmanagement betreffen?",
    ),
    (
        "9",
        "Nach Baustein 3 werden in Kommunen mit einer Ausländerbehörde bzw. einer eigenen "
        "Einbürgerungsbehörde weitere Personalstellen gefördert. Hat die Stadt Bornheim fachbezogene "
        "Pauschalen nach Baustein 3 erhalten? Wenn ja, bitte wie hoch waren/sind die Pauschalen, wie viele "
        "Personalstellen werden in welcher Behörde damit gefördert?",
    ),
]
_EXAMPLE_PARAGRAPHS = [
    "Die Mittel wurden überwiegend für die Personal- und Sachkosten der Koordinierungsstelle "
    "eingesetzt. Die Abrechnung erfolgt jährlich gegenüber dem Rhein-Sieg-Kreis; der "
    "Verwendungsnachweis für 2021 wurde fristgerecht am 31. März 2022 vorgelegt.",
    "Für 2022 ist zusätzlich eine Qualifizierung der Mitarbeitenden im rechtskreisübergreifenden "
    "Case-Management vorgesehen. Die Maßnahme wird gemeinsam mit dem Jobcenter Rhein-Sieg und den "
    "Trägern der Freien Wohlfahrtspflege durchgeführt.",
    "Die Verwaltung wird den Integrationsausschuss künftig in jeder Sitzung über den Sachstand "
    "unterrichten. Eine schriftliche Mitteilungsvorlage zum Stand der Umsetzung folgt zur nächsten "
    "Sitzung.",
    "Über die Ergebnisse der Steuerungsgruppe berichtet die Verwaltung halbjährlich; Änderungen der "
    "Förderrichtlinie des Landes werden unverzüglich mitgeteilt.",
]
_EXAMPLE_LIST = (
    "Beteiligt sind insbesondere:\n"
    "- das Kommunale Integrationszentrum des Rhein-Sieg-Kreises,\n"
    "- die Ausländerbehörde und das Jugendamt der Stadt Bornheim,\n"
    "- das Jobcenter Rhein-Sieg sowie\n"
    "- die Träger der Freien Wohlfahrtspflege und Migrantenselbstorganisationen."
)
