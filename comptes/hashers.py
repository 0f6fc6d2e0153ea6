"""The password hasher: Argon2id with the parameters OWASP recommends for a login.

Django's defaults (100 MiB, parallelism 8) cost 123 ms on both cores of our machines for
every login; OWASP's first configuration (19 MiB, two passes, one lane) resists the same
attacks for a fraction of it. Hashes made with other parameters are still checked (the
parameters are in the hash) and rewritten with these at the next successful login
(Django's `must_update`, called by `check_password`).
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2Hasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
