"""Logging with the request id on every line."""

from __future__ import annotations

import logging
from contextvars import ContextVar

from server.services.core.outage import database_unavailable

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class OutageFilter(logging.Filter):
    """A database that is down is one line per event, not a traceback: the drivers' own
    warnings (asyncpg's pool retrying its connections every second, say) keep their message
    and the error's name, without the stack (services/core/outage.py tells such errors)."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if (
            error is not None
            and record.levelno < logging.ERROR
            and database_unavailable(error) is not None
        ):
            record.msg = f"{record.getMessage()} ({error!r})"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


def configure_logging(level: str = "INFO") -> None:
    """Log to stderr as `time level [request id] logger: message`."""
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    handler.addFilter(OutageFilter())
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
