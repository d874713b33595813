"""Settings for the test suite: the production settings plus a fast hasher."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-" + "x" * 50)
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("BOLLWERK_SECURE_COOKIES", "0")
os.environ.setdefault("BOLLWERK_MANIFEST_STATIC", "0")

from bollwerk.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LANGUAGE_CODE = "en"
