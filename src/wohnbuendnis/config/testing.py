"""pytest plugin (loaded with ``-p`` before Django starts): the environment of the test suite.

Tests run with production settings except plain HTTP (the test client and the browser tests
talk to a local server), a fixed, test-only secret key and the second factor switched off (its
own tests switch it on). Values already set win, so CI can point ``DATABASE_URL`` at PostgreSQL.
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-key-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("HTTPS", "0")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault("EMAIL_HOST", "mail.invalid")
os.environ.setdefault("TASKS_IMMEDIATE", "1")  # background tasks run inline
# The second factor is off for the suite (tests sign in with force_login, as in the demo); the
# tests of the second factor switch it on with ``settings.SECOND_FACTOR_REQUIRED = True``.
os.environ.setdefault("WOHNBUENDNIS_REQUIRE_2FA", "0")
# Uploaded and generated files (forecast results) go to a fresh folder, not ./var/media.
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="wohnbuendnis-test-media-"))
# Playwright's sync API runs an event loop in the test thread; the ORM calls there are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
