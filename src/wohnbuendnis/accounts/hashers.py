"""Password hashing at OWASP's recommendation for argon2id (Password Storage Cheat Sheet:
19 MiB of memory, 2 iterations, one lane).

Django's own parameters (100 MiB, 8 lanes) cost about 180 ms of CPU per login and stall the
server when a plenum of 40 signs in at once; these cost a tenth of that. The algorithm keeps
its name ``argon2``, so stored hashes are still read, and a hash made with other parameters is
re-made with these at the user's next login (``must_update``, Django does the rest).
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
