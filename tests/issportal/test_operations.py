"""Running the site: request ids, JSON logs, error reporting, a first run on a fresh clone."""

import datetime
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from issportal.log import JsonFormatter

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db

PRODUCTION_ENV = {
    "SECRET_KEY": "k" * 50,
    "ALLOWED_HOSTS": "iss.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/issportal",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def python(code, settings_module, **env):
    """Run ``code`` with Django set up under ``settings_module``; return the process."""
    unset = {*PRODUCTION_ENV, "DEBUG", "SENTRY_DSN", "DATABASE_URL"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    clean |= {"DJANGO_SETTINGS_MODULE": settings_module, **env}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_every_response_carries_its_own_request_id(client, settings):
    settings.PAGE_CACHE = True
    first, second = client.get("/expeditions/"), client.get("/expeditions/")
    assert second["X-Cache"] == "hit"
    ids = {first["X-Request-ID"], second["X-Request-ID"]}
    assert len(ids) == 2 and all(len(i) == 32 for i in ids)
    assert client.get("/no-such-page/")["X-Request-ID"]


def test_each_request_is_logged_with_its_id_path_status_and_duration(client, caplog):
    with caplog.at_level(logging.INFO, logger="issportal.requests"):
        response = client.get("/expeditions/", {"start": "1 January"})
    (record,) = [r for r in caplog.records if r.name == "issportal.requests"]
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == response["X-Request-ID"]
    assert (line["method"], line["path"], line["status"]) == ("GET", "/expeditions/", 200)
    assert line["duration_ms"] > 0
    assert line["logger"] == "issportal.requests" and line["level"] == "INFO"
    assert line["message"] == "GET /expeditions/ 200"
    assert response["X-Request-ID"]


def test_log_lines_written_during_a_request_carry_its_id(client, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/no-such-page/")
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.request_id == response["X-Request-ID"]
    after = logging.getLogger("stations").makeRecord("stations", logging.INFO, "", 1, "", (), None)
    assert after.request_id == ""


def test_json_lines_have_the_fields_and_the_traceback():
    try:
        raise ValueError("the pen ran dry")
    except ValueError:
        record = logging.LogRecord(
            "stations", logging.ERROR, __file__, 1, "Import %s failed", ("visits",), sys.exc_info()
        )
    formatted = JsonFormatter().format(record)
    assert "\n" not in formatted
    line = json.loads(formatted)
    assert line["message"] == "Import visits failed"
    assert line["level"] == "ERROR" and line["logger"] == "stations"
    assert line["time"].endswith("+00:00")
    assert "ValueError: the pen ran dry" in line["exception"]


def test_production_logs_json_and_reports_to_sentry_only_with_a_dsn():
    code = (
        "import sentry_sdk; from django.conf import settings\n"
        "print(settings.LOGGING['formatters']['json']['()'])\n"
        "print(sentry_sdk.get_client().is_active())\n"
        "print('debug_toolbar' in settings.INSTALLED_APPS)"
    )
    without = python(code, "issportal.settings.production", **PRODUCTION_ENV)
    assert without.stdout.split() == ["issportal.log.JsonFormatter", "False", "False"], (
        without.stderr
    )
    dsn = "https://public@sentry.example.org/1"
    with_dsn = python(code, "issportal.settings.production", **PRODUCTION_ENV, SENTRY_DSN=dsn)
    assert with_dsn.stdout.split()[1] == "True", with_dsn.stderr


def test_development_settings_bring_the_debug_toolbar_for_staff():
    code = (
        "from django.conf import settings; from django.core.management import call_command\n"
        "call_command('check', fail_level='WARNING')\n"
        "print('debug_toolbar' in settings.INSTALLED_APPS)"
    )
    result = python(code, "issportal.settings.dev", DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "True"


def test_a_fresh_clone_makes_the_sqlite_folder_it_needs(tmp_path):
    database = tmp_path / "var" / "db.sqlite3"
    code = "from django.db import connection; connection.ensure_connection(); print('ok')"
    result = python(code, "issportal.settings.dev", DATABASE_URL=f"sqlite:///{database}")
    assert result.stdout.strip() == "ok", result.stderr
    assert database.exists()


def test_a_test_run_removes_its_media_folder():
    code = "from django.conf import settings; print(settings.MEDIA_ROOT)"
    result = python(code, "issportal.settings.test")
    media_root = Path(result.stdout.strip())
    assert media_root.name.startswith("issportal-test-media-"), result.stderr
    assert not media_root.exists()


@pytest.mark.parametrize(("access_log", "lines"), [(None, 0), ("-", 1)])
def test_gunicorn_writes_its_access_log_only_when_asked(monkeypatch, access_log, lines):
    """The app logs every request itself; gunicorn adds its own line only with ACCESS_LOG
    (given a logging configuration, gunicorn itself would write one for every request)."""
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    monkeypatch.delenv("ACCESS_LOG", raising=False)
    if access_log:
        monkeypatch.setenv("ACCESS_LOG", access_log)
    namespace = {"__file__": "gunicorn.conf.py"}
    exec(Path("gunicorn.conf.py").read_text(), namespace)  # noqa: S102 - our own config
    config = Config()
    for name in ("accesslog", "logconfig_dict", "logger_class"):
        config.set(name, namespace[name])
    written = []
    monkeypatch.setattr(Logger, "access", lambda self, *args: written.append(args))
    config.logger_class(config).access("response", "request", {}, datetime.timedelta(0))
    assert len(written) == lines
