"""Test settings: the defaults, fast password hashing, and the engine's test-only procedure app."""

from fazhi.settings import *  # noqa: F403
from fazhi.settings import INSTALLED_APPS

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LANGUAGE_CODE = "zh-hans"
INSTALLED_APPS = [*INSTALLED_APPS, "fazhi.procedures.tests.testapp"]
