"""The seed inquiry's whole journey in a real browser, and the unhappy paths users hit.

Elements are found by form actions, input names and roles (not by their English or German
labels), so the tests hold whichever language the pages are in. Every step is photographed
into test-artifacts/ by `shoot`.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from inquiries import roles
from inquiries.models import Department, Inquiry, Meeting, Question
from responses.models import Answer, Contribution, Reply
from tests.browser.conftest import sign_in
from tooling import demo as demo_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# rendering and signing a PDF takes a few seconds on a busy 2-core machine
SLOW_MS = 30_000
SUCCESS = ".messages .alert-success"


@pytest.fixture
def org(transactional_db):
    """The demo's municipality, people, departments, committees and meetings, and no inquiry."""
    roles.ensure_role_groups()
    organisation = demo_data.Demo(timezone.localdate())
    municipality = organisation.municipality()
    organisation.people()
    organisation.committees_and_meetings(municipality)
    return organisation


@pytest.fixture
def as_user(new_context, live_server):
    """as_user("finanzen") → a signed-in page in a browser context of its own."""

    def _as_user(username: str):
        page = new_context().new_page()
        sign_in(page, live_server, username)
        expect(page.locator("nav form[action$='/abmelden/']")).to_be_attached()
        return page

    return _as_user


def _label(question: Question) -> str:
    return f"{question.parent.number}{question.number}" if question.parent_id else question.number


def _transition(page, action: str) -> None:
    page.locator(f"button[formaction$='/antwort/status/'][name=action][value={action}]").click()
    expect(page.locator(SUCCESS).first).to_be_visible()


def _draft(page, url: str, question: Question, text: str) -> None:
    page.goto(f"{url}/fragen/{question.pk}/antwort/")
    page.locator("#answer-form textarea[name=text]").fill(text)
    page.locator("#answer-form [type=submit][name=save]").click()
    expect(page.locator(SUCCESS)).to_be_visible()


# --- The journey -----------------------------------------------------------------------------


def test_the_seed_inquiry_from_letter_to_validated_signed_pdf(org, as_user, live_server, shoot):
    url = live_server.url

    # 1. The chair imports the letter, reviews what was extracted, saves and submits.
    chair = as_user("vorsitz")
    chair.goto(f"{url}/anfragen/import/")
    shoot(chair, "chair-import")
    chair.locator("input[type=file][name=file]").set_input_files(demo_data.KIM_LETTER)
    chair.locator("form[action$='/anfragen/import/'] button[type=submit]").click()
    texts = chair.locator("textarea[name^='q-'][name$='-text']")
    expect(texts).to_have_count(11)  # 9 questions, 1 with sub-questions a and b
    numbers = [chair.locator(f"input[name='q-{i}-number']").input_value() for i in range(11)]
    assert numbers == ["1", "a", "b", "2", "3", "4", "5", "6", "7", "8", "9"]
    expect(chair.locator("select[name$='-level'] option[value='1']:checked")).to_have_count(2)
    expect(chair.locator("input[name=subject]")).to_have_value(
        re.compile("Kommunales Integrationsmanagement")
    )
    ia = org.committees["IA"]
    expect(chair.locator("select[name=committee]")).to_have_value(str(ia.pk))
    shoot(chair, "chair-review")
    chair.locator("button[name=action][value=preview]").click()
    submit = chair.locator("form[action$='/einreichen/'] button")
    expect(submit).to_be_visible()
    shoot(chair, "chair-preview")
    submit.click()
    expect(chair.locator(SUCCESS)).to_be_visible()
    inquiry = Inquiry.objects.get()
    assert inquiry.status == Inquiry.Status.SUBMITTED
    assert inquiry.committee == ia and inquiry.source_file
    assert inquiry.questions.count() == 11
    shoot(chair, "chair-submitted")

    # 2. The council office registers it: the deadline is the committee's next meeting.
    office = as_user("ratsbuero")
    office.goto(f"{url}/eingang/")
    shoot(office, "office-inbox")
    office.locator(f"a[href$='/anfragen/{inquiry.pk}/registrieren/']").click()
    next_meeting = (
        Meeting.objects.filter(committee=ia, starts_at__gt=timezone.now()).order_by("starts_at").first()
    )
    meeting_day = timezone.localdate(next_meeting.starts_at)
    expect(office.locator("#deadline-reason")).not_to_be_empty()
    expect(office.locator("input[name=due_on]")).to_have_value(meeting_day.isoformat())
    shoot(office, "office-register")
    office.locator("button[name=register]").click()
    expect(office.locator(SUCCESS)).to_be_visible()
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.REGISTERED
    assert inquiry.reference and inquiry.due_on == meeting_day and inquiry.deadline_reason

    # 3. … and assigns: 1 (with a, b) to FIN with INT participating, 2–8 to INT, 9 to ABH.
    office.locator(f"a[href$='/anfragen/{inquiry.pk}/zuweisen/']").click()
    departments = {d.code: d for d in Department.objects.all()}
    questions = list(inquiry.questions.select_related("parent").order_by("pk"))
    lead_of = {}
    for question in questions:
        top = question.parent.number if question.parent_id else question.number
        lead_of[question.pk] = {"1": "FIN", "9": "ABH"}.get(top, "INT")
        office.locator(f"select[name='q{question.pk}-lead_department']").select_option(
            str(departments[lead_of[question.pk]].pk)
        )
        if top == "1":
            office.locator(
                f"input[name='q{question.pk}-participating_departments'][value='{departments['INT'].pk}']"
            ).check()
    shoot(office, "office-assign")
    office.locator("button[name=assign_each]:not(.visually-hidden)").click()
    expect(office.locator(SUCCESS)).to_be_visible()
    shoot(office, "office-assigned")
    for question in questions:
        question.refresh_from_db()
        assert question.lead_department.code == lead_of[question.pk]
        assert question.due_on is not None
    first = next(q for q in questions if q.number == "1" and not q.parent_id)
    assert list(first.participating_departments.values_list("code", flat=True)) == ["INT"]

    # 4. Three departments draft their answers; INT contributes to 1, FIN merges it.
    answer_texts = {
        q.pk: f"Antwort zu Frage {_label(q)} ({lead_of[q.pk]}): fiktiver Text der Browserprobe."
        for q in questions
    }
    answer_texts[first.pk] = (
        "Die Stadt Bornheim hat folgende Mittel erhalten:\n\n- 2020: keine\n- 2021: 40.000 €\n- 2022: 55.000 €"
    )
    last = questions[-1]  # 9: a sent answer with a word the letter does not contain
    answer_texts[last.pk] = (
        f"Antwort zu Frage {_label(last)} ({lead_of[last.pk]}): Die Maßnahmen laufen seit 2023."
    )
    unsaved = next(q for q in questions if q.parent_id and q.number == "b")  # 1b, typed but never saved
    pages = {}
    for username, code in (("finanzen", "FIN"), ("integration", "INT"), ("auslaenderbehoerde", "ABH")):
        page = pages[code] = as_user(username)
        page.goto(f"{url}/unsere-fragen/")
        expect(page.locator(f"a[href$='/fragen/{questions[0].pk}/antwort/']")).to_have_count(
            1 if code in ("FIN", "INT") else 0
        )
        shoot(page, f"{username}-worklist")
        for question in questions:
            if lead_of[question.pk] == code and question.pk != unsaved.pk:
                _draft(page, url, question, answer_texts[question.pk])
        shoot(page, f"{username}-drafted")

    # Typed text, not saved, then "Zur Prüfung geben": the typed text is saved first and goes
    # to review (not the old version).
    finance_page = pages["FIN"]
    finance_page.goto(f"{url}/fragen/{unsaved.pk}/antwort/")
    finance_page.locator("#answer-form textarea[name=text]").fill(answer_texts[unsaved.pk])
    shoot(finance_page, "finanzen-typed-not-saved")
    _transition(finance_page, "submit")
    unsaved_answer = Answer.objects.get(question=unsaved)
    assert (unsaved_answer.text, unsaved_answer.status) == (answer_texts[unsaved.pk], Answer.Status.IN_REVIEW)

    integration = pages["INT"]
    integration.goto(f"{url}/fragen/{first.pk}/antwort/")
    contribution_text = "Ergänzung INT: 2022 wurden zwei Stellen im Case Management besetzt."
    integration.locator("#contribution-form textarea[name=text]").fill(contribution_text)
    integration.locator("#contribution-form [type=submit][name=contribute]").click()
    expect(integration.locator(SUCCESS)).to_be_visible()
    shoot(integration, "integration-contributed")
    contribution = Contribution.objects.get(question=first)
    assert contribution.department.code == "INT" and not contribution.is_merged

    # FIN types a line without saving and merges INT's contribution: both are in the draft
    finance = pages["FIN"]
    finance.goto(f"{url}/fragen/{first.pk}/antwort/")
    typed = answer_texts[first.pk] + "\n\nNachtrag FIN, nicht gespeichert."
    finance.locator("#answer-form textarea[name=text]").fill(typed)
    finance.locator(f"button[formaction$='/beitraege/{contribution.pk}/uebernehmen/']").click()
    expect(finance.locator(SUCCESS).first).to_be_visible()
    expect(finance.locator("#answer-form textarea[name=text]")).to_have_value(re.compile("zwei Stellen"))
    shoot(finance, "finanzen-merged")
    contribution.refresh_from_db()
    assert contribution.is_merged
    merged = Answer.objects.get(question=first).text
    assert "Nachtrag FIN, nicht gespeichert." in merged and "zwei Stellen" in merged
    assert "Ergänzung INT" not in merged  # the internal label stays behind

    for code, page in pages.items():
        for question in questions:
            if lead_of[question.pk] == code and question.pk != unsaved.pk:
                page.goto(f"{url}/fragen/{question.pk}/antwort/")
                _transition(page, "submit")
    assert set(Answer.objects.values_list("status", flat=True)) == {Answer.Status.IN_REVIEW}

    # 5. Approval: the head of INT approves INT's answers, the council office the rest.
    # Question 1 ("In welcher Höhe …?") has text of its own: until its own answer is approved,
    # the reply is not complete, whatever the answers to 1a and 1b say.
    head = as_user("integration-leitung")
    for question in [q for q in questions if q.pk != first.pk] + [first]:
        if question.pk == first.pk:
            office.goto(f"{url}{inquiry.get_absolute_url()}")
            expect(office.locator("main")).to_contain_text("10 / 11")
            office.locator(f"a[href$='/anfragen/{inquiry.pk}/beantwortung/']").click()
            office.locator(f"form[action$='/anfragen/{inquiry.pk}/beantwortung/'] button").click()  # start it
            expect(office.locator("button[formaction$='/fertig/'], form[action$='/fertig/']")).to_have_count(
                0
            )
            expect(office.locator("main")).to_contain_text("Antwort steht noch aus.")
            expect(office.locator(f"main a[href$='/fragen/{first.pk}/antwort/']")).to_be_visible()
            shoot(office, "office-reply-incomplete")
            assert not Reply.objects.filter(inquiry=inquiry).exclude(status=Reply.Status.DRAFT).exists()
        approver = head if lead_of[question.pk] == "INT" else office
        approver.goto(f"{url}/fragen/{question.pk}/antwort/")
        _transition(approver, "approve")
    shoot(head, "head-approved")
    shoot(office, "office-approved")
    approved = Answer.objects.filter(status=Answer.Status.APPROVED).select_related("approver")
    assert approved.count() == 11
    assert {a.approver.username for a in approved} == {"integration-leitung", "ratsbuero"}

    # 6. The council office composes the reply and marks it ready to sign.
    office.goto(f"{url}{inquiry.get_absolute_url()}")
    office.locator(f"a[href$='/anfragen/{inquiry.pk}/beantwortung/']").click()
    mark_ready = office.locator("button[formaction$='/fertig/']")
    expect(mark_ready).to_be_visible()
    expect(office.locator("main")).to_contain_text("zwei Stellen")
    shoot(office, "office-reply")
    mark_ready.click()
    expect(office.locator(SUCCESS)).to_be_visible()
    compose_url = office.url
    reply = Reply.objects.get(inquiry=inquiry)
    assert reply.status == Reply.Status.READY

    # 7. The mayor signs.
    mayor = as_user("buergermeister")
    mayor.goto(compose_url)
    shoot(mayor, "mayor-ready")
    mayor.locator("form[action$='/unterschreiben/'] button").click()
    mayor.locator("form[data-signing-form] button[type=submit]").click()  # "Sign now", after the question
    expect(mayor.locator(SUCCESS)).to_be_visible(timeout=SLOW_MS)
    shoot(mayor, "mayor-signed")
    reply.refresh_from_db()
    assert (
        reply.status == Reply.Status.SIGNED
        and reply.signed_pdf
        and reply.signed_by.username == "buergermeister"
    )

    # 8. The council office sends it.
    office.goto(compose_url)
    office.locator("form[action$='/senden/'] button").click()
    expect(office.locator(SUCCESS)).to_be_visible()
    shoot(office, "office-sent")
    reply.refresh_from_db()
    inquiry.refresh_from_db()
    assert reply.status == Reply.Status.SENT
    assert inquiry.status == Inquiry.Status.ANSWERED

    # 9. A council member finds it, reads the answers, downloads the PDF; its signature holds.
    member = as_user("ratsmitglied")
    # German words in any spelling: "Maßnahmen" from the sent answer to 9, "Ausländerbehörde"
    # from the letter, "regelmäßige" from question 7
    for words, marked in (
        ("Maßnahmen", "Maßnahmen"),
        ("MASSNAHMEN", "Maßnahmen"),
        ("Auslaenderbehoerde", "Ausländerbehörde"),
        ("regelmässige Beteiligung", "regelmäßige"),
    ):
        member.goto(f"{url}/suche/?{urlencode({'q': words})}")
        results = member.locator("#search-results")
        expect(results.get_by_role("link", name=re.compile("Integrationsmanagement"))).to_have_count(1)
        expect(results.locator("mark", has_text=marked).first).to_be_visible()
    shoot(member, "member-search-german")
    member.goto(f"{url}/suche/")
    member.locator("main input[name=q]").fill("Integrationsmanagement Fördermittel")
    member.locator("main input[name=q]").press("Enter")
    hit = member.locator("#search-results").get_by_role("link", name=re.compile("Integrationsmanagement"))
    expect(hit).to_have_count(1)
    shoot(member, "member-search")
    hit.click()
    expect(member.locator("h1")).to_contain_text("Kommunales Integrationsmanagement")
    published = member.locator(".answer .answer-text")
    expect(published).to_have_count(11)
    expect(published.first).to_contain_text("40.000 €")
    expect(member.locator("main")).to_contain_text("zwei Stellen im Case Management")
    expect(member.locator("main")).to_contain_text(answer_texts[questions[-1].pk])
    shoot(member, "member-reads")
    with member.expect_download() as download_info:
        member.locator(f"a[href$='/beantwortungen/{reply.pk}/signiert.pdf']").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    pdf = Path(download.path()).read_bytes()
    assert pdf == reply.signed_pdf.open("rb").read()

    from responses.signing.verdict import validate_signed_pdf

    report = validate_signed_pdf(pdf)
    # the demo installation signs with its demo certificate: intact and unchanged, never "trusted"
    assert report.has_signature and report.valid and report.unchanged and report.verdict == "demo", report


def test_the_office_marks_the_parent_question_answered_by_its_sub_questions(org, as_user, live_server, shoot):
    """The other way to complete the seed inquiry: question 1 gets no answer of its own; the
    council office marks it as answered by 1a and 1b, and the letter says so under it."""
    url = live_server.url
    inquiry = org.kim()
    org.assign(inquiry, {str(n): ("FIN" if n == 1 else "INT", []) for n in range(1, 10)})
    first = inquiry.questions.get(number="1", parent=None)
    for question in inquiry.questions.select_related("parent").exclude(pk=first.pk):
        lead = "finanzen" if _label(question).startswith("1") else "integration"
        org.answer(
            inquiry,
            _label(question),
            f"Antwort zu {_label(question)}.",
            by=lead,
            action="approve",
            approver="ratsbuero",
        )

    office = as_user("ratsbuero")
    office.goto(f"{url}/anfragen/{inquiry.pk}/beantwortung/")
    office.locator(f"form[action$='/anfragen/{inquiry.pk}/beantwortung/'] button").click()  # start it
    expect(office.locator("button[formaction$='/fertig/']")).to_have_count(0)
    office.goto(f"{url}/fragen/{first.pk}/antwort/")
    office.locator("button[formaction$='/durch-unterfragen/'][value='1']").click()
    expect(office.locator(SUCCESS)).to_be_visible()
    shoot(office, "office-marked")
    first.refresh_from_db()
    assert first.is_answered_by_sub_questions

    office.goto(f"{url}/anfragen/{inquiry.pk}/beantwortung/")
    expect(office.locator("main")).to_contain_text("Siehe die Antworten zu den Unterfragen a und b.")
    office.locator("button[formaction$='/fertig/']").click()
    expect(office.locator(SUCCESS)).to_be_visible()
    shoot(office, "office-ready")
    assert Reply.objects.get(inquiry=inquiry).status == Reply.Status.READY


# --- Unhappy paths ---------------------------------------------------------------------------


def _small_inquiry(org, lead: str = "FIN") -> Inquiry:
    inquiry = org.simple_inquiry(
        subject="Radwege an Schulen (Browserprobe)",
        committee="HFA",
        questions=["Wie viele Schulen haben einen sicheren Radweg?"],
        received_days_ago=2,
        deadline_text="innerhalb von vier Wochen",
    )
    org.assign(inquiry, {"1": (lead, [])})
    return inquiry


def test_staff_of_another_department_gets_a_403_page_not_a_stack_trace(org, as_user, live_server, shoot):
    question = _small_inquiry(org, lead="FIN").questions.get()
    youth = as_user("jugendamt")
    response = youth.goto(f"{live_server.url}/fragen/{question.pk}/antwort/")
    shoot(youth, "403")
    assert response.status == 403
    # the app's own page, with its navigation and a way back, says what happened
    expect(youth.locator("main h1")).to_be_visible()
    expect(youth.locator("main")).to_contain_text("403")
    expect(youth.locator("nav form[action$='/abmelden/']")).to_be_attached()
    expect(youth.locator("main a[href='/']")).to_be_visible()
    expect(youth.locator("body")).not_to_contain_text(re.compile('Traceback|Exception|File "'))
    expect(youth.locator("#answer-form")).to_have_count(0)
    assert not Answer.objects.filter(question=question).exclude(text="").exists()


def test_concurrent_edits_show_the_conflict_with_both_texts(org, as_user, live_server, shoot):
    question = _small_inquiry(org, lead="INT").questions.get()
    editor_url = f"{live_server.url}/fragen/{question.pk}/antwort/"
    mine, theirs = as_user("integration"), as_user("integration-leitung")
    for page in (mine, theirs):
        page.goto(editor_url)
    mine.locator("#answer-form textarea[name=text]").fill("Erste Fassung: 12 Schulen.")
    theirs.locator("#answer-form textarea[name=text]").fill("Zweite Fassung: 14 Schulen.")

    mine.locator("#answer-form [type=submit][name=save]").click()
    expect(mine.locator(SUCCESS)).to_be_visible()
    with theirs.expect_response(lambda r: r.request.method == "POST") as posted:
        theirs.locator("#answer-form [type=submit][name=save]").click()
    assert posted.value.status == 409
    expect(theirs.locator("#conflict-heading")).to_be_visible()
    expect(theirs.locator("textarea#theirs")).to_have_value("Erste Fassung: 12 Schulen.")
    expect(theirs.locator("#answer-form textarea[name=text]")).to_have_value("Zweite Fassung: 14 Schulen.")
    shoot(theirs, "conflict")
    answer = Answer.objects.get(question=question)
    assert answer.text == "Erste Fassung: 12 Schulen."
    saved_version = answer.version

    # saving again after seeing both texts is a deliberate decision, and it works
    theirs.locator("#answer-form [type=submit][name=save]").click()
    expect(theirs.locator(SUCCESS)).to_be_visible()
    answer.refresh_from_db()
    assert answer.text == "Zweite Fassung: 14 Schulen." and answer.version == saved_version + 1


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("anfrage.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(range(256)) * 64),
        ("anfrage.txt", b""),
    ],
    ids=["exe-renamed-pdf", "empty-file"],
)
def test_a_bad_upload_gets_a_clear_error_and_creates_nothing(org, as_user, live_server, shoot, name, content):
    chair = as_user("vorsitz")
    chair.goto(f"{live_server.url}/anfragen/import/")
    chair.locator("input[type=file][name=file]").set_input_files(
        files=[{"name": name, "mimeType": "application/pdf", "buffer": content}]
    )
    with chair.expect_response(lambda r: r.request.method == "POST") as posted:
        chair.locator("form[action$='/anfragen/import/'] button[type=submit]").click()
    assert posted.value.status == 400
    error = chair.locator("main .alert-danger, main .invalid-feedback").first
    expect(error).to_be_visible()
    expect(error).not_to_be_empty()
    expect(chair.locator("textarea[name^='q-']")).to_have_count(0)
    shoot(chair, "bad-upload")
    assert not Inquiry.objects.exists()
    stored = Path(settings.MEDIA_ROOT)
    assert not stored.exists() or not [p for p in stored.rglob("*") if p.is_file()]


def test_signing_twice_gives_the_already_signed_message_and_one_pdf(org, as_user, live_server, shoot):
    inquiry = demo_data.answer_completely(org)  # every answer approved, reply ready to sign
    reply = Reply.objects.get(inquiry=inquiry)
    mayor = as_user("buergermeister")
    second = mayor.context.new_page()  # a second tab, opened before the first click
    for page in (mayor, second):
        page.goto(f"{live_server.url}/beantwortungen/{reply.pk}/")
        expect(page.locator("form[action$='/unterschreiben/'] button")).to_be_visible()

    mayor.locator("form[action$='/unterschreiben/'] button").click()
    mayor.locator("form[data-signing-form] button[type=submit]").click()  # "Sign now", after the question
    expect(mayor.locator(SUCCESS)).to_be_visible(timeout=SLOW_MS)
    second.locator("form[action$='/unterschreiben/'] button").click()  # signed already: no question
    notice = second.locator(".messages .alert-info")
    expect(notice).to_be_visible()
    signed_at = timezone.localtime(Reply.objects.get(pk=reply.pk).signed_at)
    expect(notice).to_contain_text(signed_at.strftime("%d.%m.%Y %H:%M"))
    expect(second.locator(".messages .alert-danger")).to_have_count(0)
    shoot(second, "already-signed")

    reply.refresh_from_db()
    assert reply.status == Reply.Status.SIGNED
    assert Reply.objects.exclude(signed_pdf="").count() == 1
    pdfs = [p for p in Path(settings.MEDIA_ROOT).rglob("*.pdf") if p.is_file()]
    assert len(pdfs) == 1, pdfs
    assert reply.signed_at > timezone.now() - timedelta(minutes=5)
