"""The one grammar of deadline phrases: finding them in a letter's text (for the letter parser)
and reading what they ask for (for the deadline engine)."""

from datetime import date

import pytest

from inquiries.deadlines import (
    DeadlineKind,
    Period,
    PhraseMatch,
    Unit,
    find_deadline_phrase,
    find_deadline_phrases,
    parse_deadline_phrase,
)

RECEIVED = date(2026, 9, 1)  # a Tuesday


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        # phrases as the letters in tests/data/letters write them
        ("Wir bitten um Beantwortung bis zur nächsten Sitzung.", "bis zur nächsten Sitzung"),
        (
            "Wir bitten um Beantwortung in der nächsten Sitzung des Bauausschusses.",
            "in der nächsten Sitzung des Bauausschusses",
        ),
        (
            "Um Beantwortung bis zur nächsten Sitzung des Haupt- und Finanzausschusses wird gebeten.",
            "bis zur nächsten Sitzung des Haupt- und Finanzausschusses",
        ),
        (
            "Wir bitten um Antwort bis zur nächsten Sitzung des Ausschusses für Verkehr und Mobilität.",
            "bis zur nächsten Sitzung des Ausschusses für Verkehr und Mobilität",
        ),
        ("Wir bitten um Antwort innerhalb von vier Wochen.", "innerhalb von vier Wochen"),
        ("Wir bitten um Beantwortung binnen 14 Tagen.", "binnen 14 Tagen"),
        ("Bitte beantworten Sie die Fragen innerhalb eines Monats.", "innerhalb eines Monats"),
        ("Wir bitten um Beantwortung bis zum 15. März 2027.", "bis zum 15. März 2027"),
        ("Wir bitten um Beantwortung bis 15.03.2027.", "bis 15.03.2027"),
        ("Die Antwort erbitten wir spätestens am 2. Mai.", "spätestens am 2. Mai"),
        # the phrases the engine did not read before
        ("Wir bitten um Beantwortung bis zur nächstmöglichen Sitzung.", "bis zur nächstmöglichen Sitzung"),
        (
            "Wir bitten um Beantwortung zur Sitzung des Rates am 30.09.2026.",
            "zur Sitzung des Rates am 30.09.2026",
        ),
        ("Um Antwort vor der nächsten Sitzung wird gebeten.", "vor der nächsten Sitzung"),
        ("Bitte antworten Sie binnen zehn Werktagen.", "binnen zehn Werktagen"),
        (
            "Bitte bis zur nächsten Sitzung des Rates am 12. März 2027 beantworten.",
            "bis zur nächsten Sitzung des Rates am 12. März 2027",
        ),
        (
            "Bitte spätestens eine Woche vor der nächsten Sitzung antworten.",
            "spätestens eine Woche vor der nächsten Sitzung",
        ),
        ("Wir bitten um Beantwortung bis Ende März.", "bis Ende März"),
        ("Wir bitten um Antwort in der übernächsten Sitzung.", "in der übernächsten Sitzung"),
    ],
)
def test_find_returns_the_phrase_as_written_and_its_span(sentence, phrase):
    found = find_deadline_phrase(sentence)
    assert found is not None
    assert found.text == phrase == sentence[found.start : found.end]


@pytest.mark.parametrize(
    "sentence",
    [
        "Wir freuen uns auf Ihre Antwort.",
        "Der Termin der nächsten Sitzung steht noch nicht fest.",
        "Ihr Schreiben vom 15.01.2027; Stand zum 31.12.2026.",
        "Bitte bis zum 31.02.2027 antworten.",  # no such day
        "Das Ergebnis 15.03.2027 liegt vor.",
    ],
)
def test_find_returns_none_without_a_phrase(sentence):
    assert find_deadline_phrase(sentence) is None
    assert find_deadline_phrases(sentence) == []


def test_find_keeps_line_breaks_in_the_phrase_and_its_span():
    text = "Beantwortung bis zur\nnächsten Sitzung erbeten."
    assert find_deadline_phrase(text) == PhraseMatch(
        text="bis zur\nnächsten Sitzung", start=13, end=37, kind=DeadlineKind.NEXT_MEETING
    )


def test_find_looks_only_inside_the_span_and_reports_positions_in_the_whole_text():
    text = "1. Was wurde bis 31.12.2022 ausgegeben? Wir bitten um Antwort binnen 14 Tagen."
    sentence_start = text.index("Wir")
    found = find_deadline_phrase(text, sentence_start)
    assert found is not None and found.kind is DeadlineKind.PERIOD
    assert text[found.start : found.end] == "binnen 14 Tagen"
    assert find_deadline_phrase(text, 0, sentence_start).text == "bis 31.12.2022"


def test_find_lists_every_phrase_in_order_without_overlaps():
    text = "Bitte bis zur nächsten Sitzung des Rates am 12.03.2027, spätestens aber binnen vier Wochen."
    assert [(m.text, m.kind) for m in find_deadline_phrases(text)] == [
        ("bis zur nächsten Sitzung des Rates am 12.03.2027", DeadlineKind.NEXT_MEETING),
        ("binnen vier Wochen", DeadlineKind.PERIOD),
    ]


def test_what_find_finds_parse_reads_the_same_way():
    text = "Wir bitten um Beantwortung zur Sitzung des Rates am 30.09.2026."
    found = find_deadline_phrase(text)
    request = parse_deadline_phrase(found.text, received_on=RECEIVED)
    assert (request.kind, request.on, request.text) == (found.kind, date(2026, 9, 30), found.text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bis zur nächstmöglichen Sitzung", {"kind": "next_meeting", "on": None, "meeting_offset": 0}),
        ("zur Sitzung des Rates am 30.09.2026", {"kind": "next_meeting", "on": date(2026, 9, 30)}),
        (
            "in der Sitzung des Hauptausschusses am 5. Oktober",
            {"kind": "next_meeting", "on": date(2026, 10, 5)},
        ),
        (
            "vor der nächsten Sitzung",
            {"kind": "next_meeting", "before_meeting": Period(1, Unit.WORKING_DAYS)},
        ),
        (
            "spätestens eine Woche vor der nächsten Sitzung",
            {"kind": "next_meeting", "before_meeting": Period(1, Unit.WEEKS)},
        ),
        ("in der übernächsten Sitzung", {"kind": "next_meeting", "meeting_offset": 1}),
        ("bis zur Ratssitzung", {"kind": "next_meeting", "on": None}),
        ("binnen zehn Werktagen", {"kind": "period", "period": Period(10, Unit.WERKTAGE)}),
        ("innerhalb von vier Wochen", {"kind": "period", "period": Period(4, Unit.WEEKS)}),
        ("innerhalb der Vier-Wochen-Frist", {"kind": "period", "period": Period(4, Unit.WEEKS)}),
        ("in den nächsten zwei Wochen", {"kind": "period", "period": Period(2, Unit.WEEKS)}),
        ("spätestens vier Wochen nach Eingang", {"kind": "period", "period": Period(4, Unit.WEEKS)}),
        ("binnen 14 Tagen nach Eingang der Anfrage", {"kind": "period", "period": Period(14, Unit.DAYS)}),
        ("innerhalb eines halben Jahres", {"kind": "period", "period": Period(6, Unit.MONTHS)}),
        ("binnen einundzwanzig Tagen", {"kind": "period", "period": Period(21, Unit.DAYS)}),
        ("bis zum 15. März", {"kind": "date", "on": date(2027, 3, 15)}),
        ("Frist: 15.03.2027", {"kind": "date", "on": date(2027, 3, 15)}),
        ("bis Mitte Oktober", {"kind": "date", "on": date(2026, 10, 15)}),
        ("bis Anfang Dezember", {"kind": "date", "on": date(2026, 12, 1)}),
        ("bis Monatsende", {"kind": "date", "on": date(2026, 9, 30)}),
        ("bis zum Jahresende", {"kind": "date", "on": date(2026, 12, 31)}),
        ("bis Ende 2027", {"kind": "date", "on": date(2027, 12, 31)}),
        ("bis kommenden Freitag", {"kind": "date", "on": date(2026, 9, 4)}),
        ("bis Dienstag", {"kind": "date", "on": date(2026, 9, 8)}),  # received on a Tuesday: next week's
    ],
)
def test_parse_reads_what_the_phrase_asks_for(text, expected):
    request = parse_deadline_phrase(text, received_on=RECEIVED)
    for field, value in expected.items():
        assert getattr(request, field) == value, field


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30.09.2026", {"kind": "date", "on": date(2026, 9, 30)}),
        ("zum 30.09.2026", {"kind": "date", "on": date(2026, 9, 30)}),
        ("4 Wochen", {"kind": "period", "period": Period(4, Unit.WEEKS)}),
        ("14 Tage nach Eingang", {"kind": "period", "period": Period(14, Unit.DAYS)}),
        ("zehn Werktage", {"kind": "period", "period": Period(10, Unit.WERKTAGE)}),
        ("nächste Sitzung", {"kind": "next_meeting", "on": None}),
        ("übernächste Sitzung", {"kind": "next_meeting", "meeting_offset": 1}),
        ("Ratssitzung am 30.09.2026", {"kind": "next_meeting", "on": date(2026, 9, 30)}),
        ("zeitnah", {"kind": "none"}),
    ],
)
def test_a_requested_deadline_typed_on_its_own_is_read(text, expected):
    request = parse_deadline_phrase(text, received_on=RECEIVED)
    for field, value in expected.items():
        assert getattr(request, field) == value, field


def test_a_bare_date_inside_a_letter_is_no_request():
    assert find_deadline_phrase("Die Sitzung am 30.09.2026 beginnt um 17 Uhr.") is None
    assert parse_deadline_phrase("Stand zum 31.12.2026", received_on=RECEIVED).kind is DeadlineKind.NONE


def test_an_answer_asked_for_by_a_date_after_zum():
    found = find_deadline_phrase("Wir bitten um Beantwortung zum 30.09.2026.")
    assert found is not None and found.text == "zum 30.09.2026"


def test_months_are_named_in_one_table_that_the_letter_reader_and_the_phrases_share():
    """A month name the letter reader knows for a letter's date is one the deadline phrases
    know too: there is one table (inquiries/deadlines/dates.py), no other module names months."""
    from pathlib import Path

    from inquiries.deadlines.dates import iso_date
    from inquiries.letters import parse_letter

    root = Path(__file__).resolve().parents[2] / "inquiries"
    tables = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "migrations" not in path.parts and '"dezember"' in path.read_text(encoding="utf-8").lower()
    ]
    assert tables == ["deadlines/dates.py"]
    for written, iso in [
        ("15. Dez. 2026", "2026-12-15"),
        ("15 December 2026", "2026-12-15"),
        ("3. Mrz 2027", "2027-03-03"),
    ]:
        assert iso_date(written) == iso
        request = parse_deadline_phrase(f"Wir bitten um Antwort bis zum {written}.", received_on=RECEIVED)
        assert request.kind == DeadlineKind.DATE and request.on.isoformat() == iso
        letter = parse_letter(f"Anfrage\n\nBonn, {written}\n\nSehr geehrte Damen und Herren,\n\n1. Wann?\n")
        assert letter.date == iso
