"""Settings for the test suite: the production settings plus a fast hasher.

The overrides are applied to the environment only while the production
settings are read, so subprocesses that tests start see a clean environment.
"""

import os

_TEST_ENV = {
    "SECRET_KEY": "test-only-" + "x" * 50,
    "SECURE_SSL_REDIRECT": "0",
    "BOLLWERK_SECURE_COOKIES": "0",
    "BOLLWERK_MANIFEST_STATIC": "0",
}
_added = {key: value for key, value in _TEST_ENV.items() if key not in os.environ}
os.environ.update(_added)
try:
    from bollwerk.settings import *  # noqa: F403
finally:
    for key in _added:
        os.environ.pop(key, None)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LANGUAGE_CODE = "en"
