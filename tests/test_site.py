"""Site-wide pieces every page relies on."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_favicon_ico_is_a_real_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content).startswith(b"\x00\x00\x01\x00")  # ICO header
    assert "max-age" in response["Cache-Control"]


def test_every_page_names_its_icons(client):
    content = client.get(reverse("portal:list")).content.decode()
    assert 'rel="icon" href="/favicon.ico"' in content
    from django.contrib.staticfiles import finders

    assert finders.find("favicon.svg")
