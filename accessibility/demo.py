"""The accessibility statement and one answered barrier report of the demo municipality
(called by the load_demo command; idempotent)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User

from accessibility import services
from accessibility.models import AccessibilityStatement
from inquiries.models import Municipality

# The date of the audit in docs/accessibility.md, which the statement reports.
ASSESSED_ON = date(2026, 11, 30)

KNOWN_BARRIERS = """Briefe, die Ratsmitglieder als Scan einreichen, werden so veröffentlicht, wie sie eingegangen sind; sie sind nicht barrierefrei. Der Text der Anfrage auf der Seite ist die barrierefreie Fassung.

Antworten, die vor dem 30.11.2026 signiert wurden, sind PDF-Dateien ohne Struktur (PDF/A-3b). Das Ratsbüro schickt sie auf Wunsch in einem barrierefreien Format."""

PLAIN_LANGUAGE = """Das ist die Internet-Seite Ratsanfragen von der Stadt Bornheim.

Der Rat ist eine Gruppe von Menschen. Die Menschen in Bornheim wählen den Rat.

Die Mitglieder vom Rat können der Stadt-Verwaltung Fragen stellen. Die Verwaltung muss die Fragen beantworten.

Auf dieser Internet-Seite können Sie die Fragen und die Antworten lesen. Sie können auch nach einem Wort suchen.

Ist etwas auf dieser Seite schwer für Sie? Dann schreiben Sie uns. Das geht auf der Seite „Erklärung zur Barrierefreiheit“."""


def load() -> AccessibilityStatement | None:
    municipality = Municipality.current()
    if municipality is None:
        return None
    statement, created = AccessibilityStatement.objects.get_or_create(
        municipality=municipality,
        defaults={
            "conformance": AccessibilityStatement.Conformance.PARTIAL,
            "known_barriers": KNOWN_BARRIERS,
            "assessed_on": ASSESSED_ON,
            "assessment_method": "Selbstbewertung: von Hand (nur Tastatur, Barrierefreiheitsbaum, "
            "gemessene Kontraste) und mit automatischen Tests (axe-core, Nu HTML Checker).",
            "enforcement_body_name": "Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen",
            "enforcement_body_address": "bei der Landesbeauftragten für Menschen mit Behinderung\nFürstenwall 25\n40219 Düsseldorf",
            "enforcement_body_email": "ombudsstelle-barrierefreie-it@mags.nrw.de",
            "plain_language_text": PLAIN_LANGUAGE,
        },
    )
    if created:
        report = services.report_barrier(
            description="Im Antwort-Editor sagt der Screenreader bei allen drei Textfeldern „Antwort“.",
            page="/fragen/2/antwort/",
            name="Erika Muster",
        )
        office = User.objects.filter(username="ratsbuero").first()
        if office is not None:
            services.answer_barrier_report(
                report,
                answer="Danke für den Hinweis. Jedes Formular hat jetzt eigene Feldnamen; "
                "der Fehler ist behoben.",
                by=office,
            )
    return statement
