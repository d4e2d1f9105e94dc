"""Which tool made a blog, told from its folder, and the rules it served its posts by.

Hugo (`hugo.toml`, `config.toml`, `hugo.yaml`, `config.yaml` with a `baseURL`), Jekyll
(`_config.yml`), Astro (`astro.config.*`), Eleventy (`.eleventy.js`, `eleventy.config.*`),
Gatsby (`gatsby-config.*`) and Docusaurus (`docusaurus.config.*`). From Hugo's configuration:
`baseURL`'s path, `[permalinks]` and `uglyURLs`; from Jekyll's: `permalink` and `baseurl`. The
configuration is looked for in the folder given and the folders above it (an import of
`content/posts` is still a Hugo blog's).
"""

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from publishing.errors import ContentError
from publishing.front_matter import refuse_unsafe_yaml

HUGO_CONFIGS = ("hugo.toml", "config.toml", "hugo.yaml", "config.yaml", "hugo.yml", "hugo.json")
SCRIPT_SUFFIXES = (".js", ".mjs", ".cjs", ".ts", ".mts")
OTHER_TOOLS = {
    "astro": ("astro.config",),
    "eleventy": (".eleventy", "eleventy.config"),
    "gatsby": ("gatsby-config",),
    "docusaurus": ("docusaurus.config",),
}
# Where each tool keeps its posts (relative to the site's root) and its static files.
CONTENT_DIRS = {
    "hugo": ("content",),
    "jekyll": ("_posts", "_drafts"),
    "astro": ("src/content", "src/pages"),
    "gatsby": ("content", "src/pages"),
    "docusaurus": ("blog",),
    "eleventy": (),
}
STATIC_DIRS = {
    "hugo": ("static", "assets"),
    "jekyll": ("",),
    "astro": ("public",),
    "gatsby": ("static",),
    "docusaurus": ("static",),
    "eleventy": ("",),
}
# Folders of a site that never hold its posts: built output, themes, data, dependencies.
NOT_POSTS = {
    "node_modules", "public", "resources", "themes", "layouts", "_site", "_includes",
    "_layouts", "_data", "data", "static", "assets", "authors", ".git", "dist", "build",
}  # fmt: skip
REPO_FILES = {"README", "CHANGELOG", "LICENSE", "CONTRIBUTING", "CODE_OF_CONDUCT", "SECURITY"}
JEKYLL_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
MAX_LEVELS = 4  # folders looked at above the one given


@dataclass
class ForeignSite:
    """A blog made by another tool (`tool` is "" for a plain folder of Markdown)."""

    tool: str = ""
    root: Path | None = None
    base_path: str = "/"  # where the site was served (`baseURL`'s path, Jekyll's `baseurl`)
    permalinks: dict = field(default_factory=dict)  # section -> pattern ("" : every section)
    ugly: bool = False  # Hugo's uglyURLs: `/posts/x.html`
    given: bool = False  # the rule is the operator's (`--permalink`), not the tool's
    static_dirs: list = field(default_factory=list)
    authors: dict = field(default_factory=dict)  # id -> foreign_authors.AuthorData

    def wants(self, path):
        """Whether a Markdown file of the folder is one of the blog's posts."""
        if self.root is None or not self.tool:
            return True
        try:
            parts = Path(path).resolve().relative_to(self.root).parts
        except ValueError:
            return True  # given from elsewhere: the user's choice
        if len(parts) == 1 and (self.tool != "eleventy" or Path(path).stem.upper() in REPO_FILES):
            return False  # README.md, CHANGELOG.md beside the configuration
        if any(part in NOT_POSTS for part in parts[:-1]):
            return False
        dirs = CONTENT_DIRS[self.tool]
        present = [d for d in dirs if (self.root / d).is_dir()]
        return not present or any("/".join(parts).startswith(d + "/") for d in present)

    def section(self, path):
        """Hugo's section of a post: the first folder under `content/`."""
        try:
            parts = Path(path).resolve().relative_to(self.root / "content").parts
        except (ValueError, TypeError):
            return ""
        return parts[0] if len(parts) > 1 else ""


def find_root(folder):
    """(tool, root) of the first folder at or above `folder` that holds a configuration."""
    folder = Path(folder).resolve()
    for candidate in [folder, *folder.parents][: MAX_LEVELS + 1]:
        for name in HUGO_CONFIGS:
            config = candidate / name
            if config.is_file() and (name.startswith("hugo") or "baseurl" in _lower(config)):
                return "hugo", candidate
        if (candidate / "_config.yml").is_file() or (candidate / "_config.yaml").is_file():
            return "jekyll", candidate
        for tool, stems in OTHER_TOOLS.items():
            if any((candidate / f"{s}{x}").is_file() for s in stems for x in SCRIPT_SUFFIXES):
                return tool, candidate
    return "", None


def _lower(path):
    try:
        return path.read_text("utf-8", errors="replace").lower()
    except OSError:
        return ""


def read_config(path, unreadable="configuration illisible"):
    """A TOML, YAML or JSON file (a configuration, a data file) as a mapping; a ContentError
    naming the file when it cannot be read, or when its YAML holds anchors or foreign tags."""
    text = path.read_text("utf-8", errors="replace")
    try:
        if path.suffix == ".toml":
            data = tomllib.loads(text)
        elif path.suffix == ".json":
            data = json.loads(text)
        else:
            refuse_unsafe_yaml(text, path)
            data = yaml.safe_load(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, yaml.YAMLError) as exc:
        raise ContentError(path, f"{unreadable} : {exc}") from exc
    return data if isinstance(data, dict) else {}


def detect(folder, permalink="", static_dir=None):
    """The ForeignSite of a folder being imported. `permalink` (`--permalink '/blog/:slug/'`)
    is the address rule when the configuration does not say it; `static_dir` where
    `/images/x.png` is read from."""
    tool, root = find_root(folder)
    site = ForeignSite(tool=tool, root=root)
    if tool == "hugo":
        config = next(root / n for n in HUGO_CONFIGS if (root / n).is_file())
        data = read_config(config)
        site.base_path = urlsplit(str(data.get("baseURL") or data.get("baseurl") or "")).path
        site.ugly = bool(data.get("uglyURLs") or data.get("uglyurls"))
        permalinks = data.get("permalinks") or {}
        page = permalinks.get("page") if isinstance(permalinks.get("page"), dict) else None
        for section, pattern in (page or permalinks).items():
            if isinstance(pattern, str):
                site.permalinks[str(section)] = pattern
    elif tool == "jekyll":
        name = "_config.yml" if (root / "_config.yml").is_file() else "_config.yaml"
        data = read_config(root / name)
        site.base_path = str(data.get("baseurl") or "")
        pattern = str(data.get("permalink") or "date")
        site.permalinks[""] = JEKYLL_STYLES.get(pattern, pattern)
    if permalink:  # the operator's word wins over the configuration's
        site.permalinks, site.given = {"": permalink}, True
    site.base_path = "/" + site.base_path.strip("/") if site.base_path.strip("/") else ""
    if static_dir:
        site.static_dirs.append(Path(static_dir).resolve())
    if root is not None:
        for name in STATIC_DIRS.get(tool, ()):
            if (root / name).is_dir():
                site.static_dirs.append((root / name).resolve())
    return site
