"""A misconfigured instance stops with one line that names the variable to fix."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.test import override_settings

from wohnbuendnis.config.checks import check_configuration

GOOD = {"SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "example.org", "EMAIL_HOST": "mail.example.org"}


def _run(env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("WOHNBUENDNIS", "DEBUG"))}
    clean.update(
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3", WOHNBUENDNIS_DATA_DIR=str(tmp_path)
    )
    clean.pop("SECRET_KEY", None)
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "wohnbuendnis.cli", "manage", "check"],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"DATABASE_URL": "foo://"}, "DATABASE_URL"),
        ({"DATABASE_URL": "mysql://u@h/db"}, "DATABASE_URL"),
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"DEBUG": "vielleicht"}, "DEBUG"),
        ({"SESSION_IDLE_MINUTES": "zwei"}, "SESSION_IDLE_MINUTES"),
    ],
)
def test_bad_configuration_ends_with_one_line_naming_the_variable(tmp_path, env, variable):
    result = _run({**GOOD, **env}, tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert variable in lines[0]
    assert "Traceback" not in result.stderr


def test_a_good_configuration_passes_the_checks(tmp_path):
    result = _run(GOOD, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@override_settings(LOCAL=False, ALLOWED_HOSTS=[], SECRET_KEY="short", EMAIL_HOST="")
def test_system_checks_name_what_production_still_needs():
    messages = {problem.id: problem.msg for problem in check_configuration()}
    assert "ALLOWED_HOSTS" in messages["wohnbuendnis.E001"]
    assert "SECRET_KEY" in messages["wohnbuendnis.E002"]
    assert "EMAIL_HOST" in messages["wohnbuendnis.W001"]


@override_settings(LOCAL=True, ALLOWED_HOSTS=[])
def test_the_demo_needs_no_configuration():
    assert check_configuration() == []


def test_the_demo_generates_and_keeps_its_secret_key(tmp_path):
    env = {"WOHNBUENDNIS_DEMO": "1"}
    first = _run(env, tmp_path)
    assert first.returncode == 0, first.stderr
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert _run(env, tmp_path).returncode == 0
    assert (tmp_path / "secret_key").read_text() == key


def _settings(env: dict[str, str], tmp_path, expression: str) -> str:
    """The value of ``expression`` (over ``settings``) in a process started with ``env``."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("WOHNBUENDNIS", "DEBUG"))}
    clean.update(GOOD, WOHNBUENDNIS_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="")
    for name in ("DATABASE_URL", "REDIS_URL", "DATABASE_CONN_MAX_AGE"):
        clean.pop(name, None)
    clean.update(env)
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'wohnbuendnis.config.settings'\n"
        f"from django.conf import settings; print({expression})"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_postgresql_connections_are_kept_and_checked_before_reuse(tmp_path):
    db = "postgres://u:p@db.example.org:5432/wb"
    expression = "settings.DATABASES['default']['CONN_MAX_AGE'], "
    expression += "settings.DATABASES['default']['CONN_HEALTH_CHECKS']"
    assert _settings({"DATABASE_URL": db}, tmp_path, expression) == "60 True"
    env = {"DATABASE_URL": db, "DATABASE_CONN_MAX_AGE": "0"}
    assert _settings(env, tmp_path, expression) == "0 True"


def test_the_cache_is_redis_with_redis_url_and_local_memory_without(tmp_path):
    backend = "settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]"
    assert _settings({}, tmp_path, backend) == "LocMemCache"
    env = {"REDIS_URL": "redis://127.0.0.1:6379/3"}
    assert _settings(env, tmp_path, backend) == "RedisCache"
    location = "settings.CACHES['default']['LOCATION']"
    assert _settings(env, tmp_path, location) == "redis://127.0.0.1:6379/3"


def test_a_bad_redis_url_ends_with_one_line_naming_it(tmp_path):
    result = _run({**GOOD, "REDIS_URL": "http://cache"}, tmp_path)
    assert result.returncode == 2
    assert "REDIS_URL" in result.stderr.strip().splitlines()[0]
