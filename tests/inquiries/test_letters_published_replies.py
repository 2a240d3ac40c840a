"""Replies as factions and councillors publish them (each also has real letters in the corpus,
`tests/data/letters/train6`): the administration's answers summarised under "Aus der Antwort:",
an administration's letter that quotes the questions and "teilt Folgendes mit", the asker named as
"Es fragte …:", answers only linked as a file, and the headings of list pages."""

from inquiries.letters import parse_letter


def test_answers_numbered_like_the_questions_under_aus_der_antwort_go_to_their_questions():
    letter = parse_letter(
        "Parkplätze am Bahnhof (März 2024)\n\nEs fragte Dr. Anna Muster:\n\n"
        "Am Bahnhof fehlen Stellplätze. Das bringt mich zu folgenden Fragen:\n\n"
        "1. Wie viele Stellplätze gibt es am Bahnhof?\n2. Wann werden weitere gebaut?\n\n"
        "Aus der Antwort:\n\n1. Es gibt 120 Stellplätze.\n2. Das ist noch nicht entschieden.\n"
    )
    assert letter.is_reply
    assert letter.sender == "Dr. Anna Muster"
    assert [(q.number, q.answer) for q in letter.questions] == [
        ("1", "Es gibt 120 Stellplätze."),
        ("2", "Das ist noch nicht entschieden."),
    ]


def test_one_paragraph_under_aus_der_antwort_answers_all_the_questions():
    letter = parse_letter(
        "Es fragte Max Probe:\n\nDaher frage ich:\n\n1. Gibt es einen Sammelverkehr?\n\n"
        "2. Zu welchen Zeiten fährt er?\n\nAus der Antwort:\n\nDer Stadt ist kein Sammelverkehr bekannt.\n"
    )
    assert letter.is_reply and letter.sender == "Max Probe"
    assert [q.answer for q in letter.questions] == ["Der Stadt ist kein Sammelverkehr bekannt."] * 2


def test_an_administrations_letter_that_teilt_folgendes_mit_is_a_reply_to_whom_it_greets():
    letter = parse_letter(
        "RA-12/2021: Stellen im Bildungsbüro\n\n(Hinweis: Diese Ratsanfrage bezieht sich auf einen Beschluss.)\n\n"
        "Sehr geehrter Herr Probe,\n\n"
        "zu Ihrer Ratsanfrage teile ich Ihnen im Auftrag des Oberbürgermeisters Folgendes mit:\n\n"
        "Wurde die Stelle eingerichtet?\n\nDie Stelle wurde im Mai 2019 besetzt.\n\n"
        "Freundliche Grüße\n\nErika Beispiel\nBürgermeisterin\n"
    )
    assert letter.is_reply
    assert (letter.title, letter.sender) == ("Stellen im Bildungsbüro", "Probe")
    assert [(q.text, q.answer) for q in letter.questions] == [
        ("Wurde die Stelle eingerichtet?", "Die Stelle wurde im Mai 2019 besetzt.")
    ]


def test_questions_quoted_before_teile_ich_ihnen_folgendes_mit_share_the_answer_after_it():
    letter = parse_letter(
        "Sehr geehrter Herr Probe,\n\nzu Ihrer Anfrage\n\n"
        "  1. Wie hoch wären die Kosten mit 15 Mitgliedern?\n  2. Wie hoch wären sie mit 16 Mitgliedern?\n\n"
        "teile ich Ihnen Folgendes mit:\n\nEs wären 5.000 € und 7.500 € mehr.\n\nFreundliche Grüße\nErika Beispiel\n"
    )
    assert letter.is_reply
    assert [q.answer for q in letter.questions] == ["Es wären 5.000 € und 7.500 € mehr."] * 2


def test_an_answer_only_linked_as_a_file_leaves_the_inquiry_unanswered():
    letter = parse_letter(
        "Rats- und Informationsanfragen\n\n2025\n\n1. Wo dürfen E-Scooter abgestellt werden?\n"
        "2. Sind Parkzonen geplant?\n\nAntwort:\n\nIA-021/2025 Stellplätze E-ScooterPDF-Datei (218,09 KB)\n"
    )
    assert not letter.is_reply
    assert letter.title == ""  # the heading of the page that lists the inquiries
    assert [(q.number, q.answer) for q in letter.questions] == [("1", ""), ("2", "")]
