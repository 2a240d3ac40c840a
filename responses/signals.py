"""What responses announces to the layers above it (they connect in their AppConfig.ready)."""

from django.dispatch import Signal

# A reply was sent: `reply`. Sent inside the sending transaction; receivers that mail or enqueue
# do it on commit.
reply_sent = Signal()
