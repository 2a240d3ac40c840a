"""The web process renders and signs a sample reply at start, so that the first reply a user
signs does not pay the font and signing set-up (speed figures: `manage.py bench_reply_pdf`)."""

import pytest

from responses import pdf
from responses.signing import credentials as signing_credentials
from responses.signing import signature, start_up
from responses.signing.verdict import validate_signed_pdf


@pytest.fixture(autouse=True)
def demo_dir(settings, tmp_path):
    settings.SIGNING_DEMO_DIR = tmp_path / "signing"
    settings.REPLY_SIGNING_PKCS12 = ""
    signing_credentials._credentials_cache.clear()
    yield
    signing_credentials._credentials_cache.clear()


def test_warm_up_renders_and_signs_the_sample_reply(monkeypatch):
    signed = []
    original = signature.sign_pdf
    monkeypatch.setattr(signature, "sign_pdf", lambda data, **kwargs: signed.append(original(data, **kwargs)))
    assert start_up.warm_up() > 0
    (data,) = signed
    assert validate_signed_pdf(data).valid


def test_a_failing_warm_up_is_logged_and_does_not_stop_the_start(monkeypatch, caplog):
    def broken(document):
        raise OSError("fonts missing")

    monkeypatch.setattr(pdf, "render_reply_pdf", broken)
    start_up.warm_up()
    assert "Warming up the reply PDF failed" in caplog.text


@pytest.mark.parametrize("enabled", [True, False])
def test_warm_up_at_start_follows_the_setting(settings, monkeypatch, enabled):
    calls = []
    monkeypatch.setattr(start_up, "warm_up", lambda: calls.append(1))
    settings.REPLY_PDF_WARM_UP = enabled
    start_up.warm_up_if_configured()
    assert calls == ([1] if enabled else [])
