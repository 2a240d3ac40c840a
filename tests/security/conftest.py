# The reply tests' world and the demo certificate in the test's folder.
from tests.responses.reply_helpers import demo_signing, reply_world  # noqa: F401
