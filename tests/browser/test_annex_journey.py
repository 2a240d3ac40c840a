"""An annex in a real browser, from a draft answer to the signed PDF: the department uploads it
in the answer editor; council members and the public neither see nor download it while the
answer is a draft (nor while the reply is unsent); the head approves, the council office
composes the reply (the letter lists it under "Anlagen"), the mayor signs (confirmation, the
button disabled and the progress announced while the PDF is made, the done message), the office
sends. Then the member downloads the annex, and the signed PDF carries it as an embedded
associated file, is tagged, and its signature validates with a second implementation (pdfsig)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from django.conf import settings
from playwright.sync_api import expect

from inquiries.models import Inquiry
from responses import signing
from responses.models import Annex, Reply
from responses.signing.credentials import DEMO_ROOT_NAME
from tests.browser.test_journey import SLOW_MS, SUCCESS, _transition
from tests.responses.test_second_validator import _nss_db, _pdfsig

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANNEX_TITLE = "Zusammensetzung der Lenkungsgruppe (Browserprobe)"


def _annex_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(
        string="<html lang='de'><title>Lenkungsgruppe</title><h1>Lenkungsgruppe</h1>"
        "<p>Bürgermeister, Integrationsbeauftragte, Jobcenter (fiktiv).</p></html>"
    ).write_pdf()


def _public_inquiry(org) -> Inquiry:
    inquiry = org.simple_inquiry(
        subject="Lenkungsgruppe des Integrationsmanagements (Browserprobe)",
        committee="IA",
        questions=["Mit welchen Akteuren ist die Lenkungsgruppe besetzt?"],
        received_days_ago=3,
        deadline_text="innerhalb von vier Wochen",
        is_public=True,
    )
    org.assign(inquiry, {"1": ("INT", [])})
    return inquiry


def _assert_hidden(page, base: str, inquiry: Inquiry, download_url: str) -> None:
    """Neither listed on the inquiry's page nor downloadable (404, as if it did not exist)."""
    page.goto(base + inquiry.get_absolute_url())
    expect(page.locator("h1")).to_contain_text("Lenkungsgruppe")
    expect(page.locator(f"a[href$='{download_url}']")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text(ANNEX_TITLE)
    assert page.request.get(base + download_url).status == 404


def test_an_annex_travels_from_a_draft_answer_to_the_signed_pdf(
    org, as_user, new_context, live_server, shoot, tmp_path
):
    url = live_server.url
    inquiry = _public_inquiry(org)
    question = inquiry.questions.get()
    annex_bytes = _annex_pdf()

    # 1. The integration office drafts the answer and attaches the list through the page.
    staff = as_user("integration")
    staff.goto(f"{url}/fragen/{question.pk}/antwort/")
    staff.locator("#answer-form textarea[name=text]").fill(
        "Die Lenkungsgruppe ist wie in der Anlage aufgeführt besetzt. (Browserprobe.)"
    )
    staff.locator("#answer-form [type=submit][name=save]").click()
    expect(staff.locator(SUCCESS)).to_be_visible()
    upload = staff.locator("form[action$='/anlagen/']")
    upload.locator("input[name='annex-title']").fill(ANNEX_TITLE)
    upload.locator("input[type=file][name='annex-file']").set_input_files(
        files=[{"name": "Lenkungsgruppe.pdf", "mimeType": "application/pdf", "buffer": annex_bytes}]
    )
    upload.locator("button[type=submit]").click()
    expect(staff.locator(SUCCESS)).to_be_visible()
    annex = Annex.objects.get()
    download_url = f"/anlagen/{annex.pk}/"
    listed = staff.locator(f"#annexes-heading ~ ol a[href$='{download_url}']")
    expect(listed).to_have_text(ANNEX_TITLE)
    assert annex.answer.question == question and annex.file_name == "Lenkungsgruppe.pdf"
    assert annex.file.read() == annex_bytes
    shoot(staff, "staff-attached")

    # 2. A draft answer's annex never reaches a council member or the public.
    member = as_user("ratsmitglied")
    public = new_context().new_page()
    public.goto(url + "/")
    for reader in (member, public):
        _assert_hidden(reader, url, inquiry, download_url)
    shoot(member, "member-draft-hidden")

    # 3. The answer goes to review; the head of the department approves it.
    _transition(staff, "submit")
    head = as_user("integration-leitung")
    head.goto(f"{url}/fragen/{question.pk}/antwort/")
    expect(head.locator(f"a[href$='{download_url}']")).to_have_text(ANNEX_TITLE)
    _transition(head, "approve")
    shoot(head, "head-approved")
    _assert_hidden(member, url, inquiry, download_url)  # approved, but no reply sent yet

    # 4. The council office composes the reply: the letter lists the annex under "Anlagen".
    office = as_user("ratsbuero")
    office.goto(f"{url}/anfragen/{inquiry.pk}/beantwortung/")
    office.locator(f"form[action$='/anfragen/{inquiry.pk}/beantwortung/'] button").click()  # start it
    annexes = office.locator("h3", has_text="Anlagen")
    expect(annexes).to_be_visible()
    expect(annexes.locator("xpath=following-sibling::ol[1]")).to_contain_text(ANNEX_TITLE)
    shoot(office, "office-compose")
    office.locator("button[formaction$='/fertig/']").click()
    expect(office.locator(SUCCESS)).to_be_visible()
    compose_url = office.url
    reply = Reply.objects.get(inquiry=inquiry)
    assert reply.status == Reply.Status.READY

    # 5. The mayor signs: the confirmation first, then progress while the PDF is made.
    mayor = as_user("buergermeister")
    mayor.goto(compose_url)
    mayor.locator("form[action$='/unterschreiben/'] button").click()
    confirm = mayor.locator("form[data-signing-form]")
    expect(mayor.locator("h1")).to_contain_text("signieren")
    expect(mayor.locator("main")).to_contain_text("Christoph Becker")
    shoot(mayor, "mayor-confirm")
    # The page's own script runs as in use; only the form's navigation is deferred (a listener
    # after it cancels the submission), so that the page can be looked at while it "signs".
    mayor.evaluate(
        """() => window.addEventListener("submit", (event) => {
            window.__signingSubmissions = (window.__signingSubmissions || 0) + 1;
            event.preventDefault();
        })"""
    )
    button = confirm.locator("button[type=submit]")
    button.click()
    expect(button).to_be_disabled()
    expect(confirm).to_have_attribute("aria-busy", "true")
    status = confirm.locator("[role=status]")
    expect(status).to_contain_text("wird erzeugt und signiert")
    expect(status.locator(".spinner-border")).to_be_visible()
    shoot(mayor, "mayor-signing")
    button.dispatch_event("click")  # a second click while it signs sends nothing
    assert mayor.evaluate("window.__signingSubmissions") == 1
    assert Reply.objects.get(pk=reply.pk).status == Reply.Status.READY  # nothing signed yet
    mayor.evaluate("document.querySelector('form[data-signing-form]').submit()")  # the deferred request
    done = mayor.locator(SUCCESS)
    expect(done).to_be_visible(timeout=SLOW_MS)
    expect(done).to_contain_text("Nächster Schritt")
    shoot(mayor, "mayor-signed")
    reply.refresh_from_db()
    assert reply.status == Reply.Status.SIGNED
    _assert_hidden(member, url, inquiry, download_url)  # signed, not sent

    # 6. The council office sends it.
    office.goto(compose_url)
    office.locator("form[action$='/senden/'] button").click()
    expect(office.locator(SUCCESS)).to_be_visible()
    reply.refresh_from_db()
    assert reply.status == Reply.Status.SENT

    # 7. Now the member sees the annex with the reply and downloads it and the signed PDF.
    member.goto(url + inquiry.get_absolute_url())
    link = member.locator(f"a[href$='{download_url}']")
    expect(link).to_have_text(ANNEX_TITLE)
    shoot(member, "member-sent")
    with member.expect_download() as download_info:
        link.click()
    assert Path(download_info.value.path()).read_bytes() == annex_bytes
    with member.expect_download() as download_info:
        member.locator(f"a[href$='/beantwortungen/{reply.pk}/signiert.pdf']").first.click()
    signed = Path(download_info.value.path()).read_bytes()
    assert public.request.get(url + download_url).body() == annex_bytes  # a public inquiry

    # the signed PDF carries the annex as an associated file (PDF/A-3), byte for byte
    reader = pypdf.PdfReader(io.BytesIO(signed))
    assert reader.attachments["Anlage-1-Lenkungsgruppe.pdf"] == [annex_bytes]
    relationships = {
        str(spec.get_object()["/F"]): str(spec.get_object()["/AFRelationship"])
        for spec in reader.trailer["/Root"]["/AF"]
    }
    assert relationships["Anlage-1-Lenkungsgruppe.pdf"] == "/Supplement"
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Anlagen" in text and ANNEX_TITLE in _collapse(text)
    report = signing.validate_signed_pdf(signed)
    assert report.valid and report.unchanged, report

    path = tmp_path / "beantwortung.pdf"
    path.write_bytes(signed)
    if not (shutil.which("pdfinfo") and shutil.which("pdfsig") and shutil.which("certutil")):
        pytest.skip("poppler-utils / libnss3-tools missing: run bin/ensure-pdf-tools")
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), info
    root_pem = (Path(settings.SIGNING_DEMO_DIR) / DEMO_ROOT_NAME).read_bytes()
    output = _pdfsig(_nss_db(tmp_path, root_pem), path)
    assert "Signature Validation: Signature is Valid." in output, output
    assert "Total document signed" in output, output


def _collapse(text: str) -> str:
    return " ".join(text.split())
