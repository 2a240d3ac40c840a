"""One entry of a parliament's question paper or written answers (`letters.question_entries`):
the asker in reported speech or an address, answers after a label or the minister's name, parts
answered part by part, fields of a question page, an order paper's flattened entry. Every text is
constructed; the corpus holds real ones (tests/data/letters/heldout4)."""

from inquiries.letters import parse_letter
from inquiries.letters.question_entries import read
from inquiries.letters.text import prepare_lines


def test_reported_speech_with_a_serial_number_and_written_answers_is_a_reply():
    letter = parse_letter(
        "Skip to main content\nNormal View\n\nThursday, 5 Mar 2026\n\nWritten Answers Nos. 12-30\n\n"
        "Harbour Dredging\n\nQuestions (12)\n\nAnn Example\n\nQuestion:\n\n"
        "12. Deputy Ann Example asked the Minister for the Marine when dredging of the harbour at "
        "Exampleton will begin; and if he will make a statement on the matter. [1234/26]\n\n"
        "View answer\n\nWritten answers\n\nDredging begins in May.\n\nThe contract has been signed.\n\nTop\nShare\n"
    )
    assert letter.kind == "reply"
    assert (letter.title, letter.sender, letter.date) == ("Harbour Dredging", "Ann Example", "2026-03-05")
    [question] = letter.questions
    assert question.number == "12"
    assert question.text.startswith("Deputy Ann Example asked the Minister for the Marine when dredging")
    assert question.text.endswith("[1234/26]")
    assert question.answer == "Dredging begins in May.\n\nThe contract has been signed."


def test_parts_of_a_question_on_notice_are_answered_part_by_part_and_a_range_shares_one_answer():
    letter = parse_letter(
        "Asked\n3 March 2025\n\nQuestion\n\nROADS — EXAMPLE\nHIGHWAY\n"
        "41. Hon ANN EXAMPLE to the minister representing the\nMinister for Roads:\n"
        "I refer to the highway plan.\n(1) When will the plan be published?\n(2) What will it\ncost?\n"
        "(3) Who pays for it?\n\nAnswer\n\nI thank the honourable member for the question.\n"
        "(1) In June.\n(2)–(3) The\ncosts are shared with the federal government.\n"
    )
    assert letter.kind == "reply"
    assert (letter.title, letter.sender, letter.date) == (
        "ROADS — EXAMPLE HIGHWAY",
        "ANN EXAMPLE, Hon",
        "2025-03-03",
    )
    assert [(q.number, q.text, q.answer) for q in letter.questions] == [
        ("1", "When will the plan be published?", "In June."),
        ("2", "What will it cost?", "The costs are shared with the federal government."),
        ("3", "Who pays for it?", "The costs are shared with the federal government."),
    ]


def test_the_answering_ministers_name_begins_the_answer_and_a_date_in_the_entry_is_the_questions():
    letter = parse_letter(
        "Legislative Council: Tuesday, March 03, 2026\n\nSchool Buses\n\n"
        "88 The Hon. A.B. EXAMPLE (Shadow Minister for Education) (4 February 2026). "
        "Can the Minister for Education advise:\n\nHow many school bus routes were cut this year?\n\n"
        "The Hon. C.D. ROE (Minister for Transport): The Minister for Education has advised:\n\nNo route was cut.\n"
    )
    assert letter.kind == "reply"
    assert (letter.title, letter.sender, letter.date) == (
        "School Buses",
        "A.B. EXAMPLE, Shadow Minister for Education",
        "2026-02-04",
    )
    [question] = letter.questions
    assert (question.number, question.text) == ("88", "How many school bus routes were cut this year?")
    assert question.answer == "The Minister for Education has advised:\n\nNo route was cut."


def test_a_question_page_with_fields_gives_asker_and_group_and_the_answer_after_answered_by():
    letter = parse_letter(
        "Night Buses\n\nMQT on 2026-01-15\nSession date:\nJanuary 15, 2026\nQuestion By:\nAnn Example\n"
        "Example Party\nAsked Of:\nThe Mayor\n\nNight buses were cut last year. Will you restore them?\n\n"
        "Answer for Night Buses\n\nAnswered By:\nThe Mayor\n\nYes, from April.\n"
    )
    assert letter.kind == "reply"
    assert (letter.title, letter.sender, letter.date) == ("Night Buses", "Ann Example, Example Party", "")
    [question] = letter.questions
    assert question.text == "Night buses were cut last year. Will you restore them?"
    assert question.answer == "Yes, from April."


def test_a_flattened_order_paper_entry_gives_title_member_and_only_the_question_sentences():
    letter = parse_letter(
        "Cycle Lanes Question No: 2026/0042 Ann Example The borough built 3 km of lanes last year. "
        "How many will it build this year? Will you fund them?"
    )
    assert letter.kind == "anfrage"
    assert (letter.title, letter.sender, letter.reference) == ("Cycle Lanes", "Ann Example", "2026/0042")
    assert [(q.number, q.text) for q in letter.questions] == [
        (None, "How many will it build this year?"),
        (None, "Will you fund them?"),
    ]


def test_an_answered_questions_paper_takes_the_answer_and_its_date_after_answer_for():
    letter = parse_letter(
        "Questions to the Mayor\n\n2 March, 2026\n\n"
        "Cycle Lanes Question No: 2026/0042 Ann Example How many lanes will be built? "
        "Answer for Cycle Lanes The Mayor Last updated: 9 March, 2026 Ten kilometres. |\n"
    )
    assert letter.kind == "reply"
    assert (letter.title, letter.sender, letter.date) == ("Cycle Lanes", "Ann Example", "2026-03-09")
    [question] = letter.questions
    assert (question.text, question.answer) == ("How many lanes will be built?", "Ten kilometres.")


def test_a_council_letter_is_no_parliamentary_entry():
    text = (
        "Anfrage der Fraktion Beispiel\n\nSehr geehrter Herr Oberbürgermeister,\n\n"
        "1. Wie viele Radwege wurden 2025 gebaut?\n2. Was haben sie gekostet?\n\nMit freundlichen Grüßen\n"
    )
    assert read(prepare_lines(text)) is None
    assert [q.number for q in parse_letter(text).questions] == ["1", "2"]


def test_a_written_question_answered_under_the_ministers_office_is_a_reply_without_the_askers_mr():
    letter = parse_letter(
        "AQW 123/26 – Potholes in Exampleton\n\n"
        "Mr John Example (Exampleton North): To ask the Minister for Infrastructure how many potholes "
        "were repaired last year.\n\nMinister for Infrastructure: 4,200 potholes were repaired.\n"
    )
    assert letter.kind == "reply"
    assert letter.sender == "John Example, Exampleton North"
    [question] = letter.questions
    assert (
        question.text == "To ask the Minister for Infrastructure how many potholes were repaired last year."
    )
    assert question.answer == "4,200 potholes were repaired."


def test_who_will_ask_over_a_councils_questions_is_the_sender():
    body = "\n\n1. ON BUS LANES:\nWhen will the bus lane on Example Road open?\n\n2. How much did it cost?\n"
    caps = parse_letter(
        "Questions to Council - March 2026\n\nBelow are the questions we will ask at today's meeting.\n\n"
        "The Leader of the Example Party ANN EXAMPLE will ask:" + body
    )
    assert caps.sender == "ANN EXAMPLE, Leader of the Example Party"
    assert [q.number for q in caps.questions] == ["1", "2"]
    councillor = parse_letter(
        "Questions to Council - March 2026\n\nBelow are the questions we will ask at today's meeting.\n\n"
        "Councillor Ann Example (Example Party) will ask the Executive Member for Transport:" + body
    )
    assert councillor.sender == "Ann Example, Example Party"


def test_questions_of_two_members_taken_together_share_the_one_answer():
    letter = parse_letter(
        "Tuesday, 3 Feb 2026\n\nFerry Services\n\nQuestions (30, 31)\n\nAnn Example\n\nQuestion:\n\n"
        "30. Deputy Ann Example asked the Minister for Transport when the island ferry will resume. [501/26]\n\n"
        "Bob Sample\n\nQuestion:\n\n"
        "31. Deputy Bob Sample asked the Minister for Transport the reason the ferry was stopped. [502/26]\n\n"
        "View answer\n\nWritten answers\n\nI propose to take Questions Nos. 30 and 31 together.\n\n"
        "The ferry resumes on 1 March.\n"
    )
    assert letter.kind == "reply"
    assert (letter.title, letter.sender) == ("Ferry Services", "Ann Example; Bob Sample")
    assert [(q.number, q.text) for q in letter.questions] == [
        (
            "30",
            "Deputy Ann Example asked the Minister for Transport when the island ferry will resume. [501/26]",
        ),
        (
            "31",
            "Deputy Bob Sample asked the Minister for Transport the reason the ferry was stopped. [502/26]",
        ),
    ]
    shared = "I propose to take Questions Nos. 30 and 31 together.\n\nThe ferry resumes on 1 March."
    assert [q.answer for q in letter.questions] == [shared, shared]


def test_a_member_named_before_the_answer_begins_it_and_parts_joined_by_and_share_it():
    letter = parse_letter(
        "Health: Waiting Lists\n\n"
        "123 Mr Ann Example asked the Minister for Health, in writing, on 2 March 2026:\n"
        "(a) How many people wait for surgery?\n(b) How long do they wait?\n(c) What is being done?\n\n"
        "Mr Bob Roe: The answer to the honourable member's question is as follows:\n"
        "(a) and (b) The figures are published monthly.\n(c) A new theatre opens in May.\n"
    )
    assert letter.kind == "reply"
    assert (letter.title, letter.sender, letter.date) == (
        "Health: Waiting Lists",
        "Ann Example",
        "2026-03-02",
    )
    assert [(q.number, q.answer) for q in letter.questions] == [
        ("a", "The figures are published monthly."),
        ("b", "The figures are published monthly."),
        ("c", "A new theatre opens in May."),
    ]


def test_an_address_to_the_minister_before_the_question_on_its_line_and_a_reply_that_says_replied():
    letter = parse_letter(
        "Hospital parking\n\n"
        "4711 (2026). Ann Example to the Minister of Health (12 March 2026): How much does parking cost "
        "at Example Hospital?\n\nHon Bob Roe (Minister of Health) replied: Parking costs $5 a day.\n"
    )
    assert letter.kind == "reply"
    assert (letter.sender, letter.date) == ("Ann Example", "2026-03-12")
    [question] = letter.questions
    assert (question.number, question.text) == ("4711", "How much does parking cost at Example Hospital?")
    assert question.answer == "Parking costs $5 a day."


def test_reported_speech_without_a_serial_number_needs_its_reference_and_an_inline_answer_label():
    letter = parse_letter(
        "River Pollution\n\nLord Example asked His Majesty's Government what steps they are taking to "
        "reduce sewage discharges into rivers. [HL4711]\n\nAnswer: Water companies must cut discharges by 2030.\n"
    )
    assert letter.kind == "reply"
    assert (letter.title, letter.sender) == ("River Pollution", "Lord Example")
    [question] = letter.questions
    assert question.text.startswith("Lord Example asked His Majesty's Government what steps")
    assert question.answer == "Water companies must cut discharges by 2030."
    assert read(prepare_lines("Councillor Ann Example asked the Mayor about the bus lanes.\n")) is None


def test_a_commons_question_after_the_askers_name_is_answered_by_the_next_member_named():
    letter = parse_letter(
        "Dáil Éireann Debate, Tuesday - 3 February 2026\n\nHospitals: Parking\n\n"
        "Mr. Ann Example: To ask the Secretary of State for Health how much hospitals earned from parking "
        "in 2025. [123456]\n\nMr. Bob Roe: The information is not held centrally.\n"
    )
    assert letter.kind == "reply"
    assert (letter.title, letter.sender, letter.date) == ("Hospitals: Parking", "Ann Example", "2026-02-03")
    [question] = letter.questions
    assert question.text.startswith("To ask the Secretary of State for Health how much")
    assert question.answer == "The information is not held centrally."


def test_the_date_in_brackets_after_the_asker_is_the_questions_and_a_sitting_date_is_only_a_fallback():
    letter = parse_letter(
        "Legislative Council: Tuesday, March 03, 2026\n\nSchool Buses\n\n"
        "88 The Hon. A.B. EXAMPLE (4 February 2026). How many bus routes were cut?\n\n"
        "The Hon. C.D. ROE (Leader of the Government): None.\n"
    )
    # (the title is the only description the text gives of the member, as in "THE HON. T.e. …")
    assert (letter.sender, letter.date) == ("A.B. EXAMPLE, The Hon.", "2026-02-04")
    assert [(q.number, q.text, q.answer) for q in letter.questions] == [
        ("88", "How many bus routes were cut?", "None.")
    ]
    undated = parse_letter(
        "Legislative Council: Tuesday, March 03, 2026\n\nSchool Buses\n\n"
        "88 The Hon. A.B. EXAMPLE to the Minister for Education:\n\nHow many bus routes were cut?\n\n"
        "The Hon. C.D. ROE (Minister for Education): None.\n"
    )
    assert undated.date == "2026-03-03"


def test_a_written_question_record_with_the_member_on_his_line_and_answered_by_fields():
    letter = parse_letter(
        "AQW 4711/26\n\nMr John Example (Example Party - Exampleton)\n\n"
        "To ask the Minister for Infrastructure how many potholes were repaired in Exampleton last year.\n\n"
        "Answered By: Minister for Infrastructure\n\nDate Answered: 10/03/2026\n\n4,200 potholes were repaired.\n"
    )
    assert letter.kind == "reply"
    assert (letter.title, letter.sender) == ("AQW 4711/26", "John Example, Example Party - Exampleton")
    [question] = letter.questions
    assert (
        question.text
        == "To ask the Minister for Infrastructure how many potholes were repaired in Exampleton last year."
    )
    assert question.answer == "4,200 potholes were repaired."


def test_a_bare_answer_label_after_a_question_opens_its_answer():
    letter = parse_letter(
        "Questions to the Cabinet Member for Transport\n\n"
        "Question\n\nHow many road repairs were carried out in 2025?\n\nAnswer\n\n1,200 repairs were carried out.\n"
    )
    assert letter.kind == "reply"
    [question] = letter.questions
    assert (question.text, question.answer) == (
        "How many road repairs were carried out in 2025?",
        "1,200 repairs were carried out.",
    )


def test_the_heading_of_a_members_question_names_the_asker():
    letter = parse_letter(
        "Question from Councillor Jane Example (Example Party) to the Cabinet Member for Transport\n\n"
        "How many road repairs were carried out in 2025?\n\nResponse:\n\n1,200 repairs were carried out.\n"
    )
    assert letter.sender == "Jane Example, Example Party"
    jersey = parse_letter(
        "WQ.140/2026\n\nWRITTEN QUESTION TO THE MINISTER FOR INFRASTRUCTURE BY DEPUTY A.B. EXAMPLE OF ST. X\n\n"
        "Question\n\nWill the Minister state how many road repairs were carried out in 2025?\n\n"
        "Answer:\n\n1,200 repairs were carried out.\n"
    )
    assert jersey.sender == "A.B. EXAMPLE"
    assert jersey.questions[0].answer == "1,200 repairs were carried out."


def test_a_senators_question_on_notice_in_parts_under_its_number_is_answered_part_by_part():
    letter = parse_letter(
        "Defence: Contracts\n\n(Question No. 4711)\n\n"
        "Senator Example asked the Minister representing the Minister for Defence, upon notice, on 2 March 2026:\n"
        "(1) How many contracts were signed in 2025?\n(2) What was their value?\n\n"
        "Senator Roe: The Minister for Defence has provided the following answer to the honourable senator's "
        "question:\n(1) 12.\n(2) $4 million.\n"
    )
    assert letter.kind == "reply"
    assert (letter.title, letter.sender, letter.date, letter.reference) == (
        "Defence: Contracts",
        "Example",
        "2026-03-02",
        "4711",
    )
    assert [(q.number, q.text, q.answer) for q in letter.questions] == [
        ("1", "How many contracts were signed in 2025?", "12."),
        ("2", "What was their value?", "$4 million."),
    ]
    assert read(prepare_lines("Mr Example asked the Mayor about the bus lanes:\n\nThey are late.\n")) is None


def test_fields_the_page_adds_to_a_question_page_are_neither_title_nor_question():
    letter = parse_letter(
        "Night Buses\n\nMeeting:\nPlenary 2026-01-15\nQuestion By:\nAnn Example\nAsked Of:\nThe Mayor\n"
        "Question No:\n2026/0042\n\nWill you restore the night buses?\n\nAnswer for Night Buses\n\n"
        "Answered By:\nThe Mayor\n\nYes, from April.\n"
    )
    assert (letter.title, letter.sender) == ("Night Buses", "Ann Example")
    assert [(q.text, q.answer) for q in letter.questions] == [
        ("Will you restore the night buses?", "Yes, from April.")
    ]


def test_an_order_paper_of_numbered_members_questions_gives_each_with_its_number_and_asker():
    letter = parse_letter(
        "Order Paper: Questions for Oral Answer\n\n"
        "1 Ann Example (Exampleton): To ask the Secretary of State for Transport when the station will reopen.\n"
        "2 Bob Sample (Sampleford): To ask the Secretary of State for Transport what the bridge will cost.\n"
    )
    assert letter.kind == "anfrage"
    assert letter.sender == "Ann Example, Exampleton; Bob Sample, Sampleford"
    assert [(q.number, q.text) for q in letter.questions] == [
        ("1", "To ask the Secretary of State for Transport when the station will reopen."),
        ("2", "To ask the Secretary of State for Transport what the bridge will cost."),
    ]


def test_a_question_paper_with_authors_subject_and_an_answer_numbered_as_its_parts():
    letter = parse_letter(
        "Parliamentary question - E-004711/2026\n\nQuestion for written answer E-004711/2026\nto the Commission\n"
        "Rule 144\nAnn Example (Example Group)\nBob Sample (Other Group)\n\nSubject: Funding for rail links\n\n"
        "The Commission has announced a call for rail projects.\n\n"
        "1. How much funding is available?\n\n2. Will the call be extended?\n\nSubmitted: 12.4.2026\n\n"
        "Answer given by Commissioner Roe\non behalf of the European Commission\n(20.6.2026)\n\n"
        "1. The call has a budget of EUR 100 million.\n\n2. No.\n"
    )
    assert letter.kind == "reply"
    assert (letter.title, letter.sender, letter.date, letter.reference) == (
        "Funding for rail links",
        "Ann Example, Example Group; Bob Sample, Other Group",
        "2026-04-12",
        "E-004711/2026",
    )
    assert [(q.number, q.text, q.answer) for q in letter.questions] == [
        ("1", "How much funding is available?", "The call has a budget of EUR 100 million."),
        ("2", "Will the call be extended?", "No."),
    ]


def test_without_a_label_the_answer_to_reported_speech_begins_after_its_reference():
    letter = parse_letter(
        "Harbour Dredging\n\n"
        "12. Deputy Ann Example asked the Minister for the Marine when dredging will begin. [1234/26]\n\n"
        "Minister for the Marine (Deputy Bob Roe): Dredging begins in May.\n"
    )
    assert letter.kind == "reply"
    [question] = letter.questions
    assert (
        question.text
        == "Deputy Ann Example asked the Minister for the Marine when dredging will begin. [1234/26]"
    )
    assert question.answer == "Dredging begins in May."
    plain = parse_letter(
        "Harbour Dredging\n\n"
        "12. Deputy Ann Example asked the Minister for the Marine when dredging will begin. [1234/26]\n\n"
        "Dredging begins in May.\n"
    )
    assert plain.questions[0].answer == "Dredging begins in May."


def test_an_order_paper_entry_answered_on_lines_of_their_own():
    letter = parse_letter(
        "Cycle Lanes Question No: 2026/0042 Ann Example How many lanes will be built?\n\n"
        "Answer for Cycle Lanes\n\nTen kilometres.\n"
    )
    assert letter.kind == "reply"
    assert [(q.text, q.answer) for q in letter.questions] == [
        ("How many lanes will be built?", "Ten kilometres.")
    ]


def test_every_member_with_a_question_on_a_councils_list_is_a_sender():
    letter = parse_letter(
        "Council Questions - 12 March 2026\n\n"
        "1. Question from Councillor Ann Example to the Executive Member for Transport\n\n"
        "When will the bus lane be completed?\n\nReply:\n\nIn May.\n\n"
        "2. Question from Councillor Bob Sample (Example Party) to the Leader\n\n"
        "How many staff work from home?\n\nReply:\n\nAbout 400.\n"
    )
    assert letter.sender == "Ann Example; Bob Sample, Example Party"
    assert [q.answer for q in letter.questions] == ["In May.", "About 400."]


def test_english_closing_formulas_end_the_letter_and_the_signature_names_the_sender():
    letter = parse_letter(
        "Dear Mayor,\n\nI would be grateful for answers to the following questions:\n\n"
        "1. How many potholes were repaired?\n\n2. When will the road be resurfaced?\n\n"
        "Yours faithfully,\n\nJane Example\nCouncillor for Example Ward\n"
    )
    assert (letter.closing, letter.sender) == (
        "Yours faithfully",
        "Jane Example, Councillor for Example Ward",
    )
    assert [q.text for q in letter.questions] == [
        "How many potholes were repaired?",
        "When will the road be resurfaced?",
    ]
    reply = parse_letter(
        "Dear Councillor Example,\n\n1. How many potholes were repaired?\nAnswer: 4,200.\n\n"
        "2. When will the road be resurfaced?\nAnswer: In May.\n\nYours sincerely\n\nBob Roe\nDirector of Highways\n"
    )
    assert reply.closing == "Yours sincerely"
    assert [q.answer for q in reply.questions] == ["4,200.", "In May."]


def test_the_heading_over_a_question_on_notice_ends_at_the_label_above_it_without_a_blank_line():
    letter = parse_letter(
        "Asked\n3 March 2025\nQuestion\nROADS — EXAMPLE\nHIGHWAY\n"
        "41. Hon ANN EXAMPLE to the minister representing the Minister for Roads:\n"
        "(1) When will the plan be published?\n(2) What will it cost?\nAnswer\n(1) In June.\n(2) $4 million.\n"
    )
    assert letter.title == "ROADS — EXAMPLE HIGHWAY"
    assert [q.answer for q in letter.questions] == ["In June.", "$4 million."]


def test_a_question_pages_asker_with_the_group_in_brackets_and_a_question_number_with_a_full_stop():
    letter = parse_letter(
        "Night Buses\n\nQuestion By: Ann Example (Example Party)\nAsked Of: The Mayor\n\n"
        "Will you restore the night buses?\n\nAnswer for Night Buses\n\nYes.\n"
    )
    assert (letter.title, letter.sender) == ("Night Buses", "Ann Example, Example Party")
    paper = parse_letter("Cycle Lanes Question No. 2026/0042 Ann Example How many lanes will be built?")
    assert (paper.title, paper.sender, paper.reference) == ("Cycle Lanes", "Ann Example", "2026/0042")


def test_an_order_paper_members_name_ends_where_the_question_begins():
    letter = parse_letter("Buses Question No: 2026/0043 Ann Example AM Londoners are waiting longer. Why?")
    assert letter.sender == "Ann Example AM"
    assert [q.text for q in letter.questions] == ["Why?"]
    titled = parse_letter("Buses Question No: 2026/0044 Dr Ann Example Given the delays, will you act?")
    assert titled.sender == "Dr Ann Example"


def test_a_subject_field_over_the_entry_gives_its_title_without_the_label():
    letter = parse_letter(
        "Subject: Harbour Dredging\n\n"
        "12. Deputy Ann Example asked the Minister for the Marine when dredging will begin. [1234/26]\n\n"
        "Written answers\n\nDredging begins in May.\n"
    )
    assert letter.title == "Harbour Dredging"


def test_an_unnumbered_oral_question_under_a_source_line_has_no_title_and_its_member_asks():
    letter = parse_letter(
        "Sponsored post\n\nSource: Example Parliament – Oral Questions\n\n"
        "ANN EXAMPLE to the Minister of Transport: Will she build the harbour bridge this year?\n"
    )
    assert (letter.title, letter.sender, letter.date) == ("", "ANN EXAMPLE", "")
    [question] = letter.questions
    assert (question.number, question.text) == (None, "Will she build the harbour bridge this year?")


def test_a_council_member_addressing_a_colleague_is_no_oral_question():
    assert read(prepare_lines("ANN EXAMPLE to the Harbour Board: Will it open in May?\n")) is None


def test_the_heading_of_an_oral_paper_ends_the_site_lines_and_its_sitting_date_is_no_letter_date():
    letter = parse_letter(
        "Site News\nWednesday, 4 March 2026\n\nQuestions to Ministers\n\n"
        "1. Hon ANN EXAMPLE (Green—Exampleton) to the Minister of Finance: Is the budget in surplus?\n\n"
        "Hon JO ROE (Minister of Finance): Yes.\n"
    )
    assert (letter.kind, letter.title, letter.date) == ("reply", "", "")
    assert letter.sender == "ANN EXAMPLE, Hon, Green—Exampleton"
    assert letter.questions[0].answer == "Yes."


def test_the_question_number_in_front_of_a_subject_heading_is_not_part_of_the_title():
    letter = parse_letter(
        "Question No. 3—Transport\n"
        "3. Hon ANN EXAMPLE to the Minister of Transport: When will the bridge open?\n"
        "Hon JO ROE (Minister of Transport): In May.\n"
    )
    assert letter.title == "Transport"
    assert letter.questions[0].number == "3"


def test_a_hansard_answer_on_notice_run_into_one_line_is_split_at_the_number_and_the_minister():
    letter = parse_letter(
        "QUESTIONS ON NOTICE\n\nWednesday, 4 March 2026\n\n"
        "The following answers to questions on notice were circulated - HARBOUR - DREDGING\n\n"
        "Question No. 12 Hon. A. B. EXAMPLE asked the Minister for Ports, for the Minister for the "
        "Marine: When will the dredging of the harbour at Exampleton begin, and what will it cost the "
        "port authority? Hon. C. D. ROE (Minister for Ports) -The answer supplied by the Minister for "
        "the Marine is: Dredging begins in May.\n"
    )
    assert letter.kind == "reply"
    assert (letter.title, letter.sender, letter.date) == ("HARBOUR - DREDGING", "A. B. EXAMPLE, Hon.", "")
    [question] = letter.questions
    assert question.number is None
    assert question.text.startswith("When will the dredging") and question.text.endswith("authority?")
    assert question.answer == "The answer supplied by the Minister for the Marine is: Dredging begins in May."


def test_a_member_in_capitals_with_a_dash_before_to_ask_is_the_asker_and_the_address_stays():
    letter = parse_letter(
        "QUESTIONS ON NOTICE\n\nPorts: dredging\n\n"
        "12. THE HON. A.b. EXAMPLE - To ask the Honourable the Minister for Ports: When will the "
        "dredging begin?\n\nANSWER:\n\nIn May.\n"
    )
    assert (letter.kind, letter.title, letter.sender) == (
        "reply",
        "Ports: dredging",
        "A.b. EXAMPLE, THE HON.",
    )
    [question] = letter.questions
    assert question.number == "12"
    assert question.text == "To ask the Honourable the Minister for Ports: When will the dredging begin?"
    assert question.answer == "In May."


def test_an_entry_that_stands_twice_is_read_once_from_its_transcript_under_the_papers_heading():
    letter = parse_letter(
        "Press Release – Office of the Clerk\n\n"
        "1. ANN EXAMPLE (Green—Exampleton) to the Minister of Transport : When will the bridge open?\n"
        "(uncorrected transcript)\n\nQUESTIONS TO MINISTERS\n\nTransport—Bridge\n\n"
        "1. ANN EXAMPLE (Green—Exampleton) to the Minister of Transport: When will the bridge open?\n\n"
        "Hon JO ROE (Minister of Transport): In May.\n"
    )
    assert (letter.kind, letter.title, letter.sender) == (
        "reply",
        "Transport—Bridge",
        "ANN EXAMPLE, Green—Exampleton",
    )
    assert [(q.number, q.text, q.answer) for q in letter.questions] == [
        ("1", "When will the bridge open?", "In May.")
    ]


def test_a_notice_papers_entry_on_one_line_with_parts_and_its_answer_and_the_notice_date_over_it():
    letter = parse_letter(
        "QUESTIONS AND ANSWERS\n\nTUESDAY 3 MARCH 2026\n\n4 FEBRUARY 2026 (Paper No. 12)\n\n"
        "*2210 HARBOUR BRIDGE REPAIRS—Ms Ann Example asked the Minister for Transport— (1) Will the "
        "bridge be repaired this year? (a) If so, when? (2) What will it cost? Answer— I am advised: "
        "(1) Yes, in May. (2) $2 million.\n"
    )
    assert (letter.kind, letter.title, letter.sender, letter.date) == (
        "reply",
        "HARBOUR BRIDGE REPAIRS",
        "Ann Example",
        "2026-02-04",
    )
    assert [(q.number, q.text, q.answer) for q in letter.questions] == [
        ("1", "Will the bridge be repaired this year?", "Yes, in May."),
        ("2", "What will it cost?", "$2 million."),
    ]
    assert [(sub.number, sub.text) for sub in letter.questions[0].sub_questions] == [("a", "If so, when?")]


def test_a_notice_papers_entry_without_the_members_name_has_no_sender():
    letter = parse_letter(
        "*2210 HARBOUR BRIDGE REPAIRS—Mr asked the Minister for Transport— Will the bridge be "
        "repaired this year?\n"
    )
    assert (letter.kind, letter.title, letter.sender) == ("anfrage", "HARBOUR BRIDGE REPAIRS", "")
    assert [(q.number, q.text) for q in letter.questions] == [
        (None, "Will the bridge be repaired this year?")
    ]


def test_a_megabyte_line_is_not_scanned_for_answering_ministers():
    from inquiries.letters.question_entries import _unflattened

    sentence = "When will it open? Hon. C. D. ROE (Minister for Ports) -It opens in May. "
    assert len(_unflattened([sentence * 4])) == 5  # an entry's length: split at each minister
    assert _unflattened([sentence * 20_000]) == [sentence * 20_000]


def test_a_question_without_notice_recorded_in_council_minutes_with_the_response():
    letter = parse_letter(
        "Agenda item\n\nQuestions by Elected Members\n\nMinutes:\n\nA.     Questions to the Mayor\n\n"
        "Q.   Councillor Jane Smith asked the following question:-\n\n"
        "“When will the library on Station Road reopen?”\n\n"
        "A.     The Mayor, John Brown, gave the following response:-\n\n"
        "“Thank you for your question.  It will reopen in May.”\n"
    )
    assert letter.kind == "reply"
    assert (letter.title, letter.sender) == ("Questions by Elected Members", "Jane Smith, Councillor")
    assert [(q.number, q.text, q.answer) for q in letter.questions] == [
        (
            None,
            "When will the library on Station Road reopen?",
            "Thank you for your question. It will reopen in May.",
        )
    ]


def test_minutes_in_the_clerks_words_split_the_askers_sentences_from_the_answerers():
    letter = parse_letter(
        "Agenda item\n\nQuestions\n\nIn accordance with the Council Procedure Rules, opportunity is provided for "
        "Members to ask questions.\n\nMinutes:\n\n"
        "1.  Cllr A Example asked whether the car park charges would be reduced. Cllr B Other, Portfolio Holder "
        "for Highways, agreed to respond in writing.\n\n"
        "2.  Cllr C Third asked about the library.\n"
    )
    assert (letter.kind, letter.title, letter.sender) == ("reply", "", "A Example, Cllr")
    [question] = letter.questions
    assert (question.number, question.text) == (
        "1",
        "Cllr A Example asked whether the car park charges would be reduced.",
    )
    assert question.answer == "Cllr B Other, Portfolio Holder for Highways, agreed to respond in writing."


def test_minutes_in_the_clerks_words_keep_the_askers_further_sentences_and_answer_in_response():
    letter = parse_letter(
        "Questions\n\nMinutes:\n\nCllr A Example noted that the bridge was closed. Cllr Example said that "
        "traders suffered. She asked when it would reopen.\n\n"
        "In response Cllr B Other, Chair of the Highways Committee, stated that it reopens in May.\n"
    )
    assert (letter.kind, letter.sender) == ("reply", "A Example, Cllr")
    [question] = letter.questions
    assert question.number is None
    assert question.text.endswith("traders suffered. She asked when it would reopen.")
    assert question.answer.startswith("In response Cllr B Other, Chair of the Highways Committee, stated")


def test_minutes_with_a_question_heading_and_a_response_label_or_the_answerers_line():
    headed = parse_letter(
        "Questions\nMinutes:\nThe following questions had been submitted :-\n"
        "Question 1- Bus Services – Submitted by Cllr Example\nWill the Leader restore the bus route?\n"
        "Response\nThe Leader responded that talks continue.\n"
    )
    assert (headed.kind, headed.title, headed.sender) == ("reply", "Bus Services", "Example, Cllr")
    assert [(q.number, q.text, q.answer) for q in headed.questions] == [
        ("1", "Will the Leader restore the bus route?", "The Leader responded that talks continue.")
    ]
    addressed = parse_letter(
        "Questions to Cabinet Members\n\nMinutes:\n\nName of Councillor asking Question\n\n"
        "Councillor Example to the Leader of the Council\n\nWill he publish the report?\n\n"
        "Councillor Other – (Leader of the Council).\n\nYes, next month.\n"
    )
    assert (addressed.kind, addressed.title, addressed.sender) == ("reply", "", "Example, Councillor")
    assert [(q.text, q.answer) for q in addressed.questions] == [
        ("Will he publish the report?", "Yes, next month.")
    ]
