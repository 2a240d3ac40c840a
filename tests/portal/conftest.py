from tests.responses.conftest import world  # noqa: F401  (an inquiry in progress, shared with responses)
