"""Questions as minutes record them (`letters.question_notes.minuted_item`, the minutes' heads of
`letters.minutes_questions`, the list entries of `letters.notice_questions`). Every text is
constructed; the corpus holds real ones (tests/data/letters/heldout7)."""

from inquiries.letters import parse_letter


def test_a_minuted_question_in_reported_speech_with_the_answer_given_in_the_meeting_is_a_reply():
    letter = parse_letter(
        "Protokoll:\n\nRatsfrau Beispiel erkundigt sich, wann der Spielplatz an der Mühlenstraße "
        "wieder geöffnet werde.\n\nBürgermeister Muster teilt mit, dass die Arbeiten im Mai enden.\n\n"
        "Er ergänzt, dass die Kosten im Rahmen bleiben.\n"
    )
    assert letter.kind == "reply"
    assert letter.sender == "Beispiel, Ratsfrau"
    [question] = letter.questions
    assert question.number is None
    assert question.text.startswith("Ratsfrau Beispiel erkundigt sich, wann")
    assert question.answer == (
        "Bürgermeister Muster teilt mit, dass die Arbeiten im Mai enden.\n\n"
        "Er ergänzt, dass die Kosten im Rahmen bleiben."
    )


def test_a_minuted_request_without_an_answer_is_an_inquiry():
    letter = parse_letter("StR Beispiel bittet die Verwaltung, den Radweg am Bahnhof zu reinigen.\n")
    assert letter.kind == "anfrage"
    assert letter.sender == "Beispiel, StR"
    assert [q.answer for q in letter.questions] == [""]


def test_a_short_letter_with_numbered_questions_is_not_read_as_a_minuted_item():
    letter = parse_letter(
        "Ratsfrau Beispiel fragt die Verwaltung:\n\n1. Wann öffnet der Spielplatz?\n\n2. Was kostet er?\n"
    )
    assert [q.number for q in letter.questions] == ["1", "2"]


def test_a_member_to_ask_the_minister_with_numbered_replies_answers_each_question():
    letter = parse_letter(
        "Questions and Replies\n\nExample, Ms AB to ask the Minister of Transport\n\n"
        "1. How many buses were bought in 2024?\n2. What did they cost? NW123E\n\nReply:\n\n"
        "1. Forty buses were bought.\n\n2. They cost R10 million.\n\nMore »\n"
    )
    assert letter.kind == "reply"
    assert letter.sender == "AB Example"
    assert [(q.number, q.text, q.answer) for q in letter.questions] == [
        ("1", "How many buses were bought in 2024?", "Forty buses were bought."),
        ("2", "What did they cost?", "They cost R10 million."),
    ]


def test_a_question_received_in_the_minutes_with_the_answerer_named_in_the_next_paragraph_is_a_reply():
    letter = parse_letter(
        "Agenda item\n\nQuestions from Members\n\nA question was received from Councillor Example who "
        "asked when the library would reopen?\n\nThe Leader said it would reopen in June.\n"
    )
    assert letter.kind == "reply"
    assert letter.sender == "Example, Councillor"
    assert letter.questions[0].answer == "The Leader said it would reopen in June."
