"""Written (Order Paper) questions as a legislature's question list publishes them
(`letters.order_paper`): a numbered entry head with the member and the riding, the labelled
layout, parts after "Furthermore:". Every text is constructed; the corpus holds real ones
(tests/data/letters/heldout6)."""

from inquiries.letters import parse_letter


def test_a_numbered_entry_gives_number_member_and_riding_and_drops_the_page_heading_and_the_address():
    letter = parse_letter(
        "Written questions list\n\nThis page lists questions published in the Orders and Notices paper. "
        "The government must file a response within 24 sessional days.\n\n43rd Parliament, 1st Session\n\n"
        "Question 12: Ms. Example (Lakeside—North) on May 4, 2023\n\n"
        "Enquiry of the Ministry — Would the Minister of Transportation please provide the cost of "
        "the new ferry dock.\n\nNotes: Response tabled.\n"
    )
    assert (letter.kind, letter.title, letter.sender, letter.date) == (
        "anfrage",
        "",
        "Example, Lakeside—North",
        "2023-05-04",
    )
    assert letter.deadline_text == ""
    [question] = letter.questions
    assert question.number == "12"
    assert (
        question.text == "Would the Minister of Transportation please provide the cost of the new ferry dock."
    )
    assert question.answer == ""


def test_a_french_page_entry_with_the_date_lost_and_lettered_parts():
    letter = parse_letter(
        "Liste de questions écrites\n\nVous trouverez sur cette page la liste des questions écrites.\n\n"
        "Question 7 : Mme Exemple (Nord-Ouest) le\n\n"
        "Enquiry of the Ministry — Would the Minister of Health explain why the clinic closed. "
        "Furthermore: (a) When will it reopen; (b) What will it cost; (c) Who decided.\n"
    )
    assert (letter.title, letter.sender, letter.date) == ("", "Exemple, Nord-Ouest", "")
    [question] = letter.questions
    assert (question.number, question.text) == (
        "7",
        "Would the Minister of Health explain why the clinic closed.",
    )
    assert [(part.number, part.text) for part in question.sub_questions] == [
        ("a", "When will it reopen"),
        ("b", "What will it cost"),
        ("c", "Who decided."),
    ]


def test_the_labelled_layout_takes_the_date_tabled_and_not_the_final_answers_date():
    letter = parse_letter(
        "Order Paper Questions and Responses\n\nLast updated: March 1, 2017\n\n"
        "Question Enquiry of the Ministry — Will the Minister of Energy provide the data on the new "
        "grid connections.\nMember Mr. Sample (River—Valley)\nDate tabled September 13, 2016\n"
        "Final answer November 02, 2016\nQuestion number 3\n"
    )
    assert (letter.kind, letter.title, letter.sender, letter.date) == (
        "anfrage",
        "",
        "Sample, River—Valley",
        "2016-09-13",
    )
    [question] = letter.questions
    assert (question.number, question.text) == (
        "3",
        "Will the Minister of Energy provide the data on the new grid connections.",
    )


def test_a_council_question_with_a_party_in_brackets_is_no_order_paper_entry():
    from inquiries.letters import order_paper
    from inquiries.letters.text import prepare_lines

    lines = prepare_lines(
        "Question 1: Cllr Example (Labour)\n\nWill the Leader fix the roads?\n\nAnswer: Yes.\n"
    )
    assert order_paper.read(lines) is None
