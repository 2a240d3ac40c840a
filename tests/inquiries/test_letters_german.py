"""The reader's mechanisms for German and Austrian council letters (each also has real letters in
the corpus): question time heads, "Betrifft:" subjects, signatures with a function line, dates
above a signature, shared role lines, ranged answers and flattened replies."""

from inquiries.letters import parse_letter


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
