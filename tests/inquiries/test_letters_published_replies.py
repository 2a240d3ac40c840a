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


def test_a_link_to_the_answers_file_and_the_files_name_are_not_letter_text():
    letter = parse_letter(
        "Anfragen der Fraktion\n\n1\n2\n3\n...\n63\n64\n65\nLandesförderung für Schrottimmobilien\n\n"
        "Anfrage an den Rat der Stadt Wuppertal am 15.05.2017\n\n"
        "Die Antwort der Verwaltung finden Sie in dieser PDF-Datei:\nAntwort_Schrottimmobilien\n\n"
        "Sehr geehrter Herr Oberbürgermeister,\n\nwir fragen die Verwaltung:\n\n"
        "  1. Wie viel Geld erwartet Wuppertal?\n  2. Wie viele Häuser werden saniert?\n\n"
        "Mit freundlichen Grüßen\n\nAnja Probe\nFraktionsvorsitzende\n"
    )
    assert not letter.is_reply
    assert letter.kind == "anfrage_zur_sitzung"  # to the council on the day it meets
    assert letter.title == "Landesförderung für Schrottimmobilien"  # not the page's pager or heading
    assert letter.sender == "Anja Probe, Fraktionsvorsitzende"
    assert [q.answer for q in letter.questions] == ["", ""]


def test_an_inquiry_of_a_faction_for_a_council_meeting_is_an_anfrage_zur_sitzung():
    letter = parse_letter(
        "Radschnellweg Nord\n\nAnfrage der Fraktion Bündnis 90/DIE GRÜNEN zur Ratssitzung am 09.07.18\n\n"
        "Sehr geehrter Herr Oberbürgermeister,\n\nwir fragen:\n\n1. Wann wird der Radschnellweg gebaut?\n"
    )
    assert (letter.kind, letter.title) == ("anfrage_zur_sitzung", "Radschnellweg Nord")


def test_a_faction_pages_date_of_filing_is_the_letters_date():
    letter = parse_letter(
        "Sozialausschuss\n\nAntrag am 11.05.2020\n\nPauschalierte Schulbegleitung\n\n"
        "Wir bitten um Beantwortung folgender Fragen:\n\n  1. Wie wirkt sich die Neuregelung aus?\n"
    )
    assert (letter.date, letter.title) == ("2020-05-11", "Pauschalierte Schulbegleitung")


def test_facts_that_lead_in_to_a_single_question_end_there_and_every_gez_line_signs():
    letter = parse_letter(
        "Sachverhalt:\nDer Rat hat vor acht Monaten eine Partnerschaft beschlossen.\n"
        "Deshalb fragen wir die Verwaltung:\n1. Was hat die Verwaltung seitdem getan, um den Auftrag\n"
        "zu erfüllen?\ngez. Dr. E. h. Fritz Probe, CDU-Fraktionsvorsitzender\n"
        "gez. Dr. Anna Muster, BOB-Fraktionsvorsitzende\n"
    )
    assert [(q.number, q.text) for q in letter.questions] == [
        ("1", "Was hat die Verwaltung seitdem getan, um den Auftrag zu erfüllen?")
    ]
    assert letter.sender == (
        "Dr. E. h. Fritz Probe, CDU-Fraktionsvorsitzender; Dr. Anna Muster, BOB-Fraktionsvorsitzende"
    )


def test_questions_put_for_the_next_meeting_without_the_word_anfrage_are_for_that_meeting():
    letter = parse_letter(
        "Pauschalierte Schulbegleitung\n\nZur nächsten Sitzung des Sozialausschusses am 19.05.2020 bitten wir "
        "unter dem Tagesordnungspunkt Schulbegleitung um Beantwortung folgender Fragen:\n\n"
        "  1. Wie wirkt sich die Neuregelung aus?\n"
    )
    assert letter.kind == "anfrage_zur_sitzung"


def test_a_minutes_item_names_its_topic_on_a_dash_line_and_its_asker_in_brackets():
    letter = parse_letter(
        "08.07.2015 - 12 Fragestunde\n\nReduzieren\n\nWortprotokoll\n\nAnfragen von Mitgliedern der Bürgerschaft\n\n"
        "- zum Radweg am Hafen\n(neue Anfrage Nr. 2015/AM/1034 von Erika Probe (CDU-Fraktion))\n\n"
        "Zu ihrer Anfrage Nr. 2015/AM/0941 hat Frau Probe folgende Nachfragen:\n\n"
        "1. Seit wann ist der Radweg gesperrt?\n\n2. Wann wird er wieder geöffnet?\n"
    )
    assert (letter.title, letter.sender) == ("zum Radweg am Hafen", "Erika Probe, CDU-Fraktion")
    assert [q.number for q in letter.questions] == ["1", "2"]
