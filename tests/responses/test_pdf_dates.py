"""Every date in a signed reply says the right moment: in UTC, or local time with its offset.
A naive local time labelled "Z" is an hour off in winter and two in summer."""

import io
import re
from datetime import UTC, datetime, timedelta, timezone

import pypdf
import pytest
from django.utils import timezone as django_timezone

from responses.document import example_document
from responses.pdf import render_reply_pdf
from responses.signing import credentials as signing_credentials
from responses.signing.signature import sign_pdf
from tests.conftest import BERLIN

PDF_DATE = re.compile(r"D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|[+-]\d{2}'?\d{2}'?)?")


def _pdf_date(value: str) -> datetime:
    match = PDF_DATE.match(str(value))
    assert match, value
    *parts, zone = match.groups()
    moment = datetime(*map(int, parts))
    if zone is None:
        pytest.fail(f"{value}: a date without a time zone")
    if zone == "Z":
        return moment.replace(tzinfo=UTC)
    sign = 1 if zone[0] == "+" else -1
    hours, minutes = int(zone[1:3]), int(zone.replace("'", "")[3:5] or 0)
    return moment.replace(tzinfo=timezone(sign * timedelta(hours=hours, minutes=minutes)))


def _all_dates(data: bytes) -> dict[str, datetime]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    dates = {}
    info = reader.trailer["/Info"].get_object()
    for key in ("/CreationDate", "/ModDate"):
        if key in info:
            dates[f"info {key}"] = _pdf_date(info[key])
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    for name, value in re.findall(r'xmp:(\w+Date)(?:="|>)([^"<]+)', xmp):
        dates[f"XMP {name}"] = datetime.fromisoformat(value)
    names = reader.trailer["/Root"]["/Names"]["/EmbeddedFiles"]["/Names"]
    params = names[1].get_object()["/EF"]["/F"].get_object()["/Params"]
    for key in ("/CreationDate", "/ModDate"):
        dates[f"reply.json {key}"] = _pdf_date(params[key])
    for field in reader.trailer["/Root"].get("/AcroForm", {}).get("/Fields", []):
        value = field.get_object().get("/V")
        if value is not None:
            dates["signature /M"] = _pdf_date(value.get_object()["/M"])
    return dates


@pytest.mark.parametrize("day", ["2026-01-15", "2026-07-15"], ids=["winter", "summer"])
def test_every_date_in_a_signed_reply_is_the_moment_it_was_made(settings, tmp_path, day):
    from tests.conftest import travel_to

    settings.SIGNING_DEMO_DIR = tmp_path / "signing"
    settings.REPLY_SIGNING_PKCS12 = ""
    signing_credentials._credentials_cache.clear()
    with travel_to(datetime.fromisoformat(day).date()):  # 10:00 in Berlin
        credentials = signing_credentials.load_credentials()
        data = sign_pdf(
            render_reply_pdf(example_document(demo_certificate=True)),
            credentials=credentials,
            signer_name="Christoph Becker",
            reason="Beantwortung",
            location="Bornheim",
        )
        now = django_timezone.now()
    signing_credentials._credentials_cache.clear()

    dates = _all_dates(data)
    assert {"reply.json /CreationDate", "reply.json /ModDate", "signature /M", "info /CreationDate"} <= set(
        dates
    )
    wrong = {
        name: value.astimezone(BERLIN)
        for name, value in dates.items()
        if abs(value - now) > timedelta(minutes=2)
    }
    assert wrong == {}, f"made at {now.astimezone(BERLIN)}"
