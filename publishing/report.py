"""What an import did, file by file: the report the command prints and the admin page shows.

A dry run fills the same report as a real run (everything is written, then rolled back), so a
migration can be read in full before anything is kept.
"""

from dataclasses import dataclass, field, replace

CREATED, UPDATED, UNCHANGED, REMOVED = "créé", "mis à jour", "inchangé", "supprimé"
SKIPPED = "ignoré"
# What the checklist's errors did to an article this run would put online (load_review).
DRAFTED = "importé en brouillon"
KEPT_ONLINE = "resté en ligne"
PUBLISHED_ANYWAY = "publié malgré tout"


@dataclass
class Entry:
    """One article's files, and what their import did."""

    slug: str
    status: str = ""
    parts: list = field(default_factory=list)  # (a part's slug, status): its roles
    part_word: str = ""  # how the report names one part (`Kind.bundle.word`: « rôle »)
    path: str = ""  # the article's file (a bundle's index.md)
    paths: list = field(default_factory=list)  # its files, parts' too: where its messages point
    images: list = field(default_factory=list)  # HomeImage: image URLs brought home
    links: list = field(default_factory=list)  # (old-site URL, local path): links made internal
    redirects: list = field(default_factory=list)  # (old path, new path): redirects created
    # (another tool's key or form, what it became): « repris d'un autre outil »
    mapped: list = field(default_factory=list)
    # articles.checklist.Check, errors first: what the article lacks as imported. It keeps the
    # status its file gives it; these are its points to review (the list counts its errors).
    findings: list = field(default_factory=list)
    # What readers will not see or what leads elsewhere, as texts (publishing.load_review).
    missing_images: list = field(default_factory=list)  # no file here, or not brought home
    external_images: list = field(default_factory=list)  # still fetched from another site
    external_links: list = field(default_factory=list)  # links to other sites
    broken_links: list = field(default_factory=list)  # internal links that lead nowhere
    stored_status: str | None = None  # the article's status before this run (None: new)
    verdict: str = ""  # DRAFTED, KEPT_ONLINE or PUBLISHED_ANYWAY when it has errors
    # Another kind's file (publishing.kinds): how the report names one (« étude de cas »).
    kind: str = ""

    def __str__(self):
        if self.kind:
            return f"{self.kind} {self.slug}"
        if not self.parts:
            return self.slug
        return f"{self.slug} ({len(self.parts)} {self.part_word}(s))"

    @property
    def review_errors(self):
        return [check for check in self.findings if check.level == "erreur"]

    @property
    def new_images(self):
        return [image for image in self.images if image.new]

    def nothing_done(self):
        """The file changed nothing: no image, link or redirect to its credit."""
        self.images, self.links, self.redirects = [], [], []


@dataclass
class FileReport:
    """One file as the report shows it: an imported article, or a file left out."""

    path: str
    status: str
    entry: Entry | None = None
    warnings: list = field(default_factory=list)
    errors: list = field(default_factory=list)


@dataclass
class Report:
    entries: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # the files left out, one per error
    notes: list = field(default_factory=list)  # files left out on purpose (a list page)
    unknown_keys: dict = field(default_factory=dict)  # key -> the files that have it, kept
    built: list = field(default_factory=list)  # in French, what the kinds built from the run
    dry_run: bool = False

    def skip(self, path, message):
        """A file left out, and why."""
        self.errors.append(message)
        self.skipped.append(str(path))

    def by_status(self, status):
        return [e for e in self.entries if e.status == status]

    @property
    def created(self):
        return self.by_status(CREATED)

    @property
    def updated(self):
        return self.by_status(UPDATED)

    @property
    def unchanged(self):
        return self.by_status(UNCHANGED)

    @property
    def images(self):
        """The images whose files came in with this import, each once (several posts may show
        one image)."""
        found = {}
        for entry in self.entries:
            for image in entry.new_images:
                found.setdefault(image.asset_id, image)
        return list(found.values())

    @property
    def links(self):
        return [link for entry in self.entries for link in entry.links]

    @property
    def redirects(self):
        return [redirect for entry in self.entries for redirect in entry.redirects]

    def files(self):
        """Every file, in import order (left-out files last), with its own messages."""
        files = [
            FileReport(
                entry.path, entry.status, entry, [w for w in self.warnings if w.path in entry.paths]
            )
            for entry in self.entries
        ]
        for path, error in zip(self.skipped, self.errors, strict=False):
            files.append(FileReport(path, SKIPPED, errors=[error]))
        return files

    def general_warnings(self):
        """Warnings that belong to no imported file (a dedicated article left out…)."""
        paths = {path for entry in self.entries for path in entry.paths}
        return [w for w in self.warnings if w.path not in paths]

    @property
    def to_review(self):
        """The imported articles whose checklist finds errors to fix."""
        return [entry for entry in self.entries if entry.review_errors]

    @property
    def drafted(self):
        return [entry for entry in self.entries if entry.verdict == DRAFTED]

    def summary(self):
        drafted = f", {len(self.drafted)} en brouillon (liste de contrôle)" if self.drafted else ""
        return (
            f"{len(self.created)} créé(s), {len(self.updated)} mis à jour, "
            f"{len(self.unchanged)} inchangé(s), {len(self.skipped)} ignoré(s){drafted}, "
            f"{len(self.images)} image(s) rapatriée(s), "
            f"{len(self.links)} lien(s) rendu(s) interne(s), "
            f"{len(self.redirects)} redirection(s) créée(s), "
            f"{len(self.warnings)} avertissement(s), {len(self.errors)} erreur(s)"
            + self.kinds_summary()
        )

    def kinds_summary(self):
        """How many files of other kinds (case studies) the totals hold, each kind by its
        word: « ; dont 14 étude(s) de cas »; nothing when there are none."""
        counts = {}
        for entry in self.entries:
            if entry.kind:
                counts[entry.kind] = counts.get(entry.kind, 0) + 1
        if not counts:
            return ""
        words = [f"{count} {plural(word)}" for word, count in counts.items()]
        return " ; dont " + " et ".join(words)

    def relocate(self, where):
        """Every file the report names, renamed by `where(text)` (the admin names files as
        they are inside the upload, never in the server's temporary folder)."""
        self.warnings = [replace(m, path=where(m.path), text=where(m.text)) for m in self.warnings]
        self.errors = [replace(m, path=where(m.path), text=where(m.text)) for m in self.errors]
        self.skipped = [where(path) for path in self.skipped]
        self.notes = [replace(m, path=where(m.path), text=where(m.text)) for m in self.notes]
        self.unknown_keys = {
            key: [where(path) for path in paths] for key, paths in self.unknown_keys.items()
        }
        for entry in self.entries:
            entry.path = where(entry.path)
            entry.paths = [where(path) for path in entry.paths]
        return self


def plural(word):
    """« étude de cas » -> « étude(s) de cas »: the noun's plural mark, as the totals write it."""
    head, _, rest = word.partition(" ")
    return f"{head}(s) {rest}".strip()
