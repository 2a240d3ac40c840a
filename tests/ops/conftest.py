import pytest

from tooling.loadtest import collect_static


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """Static files as production serves them (a manifest), collected once per test run."""
    root = tmp_path_factory.mktemp("staticfiles")
    collect_static(root)
    return root
