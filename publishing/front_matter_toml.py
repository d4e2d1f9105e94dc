"""TOML front matter (`+++` … `+++`), as Hugo writes it, read into the same shape as YAML's.

Values are what YAML front matter would give: TOML's dates and times become ISO texts (read,
then, like any written date, the same instant), and each key keeps its line for messages.
"""

import datetime as dt
import re
import tomllib

import frontmatter

from publishing.errors import ContentError
from publishing.front_matter import MAX_FRONT_MATTER_BYTES, refuse_unstorable

KEY_LINE_RE = re.compile(r"""^\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*=""")
TABLE_LINE_RE = re.compile(r"^\s*\[")


def is_toml(text):
    return text.startswith("+++\n")


def as_yaml_value(value):
    """TOML's typed dates as the texts YAML front matter holds."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: as_yaml_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_yaml_value(item) for item in value]
    return value


class TomlFrontMatter:
    """Reads one file's `+++` front matter; `lines`, `body_line` and `warnings` as
    `FrontMatterHandler` keeps them."""

    def __init__(self, path=None):
        self.path = path
        self.lines = {}
        self.body_line = 1
        self.warnings = []

    def read(self, text):
        lines = text.split("\n")
        end = next((n for n in range(1, len(lines)) if lines[n].rstrip() == "+++"), None)
        if end is None:
            raise ContentError(
                self.path,
                "front matter TOML non fermé : ajoutez une ligne « +++ » après les clés.",
                1,
            )
        front = "\n".join(lines[1:end])
        if len(front.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
            raise ContentError(self.path, "front matter trop long (maximum 64 Kio).", 2)
        try:
            data = tomllib.loads(front)
        except tomllib.TOMLDecodeError as exc:
            found = re.search(r"line (\d+)", str(exc))
            raise ContentError(
                self.path,
                f"front matter TOML invalide : {exc}.",
                int(found.group(1)) + 1 if found else 2,
            ) from exc
        in_table = False
        for offset, line in enumerate(lines[1:end], start=2):
            if TABLE_LINE_RE.match(line):
                in_table = True
                name = line.strip().strip("[]").split(".")[0].strip().strip("\"'")
                self.lines.setdefault(name, offset)
                continue
            match = KEY_LINE_RE.match(line)
            if match and not in_table:
                self.lines.setdefault(next(g for g in match.groups() if g), offset)
        meta = {}
        for key, value in data.items():
            meta[key] = as_yaml_value(value)
            refuse_unstorable(key, meta[key], self.path, self.lines.get(key))
        body = "\n".join(lines[end + 1 :])
        self.body_line = end + 2 + len(body) - len(body.lstrip("\n"))
        body = body.strip("\n")
        post = frontmatter.Post(body + "\n" if body else "")
        post.metadata = meta
        return post
