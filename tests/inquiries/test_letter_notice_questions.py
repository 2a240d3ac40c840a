"""Questions on notice as Australian parliaments print them (`letters.notice_questions`): the
member "to ask" the minister, parts "(1)" or "(a)" also run together by a PDF's text layer, the
paper's date and its "30 days expires …". Every text is constructed; the corpus holds real ones
(tests/data/letters/heldout6)."""

from inquiries.letters import parse_letter


def test_a_notice_paper_entry_gives_member_date_deadline_and_its_parts_run_together():
    letter = parse_letter(
        "Legislative Assembly\n\nQuestions on Notice Paper No 7\n\nTuesday, 3 April 2018\n\n"
        "New questions\n\n(30 days expires 3 May 2018)\n\n"
        "*1201 MR EXAMPLE: To ask the Minister for Transport—(1) When will the bus depot open; if not,\n\n"
        "why not.(2) What will it cost.\n\n(3) Who operates it.\n"
    )
    assert (letter.kind, letter.title, letter.sender, letter.date) == ("anfrage", "", "EXAMPLE", "2018-04-03")
    assert letter.deadline_text == "30 days expires 3 May 2018"
    assert [(q.number, q.text) for q in letter.questions] == [
        ("1", "When will the bus depot open; if not, why not."),
        ("2", "What will it cost."),
        ("3", "Who operates it."),
    ]


def test_a_member_to_ask_the_premier_with_lettered_parts_and_no_paper_date():
    letter = parse_letter(
        "100 Questions\n\nPage 2: 100 Questions\n\nMs Sample to ask the Premier -\n\n"
        "(a) What has the Department spent on consultants.\n\n(b) Will the Premier publish the figures?\n"
    )
    assert (letter.title, letter.sender, letter.date, letter.deadline_text) == ("", "Sample", "", "")
    assert [(q.number, q.text) for q in letter.questions] == [
        ("a", "What has the Department spent on consultants."),
        ("b", "Will the Premier publish the figures?"),
    ]


def test_one_question_without_parts_is_one_unnumbered_question():
    letter = parse_letter("Mr Example to ask the Treasurer - What is the debt of the state?\n")
    assert [(q.number, q.text) for q in letter.questions] == [(None, "What is the debt of the state?")]
    assert letter.sender == "Example"
