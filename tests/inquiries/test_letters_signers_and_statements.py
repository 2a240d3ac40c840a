"""Signers side by side on one single-spaced line, the asker's sign-off under a published reply, a
request that the questions come in addition to, a blog post's date line, and statements that
answer a request not on the page (each also has real letters in the corpus, `tests/data/letters`
`heldout5`, `heldout6` and `train6`)."""

from inquiries.deadlines.dates import iso_date
from inquiries.letters import parse_letter

_QUESTIONS = "Wir fragen:\n\n1. Wie viele Plätze gibt es?\n2. Wann werden es mehr?\n\n"


def test_two_signers_and_their_roles_side_by_side_with_single_spaces_are_each_read():
    letter = parse_letter(
        "Betreff: Parkplätze\n\n"
        + _QUESTIONS
        + "Anna Muster Max Probe\nFraktionsvorsitzende Stv. Fraktionsvorsitzender\n"
    )
    assert letter.sender == "Anna Muster, Fraktionsvorsitzende; Max Probe, Stv. Fraktionsvorsitzender"


def test_one_role_line_that_cannot_be_cut_into_two_roles_leaves_the_names_together():
    # a single role cannot be shared out between two names: no side-by-side reading
    letter = parse_letter(
        "Betreff: Parkplätze\n\n" + _QUESTIONS + "Anna Muster Max Probe\nFraktionsvorsitzende\n"
    )
    assert ";" not in letter.sender


def test_the_askers_sign_off_below_a_rule_under_a_reply_is_its_sender():
    letter = parse_letter(
        "Ihre Anfrage RA-1/2025 – Sitzungsgeld\n\nSehr geehrter Herr Probe,\n\nzu Ihrer Anfrage\n\n"
        "1. Wie hoch wäre das Sitzungsgeld?\n\nteile ich Ihnen Folgendes mit:\n\n"
        "Es wären 5.000 € im Jahr.\n\nFreundliche Grüße\nErika Beispiel\n\n——————————\n\n"
        "Euer Max Probe\nStadtrat und Kreisvorsitzender\n"
    )
    assert letter.is_reply
    assert letter.sender == "Max Probe, Stadtrat und Kreisvorsitzender"


def test_a_request_before_darueber_hinaus_folgende_fragen_is_the_first_question_unnumbered():
    letter = parse_letter(
        "Warnsystem\n\nAnlässlich des Warntages bitten wir um einen Bericht über das Ergebnis.\n\n"
        "Darüber hinaus bitten wir um die Beantwortung folgender Fragen:\n\n"
        "1. Gibt es noch Sirenen?\n2. Wer trägt die Kosten?\n"
    )
    assert [(q.number, q.text) for q in letter.questions] == [
        (None, "Anlässlich des Warntages bitten wir um einen Bericht über das Ergebnis."),
        ("1", "Gibt es noch Sirenen?"),
        ("2", "Wer trägt die Kosten?"),
    ]


def test_english_dates_with_the_month_first_are_read():
    assert iso_date("Tuesday, November 14, 2023") == "2023-11-14"
    assert iso_date("Dec. 5, 2020") == "2020-12-05"
    assert iso_date("14 November 2023") == "2023-11-14"


def test_a_posts_date_dates_its_questions_and_the_heading_under_it_is_its_title():
    letter = parse_letter(
        "Tuesday, November 14, 2023\n\nQuestions to the County Council\n\n"
        "Here are the questions I have tabled for the next meeting.\n\n"
        "1. To ask how many buses run on Sundays?\n2. To ask when the bridge reopens?\n"
    )
    assert (letter.title, letter.date) == ("Questions to the County Council", "2023-11-14")


def test_a_post_with_the_answers_received_is_not_dated_by_the_post():
    letter = parse_letter(
        "Sunday, January 13, 2013\n\nNovember questions\n\n"
        "THESE are the questions I asked at the November council meeting, and the answers received.\n\n"
        "Mr Mayor, when will the bridge reopen?\nThe mayor said in March.\n\n"
        "Mr Mayor, how many buses run on Sundays?\nThe mayor said four.\n"
    )
    assert letter.is_reply
    assert letter.date == ""


def test_an_administrations_statement_of_prose_is_one_answer_to_a_request_not_on_the_page():
    letter = parse_letter(
        "Spielplätze im Ortsbezirk 1\nVorlagentyp: ST Magistrat\nStellungnahme des Magistrats\n"
        "Die Situation der Spielplätze ist ein Thema, das für alle Ortsbeiräte wichtig ist. Der Magistrat hat "
        "einen ausführlichen Bericht (B 173 vom 28.04.2023) an die Stadtverordnetenversammlung angefertigt. "
        "Dieser stellt die Informationen für das ganze Stadtgebiet dar.\n"
    )
    assert letter.is_reply
    assert [(q.number, q.text, q.answer) for q in letter.questions] == [
        (
            None,
            "",
            "Die Situation der Spielplätze ist ein Thema, das für alle Ortsbeiräte wichtig ist. Der Magistrat hat "
            "einen ausführlichen Bericht (B 173 vom 28.04.2023) an die Stadtverordnetenversammlung angefertigt. "
            "Dieser stellt die Informationen für das ganze Stadtgebiet dar.",
        )
    ]


def test_numbered_statements_of_a_reply_that_ask_nothing_are_answers_to_unrepeated_questions():
    letter = parse_letter(
        "Stellungnahme zum Antrag\nFraktionen\nSPD-Fraktion\nDatum\n10/13/2004\nBetreff\n"
        "Rohrer Weg\nAnlagen\nText der Anträge\nBeantwortung/ Stellungnahme:\n\n"
        "1. Die Stadtverwaltung wird entsprechend dem Antrag der SPD-Fraktion vom 14.10.2004 das Thema Rohrer "
        "Weg auf die Tagesordnung des Ausschusses am 19.10.2004 setzen.\n\n"
        "2. Dem Gemeinderat geht rechtzeitig eine Vorlage zu.\n"
    )
    assert letter.is_reply
    assert letter.title == "Rohrer Weg"
    assert [(q.number, q.text, q.answer) for q in letter.questions] == [
        (
            "1",
            "",
            "Die Stadtverwaltung wird entsprechend dem Antrag der SPD-Fraktion vom 14.10.2004 das Thema Rohrer "
            "Weg auf die Tagesordnung des Ausschusses am 19.10.2004 setzen.",
        ),
        ("2", "", "Dem Gemeinderat geht rechtzeitig eine Vorlage zu."),
    ]
