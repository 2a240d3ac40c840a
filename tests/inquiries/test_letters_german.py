"""The reader's mechanisms for German and Austrian council letters (each also has real letters in
the corpus): question time heads, "Betrifft:" subjects, signatures with a function line, dates
above a signature, shared role lines, ranged answers and flattened replies."""

from inquiries.letters import parse_letter
from inquiries.letters.label_column import rejoin_label_column


def test_betrifft_names_the_subject():
    letter = parse_letter(
        "An Herrn Bürgermeister\n\nBetrifft: Sanierung der Stadtbücherei\n\nSehr geehrter Herr Bürgermeister!\n\n"
        "Wann beginnt die Sanierung der Stadtbücherei?\n"
    )
    assert letter.title == "Sanierung der Stadtbücherei"


def test_a_question_to_a_councillor_from_a_councillor_names_the_asker_not_the_title():
    letter = parse_letter(
        "Radweg am Kai\n\nFrage an Stadträtin Dr. Anna Muster von Gemeinderat Karl Beispiel\n\n"
        "Sehr geehrte Frau Stadträtin!\n\nIch stelle an Sie folgende Frage:\n\n"
        "Wann wird der Radweg am Kai verbreitert?\n"
    )
    assert letter.title == "Radweg am Kai"
    assert letter.sender == "Karl Beispiel, Gemeinderat"
    assert [q.text for q in letter.questions] == ["Wann wird der Radweg am Kai verbreitert?"]


def test_a_councillor_in_question_time_is_the_sender():
    letter = parse_letter(
        "Spielplatz Nord\n\nGemeinderätin Eva Probe in der Fragestunde\n\nSehr geehrter Herr Bürgermeister!\n\n"
        "Wann wird der Spielplatz Nord erneuert?\n"
    )
    assert (letter.title, letter.sender) == ("Spielplatz Nord", "Eva Probe, Gemeinderätin")
    party_titled = parse_letter(
        "Spielplatz Nord\n\nFragestunde. SPD-Gemeinderat Max Probe\n\nSehr geehrter Herr Bürgermeister!\n\n"
        "Wann wird der Spielplatz Nord erneuert?\n"
    )
    assert party_titled.sender == "Max Probe, SPD-Gemeinderat"


def test_a_session_record_entry_gives_asker_and_the_quoted_question_without_its_ordinal():
    letter = parse_letter(
        '2. Anfrage (FSP - 01234-2020/0001 - KXY/GM) GR Hans Probe an die Frau Vizebürgermeisterin: "Die Zeitung '
        "berichtete am 1. März über lange Wartezeiten bei den Ämtern der Stadt, die viele Bürgerinnen und Bürger "
        'verärgern. Welche Maßnahmen setzen Sie, um die Wartezeiten zu verkürzen?"\n'
    )
    assert letter.sender == "Hans Probe, GR"
    assert letter.title == ""
    assert [(q.number, q.text) for q in letter.questions] == [
        (None, "Welche Maßnahmen setzen Sie, um die Wartezeiten zu verkürzen?")
    ]
    with_degree = parse_letter(
        "(FSP-1234-2020-KXY/GM) 1. Anfrage von GR Eva Probe, MA an den Bürgermeister:\n"
        '"Die Zeitung berichtete über lange Wartezeiten bei den Ämtern der Stadt. Was tun Sie dagegen?"\n'
    )
    assert (with_degree.title, with_degree.sender) == ("", "Eva Probe, MA, GR")
    assert [q.text for q in with_degree.questions] == ["Was tun Sie dagegen?"]


def test_a_question_paper_entry_names_the_asker_and_the_party_below():
    letter = parse_letter(
        "Nr. 12 Dr. Eva Probe-Muster\nSPD\nDez. II z.w.V.\nDie Schule ist seit Jahren zu klein.\n"
        "Ich frage daher den Magistrat:\n1. Wann wird die Schule erweitert?\n2. Was kostet die Erweiterung?\n"
    )
    assert letter.sender == "Dr. Eva Probe-Muster, SPD"
    assert [q.number for q in letter.questions] == ["1", "2"]


def test_a_name_and_function_run_into_the_last_question_are_the_signature():
    letter = parse_letter(
        "Anfrage der Fraktion Bürgerliste\nBetreff: Biotonne\nWir bitten den Magistrat folgende Fragen zu beantworten:\n"
        "1. Wann wird die Biotonne geleert?\n2. Warum wurde das Intervall geändert?\nEva Probe\nFraktionsvorsitzende\n"
    )
    assert letter.sender == "Eva Probe, Fraktionsvorsitzende"
    assert letter.questions[-1].text == "Warum wurde das Intervall geändert?"


def test_a_question_followed_by_a_name_without_function_keeps_its_text():
    letter = parse_letter(
        "Betreff: Biotonne\n\nWir fragen:\n\n1. Wann wird die Biotonne geleert?\n"
        "2. Warum hat das die Firma\nHans Probe\nso entschieden?\n"
    )
    assert letter.questions[-1].text == "Warum hat das die Firma Hans Probe so entschieden?"


def test_a_bare_date_above_the_signature_of_a_reply_is_its_date_not_part_of_the_answer():
    letter = parse_letter(
        "Spielplätze (II) Kleine Anfrage von Herrn Max Probe, CDU\n\nVor diesem Hintergrund frage ich:\n\n"
        "Der Bezirk beantwortet die Kleine Anfrage wie folgt.\n\n"
        "1) Wie viele Spielplätze gibt es?\n\nEs gibt zwölf Spielplätze.\n\n"
        "2) Wann werden sie saniert?\n\nIm nächsten Jahr.\n\n05.09.2018\n\nEva Muster\n"
    )
    assert letter.is_reply
    assert letter.date == "2018-09-05"
    assert letter.questions[-1].answer == "Im nächsten Jahr."


def test_one_plural_role_line_under_signatories_side_by_side_is_the_role_of_each():
    text = (
        "Betr.: Poller\n\nVor diesem Hintergrund frage ich den Herrn Bezirksamtsleiter:\n\n"
        "1. Wann werden die Poller aufgestellt?\n\n"
        "Hans Probe                                     Eva Muster\n{role}\n"
    )
    shared = parse_letter(text.format(role="Fraktionsvorsitzende im Ausschuss"))
    assert (
        shared.sender
        == "Hans Probe, Fraktionsvorsitzende im Ausschuss; Eva Muster, Fraktionsvorsitzende im Ausschuss"
    )
    one = parse_letter(text.format(role="Fraktionsvorsitzender"))
    assert one.sender == "Hans Probe, Fraktionsvorsitzender; Eva Muster"


def test_a_faction_in_the_letterhead_s_capitals_is_named_as_the_head_spells_it():
    letter = parse_letter(
        "Fraktion BÜNDNIS 90/DIE GRÜNEN\nim Stadtrat\n\nANFRAGE\nFraktion Bündnis 90/Die Grünen\n\n"
        "Gegenstand:\nVersammlungen\n\nSehr geehrter Herr Oberbürgermeister,\n\n"
        "welche Versammlungen sind angemeldet?\n\n\nEva Probe\n"
    )
    assert letter.sender == "Eva Probe, Fraktion Bündnis 90/Die Grünen"


def test_a_ranged_answer_over_dotted_numbers_answers_every_question_between():
    letter = parse_letter(
        "Betreff: Besuche\n\nWir fragen die Staatsregierung:\n\n1.1 Gibt es Richtlinien?\n1.2 Wenn ja, welche?\n"
        "2.1 Wer wird eingeladen?\n2.2 Wer wird informiert?\n3.1 Wie oft?\n\n"
        "Antwort des Staatsministeriums des Innern vom 28.09.2017\n\n"
        "Zu 1.1 bis 2.2:\nEs gibt eine Richtlinie.\n\nZu 3.1:\nJährlich.\n"
    )
    assert letter.is_reply
    assert [(q.number, q.answer) for q in letter.questions] == [
        ("1.1", "Es gibt eine Richtlinie."),
        ("1.2", "Es gibt eine Richtlinie."),
        ("2.1", "Es gibt eine Richtlinie."),
        ("2.2", "Es gibt eine Richtlinie."),
        ("3.1", "Jährlich."),
    ]


_PAPER = (
    "LANDTAG Drucksache 7/123 7. Wahlperiode 02.05.2024 Schriftliche Kleine Anfrage der Abgeordneten Eva Probe "
    "(SPD) und Max Muster (SPD) vom 21.04.2024 und Antwort des Senats Betr.: Neue Radwege? Im Bezirk Nord "
    "fehlen seit Jahren sichere Radwege an den Hauptstraßen. Vor diesem Hintergrund fragen wir den Senat: "
    "Der Senat beantwortet die Fragen auf der Grundlage von Auskünften des Bezirksamtes wie folgt: "
    "1. Wie viele Kilometer Radweg wurden 2023 gebaut? Wie viele sind geplant? Es wurden zwölf Kilometer gebaut. "
    "Geplant sind weitere zwanzig. 2. Wann wird die Hauptstraße saniert? Im Jahr 2026. "
    "7. Wahlperiode 02.05.2024 Drucksache 7/123 Landtag"
)


def test_a_paper_flattened_into_one_line_gives_head_questions_and_their_answers():
    letter = parse_letter(_PAPER)
    assert letter.is_reply
    assert (letter.title, letter.date) == ("Neue Radwege?", "2024-04-21")
    assert letter.sender == "Eva Probe, SPD; Max Muster, SPD"
    assert [(q.number, q.text, q.answer) for q in letter.questions] == [
        (
            "1",
            "Wie viele Kilometer Radweg wurden 2023 gebaut? Wie viele sind geplant?",
            "Es wurden zwölf Kilometer gebaut. Geplant sind weitere zwanzig.",
        ),
        ("2", "Wann wird die Hauptstraße saniert?", "Im Jahr 2026."),
    ]


def test_co_authors_named_each_with_their_party_in_the_line_of_the_kind():
    letter = parse_letter(
        "Schriftliche Anfrage des Abgeordneten Dr. Hans Probe FREIE WÄHLER Eva Muster BÜNDNIS 90/DIE GRÜNEN "
        "vom 31.08.2017\n\nBesuche in Wahlkreisen\n\nWir fragen die Staatsregierung:\n\n1. Wer wird eingeladen?\n"
    )
    assert letter.sender == "Dr. Hans Probe, FREIE WÄHLER; Eva Muster, BÜNDNIS 90/DIE GRÜNEN"
    assert letter.title == "Besuche in Wahlkreisen"


def test_lettered_labels_in_a_column_of_their_own_go_back_to_their_questions():
    letter = parse_letter(
        "Sehr geehrte Damen und Herren,\n\nwir fragen:\n\na)\nb)\n\nWann öffnet das Bad?\nWas kostet der Eintritt?\n"
    )
    assert [(q.number, q.text) for q in letter.questions] == [
        ("a", "Wann öffnet das Bad?"),
        ("b", "Was kostet der Eintritt?"),
    ]


def test_labels_in_a_column_with_fewer_questions_below_stay_where_they_are():
    lines = ["wir fragen:", "", "1.", "2.", "3.", "", "Wann öffnet das Bad?", "Was kostet es?", "", "Danke."]
    assert rejoin_label_column(lines) == lines


def test_a_subject_line_right_over_the_text_does_not_hide_the_questions():
    letter = parse_letter(
        "Betreff: Biotonne\nWir bitten den Magistrat, folgende Fragen zu beantworten:\n"
        "1. Wann wird die Biotonne geleert?\n2. Warum wurde das Intervall geändert?\n"
    )
    assert letter.title == "Biotonne"
    assert [q.number for q in letter.questions] == ["1", "2"]


def test_a_question_from_a_councillor_with_the_party_to_the_mayor_names_both():
    letter = parse_letter(
        "Radweg am Kai\n\nFrage von Gemeinderat Max Probe (KPÖ) an Bürgermeister Mag. Hans Muster\n\n"
        "Sehr geehrter Herr Bürgermeister!\n\nWann wird der Radweg am Kai verbreitert?\n"
    )
    assert (letter.title, letter.sender) == ("Radweg am Kai", "Max Probe, Gemeinderat, KPÖ")
    quoted = parse_letter(
        "3. Anfrage von GRin Mag. Eva Probe (GRÜNE) an die amtsführende Stadträtin für Umwelt:\n"
        "„Die Bäume am Ring sind krank. Wann werden sie ersetzt?“\n"
    )
    assert quoted.sender == "Mag. Eva Probe, GRin, GRÜNE"
    assert [(q.number, q.text) for q in quoted.questions] == [(None, "Wann werden sie ersetzt?")]


def test_a_flattened_paper_loses_its_running_page_head_between_two_pages():
    letter = parse_letter(
        "Schriftliche Anfrage der Abgeordneten Eva Probe (GRÜNE) vom 22. Februar 2021 (Eingang beim "
        "Abgeordnetenhaus am 23. Februar 2021) und Antwort Kitaplätze im Bezirk Im Namen des Senats beantworte "
        "ich Ihre Schriftliche Anfrage wie folgt: 1. Wie viele Kitaplätze fehlen im Bezirk? Zu 1.: Es fehlen "
        "dreihundert Plätze, vor allem im Norden des Bezirks. Abgeordnetenhaus Berlin – 18. Wahlperiode "
        "Drucksache 18/26612 Seite 2 2. Wann werden neue Kitas gebaut? Zu 2.: Zwei Kitas werden 2022 gebaut."
    )
    assert letter.is_reply
    assert (letter.title, letter.sender, letter.date) == (
        "Kitaplätze im Bezirk",
        "Eva Probe, GRÜNE",
        "2021-02-22",
    )
    assert [(q.number, q.text, q.answer) for q in letter.questions] == [
        (
            "1",
            "Wie viele Kitaplätze fehlen im Bezirk?",
            "Es fehlen dreihundert Plätze, vor allem im Norden des Bezirks.",
        ),
        ("2", "Wann werden neue Kitas gebaut?", "Zwei Kitas werden 2022 gebaut."),
    ]


def test_a_range_of_lettered_sub_questions_shares_one_answer():
    letter = parse_letter(
        "Stellungnahme der Verwaltung\n\nBetreff: Schwimmbad\n\n1. Wann öffnet das Bad?\na) im Sommer?\nb) im Winter?\n"
        "c) an Feiertagen?\n\n2. Was kostet es?\n\nZu 1a bis 1c:\nDas Bad öffnet ganzjährig.\n\nZu 2:\nVier Euro.\n"
    )
    assert [(s.number, s.answer) for s in letter.questions[0].sub_questions] == [
        ("a", "Das Bad öffnet ganzjährig."),
        ("b", "Das Bad öffnet ganzjährig."),
        ("c", "Das Bad öffnet ganzjährig."),
    ]
    assert letter.questions[1].answer == "Vier Euro."


def test_antwort_der_verwaltung_over_the_subject_is_the_document_s_heading():
    letter = parse_letter(
        "Antwort der Verwaltung\n\nBetreff: Schwimmbad\n\n1. Wann öffnet das Bad?\n\n2. Was kostet es?\n\n"
        "Zu 1.:\nUm 8 Uhr.\n\nZu 2.:\nVier Euro.\n"
    )
    assert letter.is_reply
    assert letter.title == "Schwimmbad"
    assert [(q.number, q.answer) for q in letter.questions] == [("1", "Um 8 Uhr."), ("2", "Vier Euro.")]


def test_a_place_and_date_and_a_name_with_its_function_run_into_the_last_question_are_the_signature():
    letter = parse_letter(
        "Betreff: Schwimmbad\nWir fragen den Magistrat:\n1. Wann öffnet das Bad?\n2. Was kostet es?\n"
        "Wiesbaden, 12.01.2021\nHans Probe, Fraktionsvorsitzender\n"
    )
    assert (letter.sender, letter.date) == ("Hans Probe, Fraktionsvorsitzender", "2021-01-12")
    assert letter.questions[-1].text == "Was kostet es?"


def test_a_voters_list_under_the_signatory_is_no_second_signatory():
    letter = parse_letter(
        "Thema: Schwimmbad\n\nSehr geehrter Herr Oberbürgermeister,\n\nwir fragen:\n\n1. Wann öffnet das Bad?\n\n"
        "Mit freundlichen Grüßen\n\nMonika Becht\nFraktionsvorsitzende\nBürgerliste Wiesbaden\n"
    )
    assert letter.sender == "Monika Becht, Fraktionsvorsitzende, Bürgerliste Wiesbaden"


def test_the_line_naming_the_kind_and_who_asks_gives_the_sender_and_is_not_the_title():
    questions = "\n\nSehr geehrter Herr Oberbürgermeister,\n\nwir fragen:\n\n1. Wann öffnet das Bad?\n"
    cases = {
        "Anfrage von Stadträtin Eva Probe (Die Linke)\nBetrifft: Schwimmbad": "Eva Probe, Stadträtin, Die Linke",
        "Fragestunde\nFrage Nr. 12 des Stadtverordneten Max Probe (CDU)\nBetreff: Schwimmbad": "Max Probe, CDU",
        "Schwimmbad\n\nFrage der Gemeinderätin Eva Probe (KPÖ) an Stadtrat Max Muster": "Eva Probe, KPÖ",
        "Kleine Anfrage der Kreistagsabgeordneten Eva Probe (FDP) vom 3. Mai 2022\n\nSchwimmbad": "Eva Probe, FDP",
    }
    for head, sender in cases.items():
        letter = parse_letter(head + questions)
        assert (letter.title, letter.sender) == ("Schwimmbad", sender), head


def test_a_flattened_paper_s_subject_ends_where_its_first_sentence_begins():
    letter = parse_letter(
        "Schriftliche Kleine Anfrage des Abgeordneten Max Probe (CDU) vom 26.04.21 und Antwort des Senats "
        "Betr.: Radwege in Altona Im Bezirk Altona werden seit Jahren zu wenige Radwege gebaut. Ich frage den "
        "Senat: 1. Wie viele Kilometer Radweg wurden 2020 gebaut? 2. Wie viele Kilometer sind 2021 geplant? "
        "Zu 1. und 2.: Siehe Anlage."
    )
    assert (letter.title, letter.sender) == ("Radwege in Altona", "Max Probe, CDU")
    assert [(q.number, q.answer) for q in letter.questions] == [
        ("1", "Siehe Anlage."),
        ("2", "Siehe Anlage."),
    ]


def test_a_party_in_capitals_after_the_name_is_not_part_of_the_name():
    letter = parse_letter(
        "Schriftliche Anfrage der Abgeordneten Eva Probe SPD vom 01.12.2020\n\nSchulbusse\n\n"
        "Ich frage die Staatsregierung:\n\n1. Wie viele Schulbusse fahren im Landkreis?\n"
    )
    assert letter.sender == "Eva Probe, SPD"


def test_plain_numbers_that_carry_on_dotted_ones_are_items_of_the_same_list():
    letter = parse_letter(
        "Betreff: Schulbusse\n\nIch frage die Staatsregierung:\n\n1.1 Wie viele Schulbusse fahren?\n"
        "1.2 Wie viele sind barrierefrei?\n2. Was kostet der Verkehr?\n3. Wer zahlt?\n"
    )
    assert [(q.number, q.text) for q in letter.questions] == [
        ("1.1", "Wie viele Schulbusse fahren?"),
        ("1.2", "Wie viele sind barrierefrei?"),
        ("2", "Was kostet der Verkehr?"),
        ("3", "Wer zahlt?"),
    ]


def test_signatures_with_the_function_beside_the_name_and_names_joined_by_und():
    head = "Betreff: Schwimmbad\n\nSehr geehrter Herr Oberbürgermeister,\n\nwir fragen:\n\n1. Wann öffnet das Bad?\n\n"
    cases = {
        "Mit freundlichen Grüßen\n\nfür die SPD-Fraktion\nHans Probe, Fraktionsvorsitzender": (
            "Hans Probe, Fraktionsvorsitzender, SPD-Fraktion"
        ),
        "Mit freundlichen Grüßen\nHans Probe (Fraktionsvorsitzender)": "Hans Probe, Fraktionsvorsitzender",
        "Mit freundlichen Grüßen\n\nHans Probe und Eva Muster\nFraktion DIE LINKE": (
            "Hans Probe, Fraktion DIE LINKE; Eva Muster, Fraktion DIE LINKE"
        ),
    }
    for foot, sender in cases.items():
        assert parse_letter(head + foot).sender == sender, foot


def test_a_reply_without_addressee_answers_whom_its_head_names():
    faction = parse_letter(
        "Beantwortung der Anfrage der CDU-Fraktion vom 12.03.2021\nBetreff: Schwimmbad\n\n"
        "Frage 1: Wann öffnet das Bad?\nAntwort: Im Mai.\n"
    )
    assert (faction.kind, faction.sender, faction.date) == ("reply", "CDU-Fraktion", "2021-03-12")
    councillor = parse_letter(
        "Stellungnahme der Verwaltung zur Anfrage von Stadträtin Eva Probe (GRÜNE) vom 12.03.2021\n\nSchwimmbad\n\n"
        "1. Wann öffnet das Bad?\nDas Bad öffnet im Mai.\n\n2. Was kostet es?\nVier Euro.\n"
    )
    assert councillor.sender == "Eva Probe, Stadträtin, GRÜNE"


def test_a_question_paper_entry_with_one_unnumbered_question_keeps_its_head_out_of_the_body():
    letter = parse_letter(
        "Nr. 277 Hans Probe\nCDU\nDez. III z.w.V.\nDas Bad ist seit Monaten geschlossen.\n"
        "Ich frage den Magistrat:\nWann öffnet das Bad wieder?\n"
    )
    assert (letter.title, letter.sender) == ("", "Hans Probe, CDU")
    assert [(q.number, q.text) for q in letter.questions] == [(None, "Wann öffnet das Bad wieder?")]


def test_an_inquiry_for_question_time_by_a_councillor_with_office_and_party():
    letter = parse_letter(
        "Anfrage zur Fragestunde\nvon Stadtrat Hans Probe (CDU)\n\nSchwimmbad Nord\n\n"
        "Das Bad ist seit Monaten geschlossen. Wann öffnet das Bad wieder?\n"
    )
    assert (letter.kind, letter.title, letter.sender) == (
        "anfrage_zur_sitzung",
        "Schwimmbad Nord",
        "Hans Probe, Stadtrat, CDU",
    )


def test_questions_answered_together_in_a_sentence_or_joined_by_plus_share_the_answer():
    questions = "Stellungnahme der Verwaltung\n\nBetreff: Schwimmbad\n\n1. Wann öffnet das Bad?\n2. Wann schließt es?\n3. Was kostet es?\n\n"
    for label in ("Die Fragen 1 und 2 werden gemeinsam beantwortet:", "Zu 1. + 2.:"):
        letter = parse_letter(f"{questions}{label}\nVon 8 bis 20 Uhr.\n\nZu 3.:\nVier Euro.\n")
        assert [q.answer for q in letter.questions] == [
            "Von 8 bis 20 Uhr.",
            "Von 8 bis 20 Uhr.",
            "Vier Euro.",
        ], label


def test_a_function_in_brackets_under_a_gez_name_is_the_role_without_brackets():
    letter = parse_letter(
        "Sehr geehrte Frau Oberbürgermeisterin,\n\nwir fragen die Verwaltung:\n\n"
        "1. Wann wird die Brücke saniert?\n\n2. Was kostet die Sanierung?\n\n"
        "gez. Hans Probe\n(Fraktionsgeschäftsführer)\n"
    )
    assert letter.sender == "Hans Probe, Fraktionsgeschäftsführer"


def test_a_name_with_stadtrat_on_the_line_below_the_last_bullet_question_is_the_signature():
    letter = parse_letter(
        "Sehr geehrter Herr Oberbürgermeister,\nder Radweg ist in einem desolaten Zustand.\n"
        "Ich bitte um eine schriftliche Beantwortung nachstehender Fragen:\n"
        "- Ist der Verwaltung der Zustand des Radweges bekannt?\n"
        "- Wann wird der Radweg saniert?\nHans Probe\nStadtrat\n"
    )
    assert letter.sender == "Hans Probe, Stadtrat"
    assert letter.questions[-1].text == "Wann wird der Radweg saniert?"


def test_the_paper_number_after_the_kind_is_not_the_title_and_the_topic_after_it_is():
    letter = parse_letter(
        "Anfrage 21/SVV/0815 Öffnungszeiten des Bürgerbüros\n"
        "Das Bürgerbüro ist oft geschlossen.\nIch frage den Oberbürgermeister:\n"
        "- Wann ist das Bürgerbüro geöffnet?\n- Wie viele Termine werden vergeben?\n"
    )
    assert letter.title == "Öffnungszeiten des Bürgerbüros"
    assert letter.preamble == "Das Bürgerbüro ist oft geschlossen. Ich frage den Oberbürgermeister:"
    assert len(letter.questions) == 2


def test_an_information_system_s_toggles_and_section_headings_are_neither_title_nor_text():
    letter = parse_letter(
        "Anfrage - 20/SVV/0815\n\nReduzieren\n\nBeratungsfolge\n\nReduzieren\n\nBeschlussvorschlag\n\n"
        "Das Bürgerbüro ist oft geschlossen. Bürgerinnen und Bürger, die einen Pass brauchen, warten "
        "deshalb oft wochenlang auf einen Termin.\n\nIch frage daher den Oberbürgermeister:\n\n"
        "Ist es zutreffend, dass das Bürgerbüro montags geschlossen ist?\n\nLoading...\n"
    )
    assert letter.title == ""
    assert [q.text for q in letter.questions] == [
        "Ist es zutreffend, dass das Bürgerbüro montags geschlossen ist?"
    ]
    assert "Reduzieren" not in letter.preamble


def test_a_download_label_that_ends_the_page_names_the_kind_and_is_no_signatory():
    letter = parse_letter(
        "Einreicher: Fraktionsvorsitzender Probe, Fraktion Bürgerliste\n\n"
        "Die Parkplätze vor der Grundschule reichen seit Jahren nicht aus, und die Lehrer müssen "
        "ihre Autos alle zwei Stunden umparken.\n\nDaher frage ich den Herrn Oberbürgermeister:\n\n"
        "1. Wie viele Parkplätze gibt es?\n\n2. Wie hoch ist der Bedarf?\n\nKleine Anfrage_Vorlage\n"
    )
    assert letter.inquiry_kind == "kleine_anfrage"
    assert letter.sender == "Probe, Fraktionsvorsitzender, Fraktion Bürgerliste"
    assert letter.title == ""


def test_an_anfrage_label_over_a_short_topic_is_the_subject_and_a_berichterstatter_signs():
    letter = parse_letter(
        "Anfrage: Radverkehr in der Fußgängerzone\n\n"
        "Anfrage zur direkten Überweisung in den Ausschuss für Verkehr\n\nWir fragen den Magistrat:\n\n"
        "1. Wie oft wird das Verbot kontrolliert?\n\n2. Wie viele Verstöße gab es?\n\n"
        "Berichterstatter: Hans Probe\n"
    )
    assert letter.title == "Radverkehr in der Fußgängerzone"
    assert letter.sender == "Hans Probe, Berichterstatter"
    assert [q.number for q in letter.questions] == ["1", "2"]


def test_a_member_with_function_who_asks_in_the_text_is_the_sender_and_a_link_line_no_question_text():
    letter = parse_letter(
        "Unser Bezirksverordneter Hans Probe fragt:\n- Wem gehört der Parkplatz?\n"
        "- Wie oft wird dort der Müll beseitigt?\nDie Antwort des Bezirksamtes findest Du hier.\n"
    )
    assert letter.sender == "Hans Probe, Bezirksverordneter"
    assert letter.questions[-1].text == "Wie oft wird dort der Müll beseitigt?"


def test_a_subject_as_a_question_between_the_kind_line_and_the_first_question_is_the_title():
    letter = parse_letter(
        "Anfragen der CDU Fraktion in der Bezirksverordnetenversammlung am 27.09.2023\n\n  • von\n\n"
        "Brücke gesperrt – wie lange noch?\n\n1. Wann wird die Brücke saniert?\n\n2. Was kostet das?\n"
    )
    assert letter.title == "Brücke gesperrt – wie lange noch?"
    assert letter.sender == "CDU Fraktion"
    assert [q.number for q in letter.questions] == ["1", "2"]


def test_a_parliament_s_page_of_kleine_anfragen_gives_kind_subject_and_the_member_who_asks():
    letter = parse_letter(
        "Kleine Anfragen\n\nSportwetten\n\n07. Mai 2025\nFrage von: Landtagsabgeordneter Hans Probe\n"
        "Aufklappen und Zuklappen\n\nFrage vom 07. Mai 2025\n\n"
        "Die Konvention wurde vor Jahren unterzeichnet, seither ist nichts geschehen. Daher die Fragen:\n\n"
        "  1. Welche Gesetze müssen geändert werden?\n  1. Bis wann wird die Konvention ratifiziert?\n"
    )
    assert letter.inquiry_kind == "kleine_anfrage"
    assert letter.title == "Sportwetten"
    assert letter.sender == "Hans Probe, Landtagsabgeordneter"
    assert [q.number for q in letter.questions] == ["1", "2"]


def test_a_faction_s_request_with_its_reasons_run_on_below_is_the_question_and_the_faction_the_sender():
    letter = parse_letter(
        "Die Fraktion Bürgerliste bittet die Verwaltung um eine aktuelle Darstellung der Wartelisten für "
        "Kindertagesstätten. Die Aufstellung sollte nach Stadtbezirken aufgeteilt sein.\n"
        "Begründung: Im Ausschuss wurde über die Anmeldeverfahren für Kindertagesstätten diskutiert. In "
        "diesem Zusammenhang ging es auch um Wartelisten, deren Länge sich in den Stadtbezirken deutlich "
        "unterscheidet.\n"
    )
    assert letter.sender == "Fraktion Bürgerliste"
    assert [q.text for q in letter.questions] == [
        "Die Fraktion Bürgerliste bittet die Verwaltung um eine aktuelle Darstellung der Wartelisten für "
        "Kindertagesstätten. Die Aufstellung sollte nach Stadtbezirken aufgeteilt sein."
    ]
    assert letter.justification.startswith("Im Ausschuss")


def test_a_request_that_ends_the_only_paragraph_is_the_question_and_what_it_says_before_the_preamble():
    letter = parse_letter(
        "Anfrage für die Sitzung der Bezirksvertretung am 04. März 2008\n\nKirschbäume in der Hauptstraße\n\n"
        "Auf dem Grünstreifen vor den Häusern 9 und 11 wurden im Jahre 2007 zwei Kirschbäume gefällt. Im "
        "Jahre zuvor ist ebenfalls ein solcher Baum vor dem Haus 13 entfernt worden. Diese Bäume wurden bis "
        "heute nicht durch Nachpflanzungen ersetzt. Die Verwaltung wird gebeten, Auskunft zu geben, wann mit einer Ersatzpflanzung zu rechnen ist.\n"
    )
    assert letter.inquiry_kind == "anfrage_zur_sitzung"
    assert [q.text for q in letter.questions] == [
        "Die Verwaltung wird gebeten, Auskunft zu geben, wann mit einer Ersatzpflanzung zu rechnen ist."
    ]
    assert letter.preamble.startswith("Auf dem Grünstreifen")


def test_a_name_between_the_printed_questions_and_the_answers_is_who_asked_not_an_answer():
    letter = parse_letter(
        "Die Senatsverwaltung wird um folgende Auskunft gebeten:\n\n"
        "Frage 1: Wie viele Spielplätze gibt es?\n\nFrage 2: Wie viele werden saniert?\n\nHans Probe\n\n"
        "Antwort zu Frage 1: Laut der Aufstellung der Bezirksämter gibt es zwölf öffentliche Spielplätze im Land.\n\n"
        "Antwort zu Frage 2: Drei werden im nächsten Jahr saniert, die übrigen in den folgenden beiden Jahren.\n"
    )
    assert letter.sender == "Hans Probe"
    assert [q.answer for q in letter.questions] == [
        "Laut der Aufstellung der Bezirksämter gibt es zwölf öffentliche Spielplätze im Land.",
        "Drei werden im nächsten Jahr saniert, die übrigen in den folgenden beiden Jahren.",
    ]


def test_numbered_quoted_questions_each_followed_by_the_office_s_answer_are_a_reply():
    letter = parse_letter(
        "Das Bezirksamt wird um folgende Auskunft gebeten:\n"
        "Auf dem Gelände steht seit Jahren ein Einkaufswagen.\n"
        "1. „Wem gehört das Grundstück?“ Das Grundstück gehört dem Land Berlin.\n"
        "2. „Was befand sich früher dort?“ Dort befanden sich Kleingärten,\ndie beräumt wurden.\n"
        "3. „Warum wurden sie beräumt?“\nDie Fläche wurde renaturiert.\n"
    )
    assert letter.is_reply
    assert [q.text for q in letter.questions] == [
        "Wem gehört das Grundstück?",
        "Was befand sich früher dort?",
        "Warum wurden sie beräumt?",
    ]
    assert [q.answer for q in letter.questions] == [
        "Das Grundstück gehört dem Land Berlin.",
        "Dort befanden sich Kleingärten, die beräumt wurden.",
        "Die Fläche wurde renaturiert.",
    ]


def test_a_blog_post_of_two_questions_each_with_the_administration_s_answer_is_a_reply():
    letter = parse_letter(
        "Fragen an den Stadtrat zum Radverkehrsentwicklungsplan vom 11.11.2013\n\nBy | 25. November 2013\n\n"
        "1. Laut Sitzungsplan wird im Dezember beraten. Wie wird mit dem Radverkehrsplan verfahren?\n\n"
        "Nach aktuellem Terminplan der Stadtverwaltung ist die erste Lesung im Dezember vorgesehen.\n\n"
        "2. Gibt es schon Ergebnisse aus der Arbeitsgruppe?\n\n"
        "Nein, es liegen aus der Arbeitsgruppe noch keine Ergebnisse vor.\n"
    )
    assert letter.is_reply
    assert letter.title == "Fragen an den Stadtrat zum Radverkehrsentwicklungsplan vom 11.11.2013"
    assert letter.date == "2013-11-11"
    assert letter.questions[1].answer == "Nein, es liegen aus der Arbeitsgruppe noch keine Ergebnisse vor."


def test_a_sentence_that_mentions_an_earlier_inquiry_is_not_the_head_and_its_questions_all_count():
    # no blank line anywhere: the long third question is not "the text after the head lines"
    letter = parse_letter(
        "Die Landesregierung gibt in der Antwort auf die Kleine Anfrage 7/1234 in Drucksache 7/5678 zu den "
        "Fragen 2 bis 4 an, ihr lägen zu den dort angefragten Sachverhalten keine Erkenntnisse vor. Dies gibt "
        "Anlass zur Nachfrage.\n"
        "Wir fragen die Landesregierung:\n"
        "1. Warum liegen der Landesregierung keine Erkenntnisse vor?\n"
        "2. Wem könnten diese Erkenntnisse vorliegen?\n"
        "3. Welche Bemühungen wurden unternommen, die angefragten Informationen zu beschaffen, und welche "
        "Stellen der Justiz wurden dafür im vergangenen Jahr um Auskunft gebeten? Wenn es keine solchen "
        "Bemühungen gab, warum nicht?\n"
    )
    assert letter.title == ""
    assert [q.number for q in letter.questions] == ["1", "2", "3"]
    assert letter.questions[0].text == "Warum liegen der Landesregierung keine Erkenntnisse vor?"


def test_a_landtag_answer_on_one_line_quotes_the_wording_and_repeats_each_question_before_its_answer():
    letter = parse_letter(
        "Landtag Brandenburg 7. Wahlperiode Drucksache 7/1200 Antwort der Landesregierung auf die Kleine "
        "Anfrage 410 der Abgeordneten Eva Probe und Max Muster der SPD-Fraktion Drucksache 7/1100 Sanierung "
        "der Landesstraße bei Kremmen Wortlaut der Kleinen Anfrage 410 vom 3. März 2021: Die Landesstraße ist seit "
        "Jahren in schlechtem Zustand. Wir fragen die Landesregierung: 1. Wann beginnt die Sanierung? 2. Wie "
        "viel kostet sie? Namens der Landesregierung beantwortet der Minister für Infrastruktur die Kleine "
        "Anfrage wie folgt: Frage 1: Wann beginnt die Sanierung? Frage 2: Wie viel kostet sie? zu den Fragen "
        "1 und 2: Das steht noch nicht fest.\n"
    )
    assert letter.kind == "reply"
    assert (letter.title, letter.date) == ("Sanierung der Landesstraße bei Kremmen", "2021-03-03")
    assert letter.sender == "Eva Probe, SPD-Fraktion; Max Muster, SPD-Fraktion"
    assert [(q.number, q.text, q.answer) for q in letter.questions] == [
        ("1", "Wann beginnt die Sanierung?", "Das steht noch nicht fest."),
        ("2", "Wie viel kostet sie?", "Das steht noch nicht fest."),
    ]


def test_a_reply_that_quotes_the_inquiry_before_repeating_each_question_has_each_question_once():
    letter = parse_letter(
        "Kleine Anfrage 410 der Abgeordneten Eva Probe (SPD)\n\nSanierung der Landesstraße bei Kremmen\n\n"
        "Wortlaut der Kleinen Anfrage 410 vom 3. März 2021:\n\n"
        "Die Landesstraße ist seit Jahren in schlechtem Zustand. Wir fragen die Landesregierung:\n\n"
        "1. Wann beginnt die Sanierung?\n2. Wie viel kostet sie?\n\n"
        "Namens der Landesregierung beantwortet der Minister für Infrastruktur die Kleine Anfrage wie folgt:\n\n"
        "1. Wann beginnt die Sanierung?\nIm Mai.\n\n2. Wie viel kostet sie?\nEtwa 2 Mio. Euro.\n"
    )
    assert letter.kind == "reply"
    assert [(q.number, q.text, q.answer) for q in letter.questions] == [
        ("1", "Wann beginnt die Sanierung?", "Im Mai."),
        ("2", "Wie viel kostet sie?", "Etwa 2 Mio. Euro."),
    ]


_MV_HEAD = (
    "Der Minister für Inneres hat namens der Landesregierung die Kleine Anfrage mit Schreiben vom 4. Mai 2014 "
    "beantwortet. LANDTAG MECKLENBURG-VORPOMMERN Drucksache 6/3001 6. Wahlperiode 08.05.2014 KLEINE ANFRAGE "
    "des Abgeordneten Karl Beispiel, Fraktion der SPD Radwege an Landesstraßen und ANTWORT der Landesregierung "
)


def test_a_landtag_answer_paper_on_one_line_answers_each_question_after_it_across_a_page_head():
    letter = parse_letter(
        _MV_HEAD + "Viele Landesstraßen haben keinen Radweg. 1. Wie viele Kilometer Radweg gibt es? Etwa 900 "
        "Kilometer. 2. Wie viele sind geplant? Drucksache 6/3001 Landtag Mecklenburg-Vorpommern - 6. Wahlperiode "
        "2 3. Wann werden sie gebaut? a) Wer baut sie? b) Wer bezahlt sie? Die Fragen 2 und 3 werden "
        "zusammenhängend beantwortet. Das Land plant 120 Kilometer bis 2020.\n"
    )
    assert letter.kind == "reply"
    assert (letter.title, letter.sender, letter.date) == (
        "Radwege an Landesstraßen",
        "Karl Beispiel, Fraktion der SPD",
        "",  # the answer letter's date ("mit Schreiben vom …") is not the inquiry's
    )
    shared = "Das Land plant 120 Kilometer bis 2020."
    assert [(q.number, q.text, q.answer) for q in letter.questions] == [
        ("1", "Wie viele Kilometer Radweg gibt es?", "Etwa 900 Kilometer."),
        ("2", "Wie viele sind geplant?", shared),
        ("3", "Wann werden sie gebaut?", shared),
    ]
    assert [(q.number, q.text) for q in letter.questions[2].sub_questions] == [
        ("a", "Wer baut sie?"),
        ("b", "Wer bezahlt sie?"),
    ]


def test_a_landtag_answer_paper_on_one_line_with_one_question_without_a_number():
    letter = parse_letter(
        _MV_HEAD
        + "Die nachfolgende Frage bezieht sich auf Drucksache 6/2000. Wann wird der Radweg an der L 12 "
        "am 01.06.2014 eröffnet? Die Landesregierung lehnt eine Antwort ab. Es wird auf Drucksache 6/2000 "
        "verwiesen.\n"
    )
    assert letter.kind == "reply"
    assert [(q.number, q.text, q.answer) for q in letter.questions] == [
        (
            None,
            "Wann wird der Radweg an der L 12 am 01.06.2014 eröffnet?",
            "Die Landesregierung lehnt eine Antwort ab. Es wird auf Drucksache 6/2000 verwiesen.",
        )
    ]


def test_an_answer_letter_read_by_ocr_onto_one_line_with_its_fields_salutation_and_closing():
    letter = parse_letter(
        "STAATSKANZLEI 01095 Dresden Präsidenten des Landtages Herrn Max Muster Platz 1 01067 Dresden Kleine "
        "Anfrage des Abgeordneten Karl Beispiel (SPD) Drs.-Nr.: 7/1234 Thema: Radwege im Erzgebirge Sehr "
        "geehrter Herr Präsident, namens der Staatsregierung beantworte ich die Kleine Anfrage wie folgt: "
        "Frage l: Wie viele Radwege wurden seit dem 1. Januar 2020 gebaut? Es wurden zwölf Radwege gebaut. "
        "Mit freundlichen Grüßen Chef der Staatskanzlei Telefon 0351 564-1020 Dresden, 2. Oktober 2020\n"
    )
    assert letter.kind == "reply"
    assert (letter.title, letter.sender) == ("Radwege im Erzgebirge", "Karl Beispiel, SPD")
    assert [(q.number, q.text, q.answer) for q in letter.questions] == [
        ("1", "Wie viele Radwege wurden seit dem 1. Januar 2020 gebaut?", "Es wurden zwölf Radwege gebaut.")
    ]


def test_an_anfrage_numbered_in_a_paper_of_several_over_its_asker_is_not_a_question():
    letter = parse_letter(
        "Drucksache 17/5000\nNiedersächsischer Landtag − 17. Wahlperiode\nMündliche Anfragen\n"
        "Hannover, den 06.04.2016\n"
        "1. Radweg an der B 3: Wann wird er gebaut?\n"
        "Abgeordneter Karl Beispiel (SPD)\n"
        "Vorbemerkung des Abgeordneten\n"
        "Der Radweg an der B 3 ist seit Jahren geplant.\n"
        "1.\nWann beginnt der Bau?\n2.\nWer bezahlt ihn?\n"
    )
    assert (letter.title, letter.sender, letter.date) == (
        "Radweg an der B 3: Wann wird er gebaut?",
        "Karl Beispiel, SPD",
        "2016-04-06",
    )
    assert [(q.number, q.text) for q in letter.questions] == [
        ("1", "Wann beginnt der Bau?"),
        ("2", "Wer bezahlt ihn?"),
    ]


def test_an_anfrage_in_a_question_time_record_names_its_asker_and_asks_its_question():
    letter = parse_letter(
        "Gemeinderat 5. Sitzung vom 3. März 2022 Sitzungsbericht Entschuldigt sind GR Max Probe und "
        "GRin Eva Test. 2. In der Fragestunde werden folgende Anfragen aufgerufen: (FSP-12345-2022-KGR/GM) "
        "1. Anfrage von GRin Dr. Anna Beispiel an den amtsführenden Stadtrat der Geschäftsgruppe für Bildung: "
        '"Sehr geehrter Herr Stadtrat! Die Schulen im Bezirk sind voll. Wie viele Klassen werden 2023 gebaut?"'
    )
    assert letter.sender == "Dr. Anna Beispiel, GRin"
    assert [(q.number, q.text) for q in letter.questions] == [(None, "Wie viele Klassen werden 2023 gebaut?")]
    assert letter.kind == "anfrage"


def test_a_landtag_paper_of_oral_questions_numbers_the_asker_over_the_name_and_the_title():
    letter = parse_letter(
        "LANDTAG MUSTERLAND\nDrucksache 7/\n02. 03. 2021\n123\nMündliche Anfragen\n"
        "für die Fragestunde der 12. Sitzung des Landtags\n1. Abgeordnete\nEva Probe (SPD)\n"
        "Neue Radwege an Landesstraßen\n"
        "Der Ausbau der Radwege kommt voran.\nIch frage die Landesregierung:\n"
        "1. Wie viele Kilometer wurden 2020 gebaut?\n2. Wie viele sind 2021 geplant?\n"
    )
    assert (letter.kind, letter.title, letter.sender) == (
        "anfrage_zur_sitzung",
        "Neue Radwege an Landesstraßen",
        "Eva Probe, SPD",
    )
    assert letter.date == "2021-03-02"
    assert [q.number for q in letter.questions] == ["1", "2"]


def test_the_kind_followed_by_von_names_the_askers():
    letter = parse_letter(
        "Sanierung von Radwegen\n\nKleine Anfrage von Eva Probe und Max Muster\n\n"
        "Viele Radwege sind in schlechtem Zustand.\nIch frage die Landesregierung:\n"
        "1. Wie hoch ist der Sanierungsbedarf?\n2. Gibt es eine Prioritätenliste?\n"
    )
    assert letter.sender == "Eva Probe; Max Muster"
    assert letter.kind == "kleine_anfrage"


def test_a_subject_set_as_a_question_over_the_kind_is_the_title():
    letter = parse_letter(
        "Kein Geld für Radwege?\n\nKleine Anfrage von Eva Probe\n\n"
        "Der Ausbau der Radwege stockt.\nIch frage die Landesregierung:\n"
        "1. Wie viel Geld ist 2024 vorgesehen?\n2. Wann beginnt der Bau?\n"
    )
    assert letter.title == "Kein Geld für Radwege?"
    assert [q.text for q in letter.questions] == [
        "Wie viel Geld ist 2024 vorgesehen?",
        "Wann beginnt der Bau?",
    ]


def test_a_byline_with_office_function_and_date_names_the_asker():
    letter = parse_letter(
        "Anfrage von Kreisrat Max Probe, Fraktionsvorsitzender der Bürgerliste-Kreistagsfraktion, vom 09.03.2023;\n\n"
        "Feuerwehr\n\nDie Anfrage hat folgenden Wortlaut:\n\n"
        "1. Wann wird das Feuerwehrhaus gebaut?\n\nAntwort:\nIm Jahr 2025.\n"
    )
    assert letter.sender == "Max Probe, Kreisrat, Fraktionsvorsitzender der Bürgerliste-Kreistagsfraktion"
    assert letter.date == "2023-03-09"


def test_noted_question_time_entry_with_reference_and_group_is_a_reply_with_its_answer():
    letter = parse_letter(
        "Fragestunde, Sitzung am 19.06.17\n\nNotizen aus der Stadtverordnetenversammlung\n\n"
        "101.17.055, SPD\nWann wird die Brücke an der Fulda saniert?\n\n"
        "Stadtbaurat Probe erklärt, die Sanierung beginne im Herbst.\n"
    )
    assert (letter.kind, letter.sender, letter.reference) == ("reply", "SPD", "101.17.055")
    assert [(q.number, q.text, q.answer) for q in letter.questions] == [
        (
            None,
            "Wann wird die Brücke an der Fulda saniert?",
            "Stadtbaurat Probe erklärt, die Sanierung beginne im Herbst.",
        )
    ]


def test_an_archive_entry_heading_gives_title_and_date_and_a_labelled_asker_signs():
    letter = parse_letter(
        "Themenarchiv\nFragestunde - Ampel am Markt (03.02.2020)\n"
        "Die Ampel am Markt ist seit dem Sommer oft defekt, und Fußgänger warten an der Kreuzung vor der Schule "
        "oft mehrere Minuten, bevor sie die Straße queren können; die Stadt kennt das Problem seit vielen Monaten.\n"
        "Ich frage den Magistrat:\n"
        "Wann wird die Ampel am Markt erneuert?\nFragestellerin: Eva Lindner\nStadtverordnete\n"
    )
    assert (letter.title, letter.date) == ("Ampel am Markt", "2020-02-03")
    assert letter.sender == "Eva Lindner, Stadtverordnete"
    assert [q.text for q in letter.questions] == ["Wann wird die Ampel am Markt erneuert?"]


def test_a_members_page_of_papers_quoted_subject_and_mdl_signature():
    letter = parse_letter(
        "Anträge und Anfragen\nAnträge und Anfragen der Abgeordneten der Gruppe\nMax Lindner\n"
        "„Verein Radeln für alle“\nIch frage die Landesregierung:\n"
        "1. Wurde der Verein gefördert?\n2. Welche Mittel sind 2025 eingeplant?\nMax Lindner, MdL\n"
    )
    assert letter.title == "„Verein Radeln für alle“"
    assert letter.sender == "Max Lindner, MdL"
    assert [q.text for q in letter.questions] == [
        "Wurde der Verein gefördert?",
        "Welche Mittel sind 2025 eingeplant?",
    ]


def test_minutes_reporting_members_questions_name_every_asker_and_drop_an_empty_last_label():
    letter = parse_letter(
        "1. Frau Stadträtin Lindner möchte wissen, wann die Ampel am Markt erneuert werde.\n\n"
        "Der Vorsitzende antwortet, dass dies im Mai geschehe.\n\n"
        "2. Herr Stadtrat Berger informiert darüber, dass am Bahnhof ein Fahrrad liegt. Er möchte wissen, "
        "wann es entfernt wird.\n\nDer Vorsitzende antwortet, dass dies bekannt sei.\n\nBeschluss:\n"
    )
    assert letter.sender == "Lindner, Stadträtin; Berger, Stadtrat"
    assert letter.questions[-1].answer == "Der Vorsitzende antwortet, dass dies bekannt sei."
