"""Request ids and one JSON object per log line, for production logs a machine reads.

Every response carries an ``X-Request-ID`` header; every log line written while the
request runs carries the same id, so a visitor's report, the access line and an error's
traceback can be matched. Production settings log through ``JsonFormatter``.
"""

import contextvars
import datetime
import json
import logging
import time
import uuid

from django.core.signals import request_finished

REQUEST_ID_HEADER = "X-Request-ID"
request_id = contextvars.ContextVar("request_id", default="")
access_log = logging.getLogger("issportal.requests")


def stamp_records_with_request_id():
    """Make every log record carry the id of the request it was written in (``request_id``)."""
    make_record = logging.getLogRecordFactory()
    if getattr(make_record, "stamps_request_id", False):
        return

    def make_stamped_record(*args, **kwargs):
        record = make_record(*args, **kwargs)
        record.request_id = request_id.get()
        return record

    make_stamped_record.stamps_request_id = True
    logging.setLogRecordFactory(make_stamped_record)
    request_finished.connect(forget_request_id, dispatch_uid="issportal.log.forget_request_id")


class RequestLogMiddleware:
    """Outermost: gives each request an id, sends it back, and logs one line per request.

    It sits before the page cache, so a cached page gets its own id and its line too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Kept until the response is closed (request_finished), so that Django's own
        # line for a 4xx or 5xx, written after the middleware returns, carries it too.
        request_id.set(uuid.uuid4().hex)
        started = time.perf_counter()
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id.get()
        if access_log.isEnabledFor(logging.INFO):
            access_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                },
            )
        return response


def forget_request_id(**kwargs):
    request_id.set("")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and the request's fields."""

    REQUEST_FIELDS = ("method", "path", "status", "duration_ms")

    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if current := getattr(record, "request_id", ""):
            entry["request_id"] = current
        for field in self.REQUEST_FIELDS:
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        # Django's own request errors carry the request and the status code.
        if "path" not in entry and (request := getattr(record, "request", None)) is not None:
            entry["method"] = getattr(request, "method", None)
            entry["path"] = getattr(request, "path", None)
        if "status" not in entry and hasattr(record, "status_code"):
            entry["status"] = record.status_code
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)
