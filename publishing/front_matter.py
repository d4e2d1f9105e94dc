"""Our python-frontmatter handler: the YAML front matter real files need, read and written.

Reading is lenient and honest: aliases and anchors are refused, YAML's own timestamps are left
as text for us to read and repair, the keys the schema declares as text stay as written, a line
number is kept for every key, and front matter that YAML refuses but that is plainly
`key: value` lines is read line by line with a warning. Writing is the canonical format:
`---`, the keys in the order given, `---`, then the body with no blank line between.
"""

import math
import re

import frontmatter
import yaml
from frontmatter.default_handlers import YAMLHandler

from articles import registry, schema
from publishing.errors import ContentError, Message
from publishing.keys import article_keys

MAX_FRONT_MATTER_BYTES = 64 * 1024
SIMPLE_KEY_RE = re.compile(r"^([A-Za-z_][\w-]*)\s*:(?:\s+(.*))?$")
FLOW_INDICATORS = set("[]{}&*!|>%@`")
LIST_ITEM_RE = re.compile(r"^\s+-\s+(.*)$|^-\s+(.*)$")
# libyaml's emitter when PyYAML has it (much faster; safe, like safe_dump).
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
DUMP_OPTIONS = {
    "Dumper": DUMPER,
    "allow_unicode": True,
    "sort_keys": False,
    "default_flow_style": False,
    "width": 10_000,
}


class SafeLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe loading (libyaml when PyYAML has it) without YAML's own timestamps: dates are
    ours to read and repair."""


SafeLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# The tags YAML data may carry: plain texts, numbers, booleans, null, lists and mappings. Any
# other (`!!python/object/apply:…`, `!!binary`, a local `!tag`) is refused before construction.
YAML_TYPES = ("str", "int", "float", "bool", "null", "seq", "map")
ALLOWED_TAGS = {None, "!", *(f"tag:yaml.org,2002:{name}" for name in YAML_TYPES)}


def refuse_unsafe_yaml(text, path, first_line=1):
    """ContentError for the first anchor, alias or foreign tag, with its line: an alias can
    multiply one value into gigabytes (« billion laughs »), a tag asks for code to run."""
    for event in yaml.parse(text, Loader=SafeLoader):
        line = first_line + event.start_mark.line
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise ContentError(
                path,
                "les ancres et alias YAML (&, *) ne sont pas acceptés ; écrivez les valeurs.",
                line,
            )
        tag = getattr(event, "tag", None)
        if tag not in ALLOWED_TAGS:
            raise ContentError(
                path,
                f"balise YAML non autorisée « {tag} » : retirez-la et écrivez la valeur "
                "en texte simple.",
                line,
            )


def construct(loader, node, path, first_line=1):
    """The Python value of a composed node; a value YAML cannot build is a ContentError."""
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        raise ContentError(
            path,
            f"valeur YAML illisible : {getattr(exc, 'problem', None) or exc}. Écrivez-la en "
            "texte simple, entre guillemets.",
            first_line + node.start_mark.line,
        ) from exc


def unstorable(value):
    """What in a value (keys included) no database column can keep, or None: the null
    character (YAML's `"\\0"`), half of a UTF-16 pair (`"\\ud800"`), or a number JSON cannot
    write (`.nan`, `.inf`, which the extra front matter would hold)."""
    if isinstance(value, str):
        if "\x00" in value:
            return "le caractère nul « \\0 »"
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "une moitié de paire UTF-16 (« \\ud800 »…)"
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return "un nombre infini ou indéfini (.inf, .nan)"
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, list):
        return next((found for item in value if (found := unstorable(item))), None)
    return None


def refuse_unstorable(key, value, path, line):
    """A ContentError when the key or its value holds what `unstorable` finds."""
    found = unstorable([key, value])
    if found:
        name = key.encode("utf-8", "replace").decode().replace("\x00", "\\0")
        raise ContentError(
            path,
            f"la clé « {name} » contient {found}, qu'aucune base de données ne garde : "
            "retirez-le, ou écrivez la valeur en texte simple.",
            line,
        )


class FrontMatterHandler(YAMLHandler):
    """One handler per file read: `lines` and `warnings` are what reading it found (key line
    numbers and repairs), which a python-frontmatter `load()` has no other way to return."""

    def __init__(self, path=None):
        super().__init__()
        self.path = path
        self.first_line = 2  # of the front matter, in the file
        self.body_line = 1
        self.lines = {}
        self.warnings = []

    def detect(self, text):
        return text.startswith("---\n") or text.strip() == "---"

    def split(self, text):
        """(front matter, body); ValueError when there is none, as python-frontmatter expects."""
        if not self.detect(text):
            raise ValueError("no front matter")
        lines = text.split("\n")
        for number in range(1, len(lines)):
            if lines[number].rstrip() in {"---", "..."}:
                self.body_line = number + 2
                return "\n".join(lines[1:number]), "\n".join(lines[number + 1 :])
        raise ContentError(
            self.path, "front matter non fermé : ajoutez une ligne « --- » après les clés.", 1
        )

    def read(self, text):
        """The decoded text of a file as a Post (body ending with one newline, or empty)."""
        try:
            front, body = self.split(text)
        except ValueError:
            front, body = None, text
        # The body's first line is its first written line: leading blank lines do not count.
        self.body_line += len(body) - len(body.lstrip("\n"))
        body = body.strip("\n")
        # Post(content, **metadata) would clash with keys named `content` or `handler`.
        post = frontmatter.Post(body + "\n" if body else "", handler=self)
        post.metadata = {} if front is None else self.load(front)
        return post

    def load(self, fm, **kwargs):
        """Front matter as a dict; lenient line-by-line reading when YAML refuses it."""
        size = len(fm.encode("utf-8"))
        if size > MAX_FRONT_MATTER_BYTES:
            raise ContentError(
                self.path,
                f"front matter trop long ({size // 1024} Kio, maximum 64 Kio).",
                self.first_line,
            )
        try:
            refuse_unsafe_yaml(fm, self.path, self.first_line)
            node = yaml.compose(fm, Loader=SafeLoader)
        except yaml.YAMLError as exc:
            return self._lenient(fm, exc)
        if node is None:
            return {}
        if not isinstance(node, yaml.MappingNode):
            raise ContentError(
                self.path,
                "le front matter doit être une suite de « clé: valeur ».",
                self.first_line,
            )
        # Constructs the nodes libyaml composed (their tags already resolved).
        loader = yaml.SafeLoader("")
        # Text even when YAML would read a number or a boolean (`title: 2024`, an all-digit id).
        # Every schema: a file is read before anyone knows whether it is an article or a part.
        text_keys = schema.text_keys(article_keys(), *part_keys())
        meta = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            self.lines[key] = self.first_line + key_node.start_mark.line
            if key in text_keys and isinstance(value_node, yaml.ScalarNode):
                meta[key] = value_node.value  # as written: `title: 2024` stays "2024"
            else:
                meta[key] = construct(loader, value_node, self.path, self.first_line)
            refuse_unstorable(key, meta[key], self.path, self.lines[key])
        return meta

    def _lenient(self, fm, exc):
        mark = getattr(exc, "problem_mark", None)
        simple = lenient_front_matter(fm, self.first_line)
        if simple is None:
            raise ContentError(
                self.path,
                f"front matter YAML invalide, colonne {mark.column + 1 if mark else '?'} : "
                f"{getattr(exc, 'problem', None) or exc}.",
                self.first_line + mark.line if mark else self.first_line,
            ) from exc
        meta, self.lines = simple
        self.warnings.append(
            Message(
                str(self.path),
                f"front matter YAML invalide ({getattr(exc, 'problem', exc)}) : lu ligne à "
                "ligne, chaque valeur comme un texte. Mettez entre guillemets les valeurs "
                "qui contiennent « : ».",
                self.first_line + mark.line if mark else None,
            )
        )
        return meta

    def export(self, metadata, **kwargs):
        return yaml.dump(metadata, **{**DUMP_OPTIONS, **kwargs})

    def format(self, post, **kwargs):
        text = self.export(post.metadata, **kwargs)
        # LF only, as an import reads it (`read.decode`): CR alone (old Mac files) too.
        body = post.content.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
        return f"---\n{text}---\n{body}\n" if body else f"---\n{text}---\n"


def lenient_front_matter(front, first_line):
    """Read `key: value` and `- item` lines as text; None if any line is anything else."""
    meta, lines, current = {}, {}, None
    for offset, line in enumerate(front.split("\n")):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = LIST_ITEM_RE.match(line)
        if (
            item
            and current is not None
            and (meta[current] == "" or isinstance(meta[current], list))
        ):
            meta[current] = [*meta[current], _unquote(item.group(1) or item.group(2))]
            continue
        match = SIMPLE_KEY_RE.match(line)
        if not match:
            return None
        value = (match.group(2) or "").strip()
        if value and (
            value[0] in FLOW_INDICATORS or value[0] in "\"'" and _unquote(value) == value
        ):
            return None  # YAML syntax, not plain text: reading it as text would be a guess
        current = match.group(1)
        meta[current] = _unquote(value)
        lines[current] = first_line + offset
    return meta, lines


def _unquote(value):
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def part_keys():
    """The front-matter keys of each part kind a bundle carries (`Kind.bundle.keys`)."""
    return [kind.bundle.keys for kind in registry.kinds() if kind.bundle is not None]
