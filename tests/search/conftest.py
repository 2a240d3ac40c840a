# the reply tests' fixtures, for what readers search of sent replies
from tests.responses.reply_helpers import demo_signing, reply_world  # noqa: F401
