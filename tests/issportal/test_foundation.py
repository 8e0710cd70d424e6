import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

from tests.commands import run

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def test_home_sends_strict_security_headers(client):
    response = client.get("/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_pages_have_no_inline_scripts_or_styles(client):
    html = client.get("/").content.decode()
    assert "<style" not in html
    assert " style=" not in html
    assert re.search(r"<script(?![^>]*\bsrc=)", html) is None


def test_every_navigation_link_works(client):
    html = client.get("/").content.decode()
    nav = html.split('aria-label="Main"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'href="([^"]+)"', nav)
    assert len(links) >= 5
    for link in links:
        assert client.get(link).status_code == 200, link


def test_skip_link_targets_main(client):
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html


def test_healthz_reports_database_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}
    assert "no-cache" in response["Cache-Control"]


def _database_down():
    return mock.patch.object(
        BaseDatabaseWrapper, "ensure_connection", side_effect=OperationalError("down")
    )


def test_healthz_reports_database_down(client):
    with _database_down():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_database_down_shows_the_site_500_page(client):
    client.raise_request_exception = False
    with _database_down():
        response = client.get("/expeditions/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "Traceback" not in html
    assert "OperationalError" not in html


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in response.content.decode()


def test_create_local_staff_prints_a_random_password_once(settings):
    settings.DEBUG = True
    password = re.search(r"password: (\S+)", run("create_local_staff")).group(1)
    assert len(password) >= 12
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password(password)

    again = StringIO()
    call_command("create_local_staff", stdout=again)
    assert "password:" not in again.getvalue()
    assert get_user_model().objects.count() == 1


def test_create_local_staff_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="local development only"):
        call_command("create_local_staff")
    assert not get_user_model().objects.exists()


def _run_settings(module, env, *args):
    clean_env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "DEBUG",
            "ALLOWED_HOSTS",
            "DATABASE_URL",
            "REDIS_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    clean_env.update(env, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_require_secret_key():
    result = _run_settings("issportal.settings.production", {}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY environment variable is required" in result.stderr


def test_dev_settings_require_secret_key_when_debug_is_off():
    result = _run_settings("issportal.settings.dev", {"DEBUG": "0"}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY environment variable is required when DEBUG is off" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    env = {
        "SECRET_KEY": "k" * 20 + "Zq8#vX2!mN5@pL9$wR4^tY7&uI1*oP3(aS6)" + "x" * 4,
        "ALLOWED_HOSTS": "iss.example.org",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/issportal",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    result = _run_settings(
        "issportal.settings.production", env, "check", "--deploy", "--fail-level", "WARNING"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
