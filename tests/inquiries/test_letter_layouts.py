"""The reader's mechanisms for layouts found in real letters (each also has real letters in the
corpus): written questions of parliaments, dates with slashes, counted lists run into one line,
requests inside a sentence, one question per line, answers after numbered questions."""

from inquiries.deadlines.dates import iso_date
from inquiries.letters import parse_letter
from inquiries.letters.text import unflatten


def test_a_written_question_record_gives_asker_topic_date_question_and_answer():
    letter = parse_letter(
        "Q\nAsked by Ann Example\n(Exampleton)\nAsked on: 11 April 2019\nDepartment for Transport\n"
        "Railways: Exampleton\nCommons\nTo ask the Secretary of State for Transport, when the station will reopen.\n"
        "A\nAnswered by: Bob Minister\nAnswered on: 25 April 2019\n\nThe station reopens in May.\n\nWork is on time.\n"
    )
    assert letter.kind == "reply"
    assert (letter.title, letter.sender, letter.date) == (
        "Railways: Exampleton",
        "Ann Example, Exampleton",
        "2019-04-11",
    )
    assert [q.text for q in letter.questions] == [
        "To ask the Secretary of State for Transport, when the station will reopen."
    ]
    assert letter.questions[0].answer == "The station reopens in May.\n\nWork is on time."


def test_a_written_question_awaiting_its_answer_is_an_inquiry_and_its_status_is_no_answer():
    letter = parse_letter(
        "- Asked by: Ann Example, MSP for Exampleshire, Example Party\n-\nDate lodged: Tuesday, 02 December 2025\n"
        "-\nCurrent Status:\nAnswer expected on 16 December 2025\n"
        "To ask the Scottish Government when the harbour will reopen.\nAnswer\nAnswer expected on 16 December 2025\n"
    )
    assert (letter.kind, letter.title, letter.date) == ("anfrage", "", "2025-12-02")
    assert letter.sender == "Ann Example, MSP for Exampleshire, Example Party"
    [question] = letter.questions
    assert (question.text, question.answer) == (
        "To ask the Scottish Government when the harbour will reopen.",
        "",
    )


def test_a_page_of_questions_tabled_on_one_day_gives_date_and_due_date_and_an_unlabelled_answer():
    letter = parse_letter(
        "Written Questions tabled on 03/05/2024 for answer on 10/05/2024\n"
        "Written Questions must be tabled at least five working days before they are to be answered.\n"
        "First Minister\nWill the First Minister say how many offices there are?\n"
        "There are 12 offices.\nThey cost £1m a year.\n"
    )
    assert (letter.kind, letter.title, letter.sender, letter.date) == ("reply", "", "", "2024-05-03")
    assert letter.deadline_text == "for answer on 10/05/2024"
    [question] = letter.questions
    assert question.text == "Will the First Minister say how many offices there are?"
    assert " ".join(question.answer.split()) == "There are 12 offices. They cost £1m a year."


def test_a_welsh_question_drops_asker_and_speaker_labels():
    letter = parse_letter(
        "To ask the First Minister\n\nAnn Example (Exampleton): Will the First Minister publish the plan? (WAQ12345)\n\n"
        "Answer received on 2 May 2024\n\nThe First Minister: The plan will be published in June.\n"
    )
    assert letter.kind == "reply"
    assert letter.sender == "Ann Example, Exampleton"
    assert letter.questions[0].text == "Will the First Minister publish the plan? (WAQ12345)"
    assert letter.questions[0].answer == "The plan will be published in June."


def test_slash_dates_are_day_first_unless_the_second_number_is_the_day():
    assert iso_date("Tabled on 12/01/2024") == "2024-01-12"
    assert iso_date("Anfrage vom 04/29/2008") == "2008-04-29"
    assert iso_date("vom 8.Juni 2012") == "2012-06-08"


def test_a_counted_list_after_a_comma_is_split_into_its_items():
    line = (
        "Der Magistrat wird gebeten, zu prüfen und zu berichten, 1. wieso er so lange braucht; "
        "2. ob ihm der Standort bekannt war; 3. wenn nein, warum nicht; 4. wie er dies bewertet."
    )
    assert unflatten([line]) == [
        "Der Magistrat wird gebeten, zu prüfen und zu berichten,",
        "1. wieso er so lange braucht;",
        "2. ob ihm der Standort bekannt war;",
        "3. wenn nein, warum nicht;",
        "4. wie er dies bewertet.",
    ]


def test_a_request_inside_a_sentence_is_the_question():
    letter = parse_letter(
        "ANFRAGE\n\nRadweg am Markt\n\nDer Radweg endet am Markt.\n\n"
        "Wir bitten Sie deshalb uns mitzuteilen, ob der Verwaltung dieses Problem bekannt ist!\n"
    )
    assert [q.text for q in letter.questions] == [
        "Wir bitten Sie deshalb uns mitzuteilen, ob der Verwaltung dieses Problem bekannt ist!"
    ]


def test_questions_after_an_intro_inside_a_paragraph_leave_an_earlier_rhetorical_question_out():
    letter = parse_letter(
        "ANFRAGE\n\nBaulärm am Park\n\nDie Anwohner fragen sich: Wann ist endlich Ruhe?\n\n"
        "Laut Unterlagen war dort ein Park genehmigt.\nDeshalb bitte ich um eine Antwort:\n"
        "Wird dort etwas Neues gebaut?\nbzw. was darf dort gebaut werden?\nWas passiert dort?\n"
    )
    assert [q.text for q in letter.questions] == [
        "Wird dort etwas Neues gebaut? bzw. was darf dort gebaut werden?",
        "Was passiert dort?",
    ]


def test_in_a_reply_the_lines_after_a_numbered_question_are_its_answer():
    letter = parse_letter(
        "STELLUNGNAHME zur Anfrage\n\nSchulwege\n\n1. Wer koordiniert die Angebote?\n"
        "Die Schulleitungen koordinieren sie.\n\n2. Gibt es eine Übersicht über\na) das Gesamtangebot?\nJa.\n\n"
        "b) das Angebot an den Schulen?\nNein.\n"
    )
    first, second = letter.questions
    assert (first.text, first.answer) == (
        "Wer koordiniert die Angebote?",
        "Die Schulleitungen koordinieren sie.",
    )
    assert [(s.number, s.text, s.answer) for s in second.sub_questions] == [
        ("a", "das Gesamtangebot?", "Ja."),
        ("b", "das Angebot an den Schulen?", "Nein."),
    ]


def test_a_label_for_two_questions_repeats_both_and_they_share_the_answer():
    letter = parse_letter(
        "STELLUNGNAHME zur Anfrage\n\nStädtetag\n\nZu 1.: Teilt die Stadt die Auffassung?\n\nJa.\n\n"
        "Zu 2. und 3.: Unterstützt die Stadt die Forderung?\nLegt sie eine Resolution vor?\n\nNein, das ist nicht nötig.\n"
    )
    assert [(q.number, q.text, q.answer) for q in letter.questions] == [
        ("1", "Teilt die Stadt die Auffassung?", "Ja."),
        ("2", "Unterstützt die Stadt die Forderung?", "Nein, das ist nicht nötig."),
        ("3", "Legt sie eine Resolution vor?", "Nein, das ist nicht nötig."),
    ]


def test_a_rule_quoted_in_the_letter_is_not_its_deadline():
    letter = parse_letter(
        "Anfrage\n\nFristen\n\nLaut Geschäftsordnung ist innerhalb der Dreiwochenfrist eine Zwischennachricht "
        "zu erteilen, wenn die Beantwortung länger dauert.\n\n1. Wo bleibt die Antwort?\n"
    )
    assert letter.deadline_text == ""


def test_council_questions_without_notice_with_the_answers_received_below_each_question():
    letter = parse_letter(
        "Questions in May\n\n"
        "These are the questions without notice I asked at the May council meeting, and the answers received.\n\n"
        "Mr Mayor, I read that the pool will close. When will it reopen?\n"
        "The mayor said it would reopen in June.\n\n"
        "Mr Mayor, why was the bridge not on the agenda?\n"
        "The mayor said it would be on the next agenda.\n"
    )
    assert letter.kind == "reply"
    assert [(q.text, q.answer) for q in letter.questions] == [
        (
            "Mr Mayor, I read that the pool will close. When will it reopen?",
            "The mayor said it would reopen in June.",
        ),
        ("Mr Mayor, why was the bridge not on the agenda?", "The mayor said it would be on the next agenda."),
    ]


def test_the_same_questions_without_answers_received_are_an_inquiry_and_a_statement_before_the_first_stays_out():
    letter = parse_letter(
        "Questions in May\n\nThese are the questions I will ask at the May council meeting.\n\n"
        "The pool will close. When will it reopen?\n\nWhy was the bridge not on the agenda?\n"
    )
    assert letter.kind == "anfrage"
    assert [q.text for q in letter.questions] == [
        "When will it reopen?",
        "Why was the bridge not on the agenda?",
    ]
    assert all(q.answer in ("", None) for q in letter.questions)
