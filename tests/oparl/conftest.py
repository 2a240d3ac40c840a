import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """These tests make many users; the real hasher would spend seconds on their passwords."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
