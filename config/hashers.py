"""The password hasher of sign-in: Argon2id with OWASP's parameters for a server that checks
passwords on request (Password Storage Cheat Sheet: 46 MiB of memory, one pass, one lane).

Django's own Argon2 defaults (100 MiB, two passes, eight lanes) cost about 0.5 s on two busy
cores; these cost a fifth of that and stay memory-hard, which is what makes guessing expensive
on graphics cards."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    # same algorithm name: stored hashes keep verifying; other parameters are re-hashed at sign-in
    time_cost = 1
    memory_cost = 46 * 1024  # KiB
    parallelism = 1
