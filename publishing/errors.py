"""Errors and warnings that name the file, the line and what to do."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    path: str
    text: str
    line: int | None = None

    def __str__(self):
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.text}"


class ContentError(Exception):
    """A file that cannot be imported as it is; nothing gets written."""

    def __init__(self, path, text, line=None):
        self.message = Message(str(path), text, line)
        super().__init__(str(self.message))
