"""Structured logs: one JSON line per record, no secrets (no headers, cookies or query)."""

import json
import logging
import traceback


class JSONFormatter(logging.Formatter):
    def format(self, record):
        data = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None:  # django.request: the method and path, nothing private
            data["method"] = getattr(request, "method", None)
            data["path"] = getattr(request, "path", None)
        status = getattr(record, "status_code", None)
        if status is not None:
            data["status"] = status
        if record.exc_info:
            data["error"] = record.exc_info[0].__name__ if record.exc_info[0] else None
            data["traceback"] = "".join(traceback.format_exception(*record.exc_info))
        return json.dumps(data, ensure_ascii=False, default=str)
