"""Import from an uploaded `.md` or `.zip` (the admin's import page), and export as a zip."""

import io
import re
import stat
import tempfile
import zipfile
import zlib
from pathlib import Path, PurePosixPath, PureWindowsPath

from publishing.errors import ContentError
from publishing.load import ImportFailed, import_paths
from publishing.write import bundle_files

MAX_ZIP_FILES = 5_000
MAX_ZIP_BYTES = 200 * 1024 * 1024
MAX_NAME_BYTES = 255  # a file or folder name, as file systems allow
MAX_PATH_BYTES = 4000  # a whole path, under Linux's PATH_MAX (4096)
DRIVE_RE = re.compile(r"^[A-Za-z]:")
UPLOAD_STEM = "envoi"  # an uploaded file's name on disk, when its own cannot be one


def import_upload(name, data, **options):
    """Import one uploaded file; messages name files as they are inside the upload."""
    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="revops-import-") as tmp:
        root = Path(tmp)
        if suffix == ".zip":
            extract_zip(name, data, root / "contenu")
            target = root / "contenu"
        elif suffix in {".md", ".markdown", ".txt"}:
            target = root / file_name(name, suffix)
            target.write_bytes(data)
        else:
            raise ContentError(name, "envoyez un fichier .md ou une archive .zip.")
        try:
            report = import_paths([target], **options)
        except ImportFailed as failure:
            _relativise(failure.report, root, name)
            raise
        except ContentError as exc:  # fatal: named as inside the upload, not on the server
            message = exc.message
            raise ContentError(
                _inside_upload(message.path, root, name),
                _inside_upload(message.text, root, name),
                message.line,
            ) from None
        return _relativise(report, root, name)


def file_name(name, suffix):
    """The name an uploaded file is read under: its own (its stem may be the article's slug),
    or a short one of ours when a file system could not hold it (over 255 bytes, a null
    byte); messages name it as it was sent either way."""
    own = Path(name).name
    if "\x00" in own or len(own.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES:
        return f"{UPLOAD_STEM}{suffix}"
    return own


def _relativise(report, root, name):
    """Every file a report names, as inside the upload."""
    return report.relocate(lambda text: _inside_upload(text, root, name))


def _inside_upload(text, root, name):
    """`text` with the temporary folder's paths written as inside the upload: a file of the
    zip by its path in the zip, the whole upload by its name."""
    for suffix in (".md", ".markdown", ".txt"):
        text = text.replace(str(root / f"{UPLOAD_STEM}{suffix}"), name)
    for folder in (root / "contenu", root):
        text = text.replace(f"{folder}/", "").replace(str(folder), name)
    return text


def extract_zip(name, data, target):
    """Extract safely: every entry is checked before anything is written (no path outside
    `target`, no link, no two entries for one file), bounded number of files and total size."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ContentError(name, "archive zip illisible.") from exc
    members = [info for info in archive.infolist() if not info.is_dir()]
    if len(members) > MAX_ZIP_FILES:
        raise ContentError(name, f"archive trop grande : plus de {MAX_ZIP_FILES} fichiers.")
    if sum(info.file_size for info in members) > MAX_ZIP_BYTES:
        raise ContentError(name, "archive trop grande une fois décompressée (200 Mo au plus).")
    files = planned_files(name, archive.infolist(), target)
    target.mkdir(parents=True)
    for info, destination in files:
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            content = archive.read(info)
        except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as exc:
            # Damaged data, encrypted or in an unsupported compression method.
            raise ContentError(
                name, f"fichier illisible dans l'archive : « {shown(info.filename)} »."
            ) from exc
        with open(destination, "xb") as handle:  # never over another file
            handle.write(content)


def planned_files(name, entries, target):
    """[(entry, where it goes)] for the files to extract, once every entry is checked: a
    ContentError naming the first entry refused, and why, before anything is written."""
    root = target.resolve()
    files, folders, planned = {}, {}, []
    for info in entries:
        relative = entry_path(name, info)
        if relative is None:  # the archive's own root (`./`), as some tools write it
            continue
        destination = root.joinpath(*relative.parts)
        if not destination.is_relative_to(root) or len(bytes(destination)) > MAX_PATH_BYTES:
            refuse(name, info, "chemin trop long ou hors du dossier de l'archive")
        for parent in [*relative.parents][:-1]:
            folders.setdefault(parent, info.filename)
        if info.is_dir():
            folders.setdefault(relative, info.filename)
            continue
        if relative in files:
            refuse(name, info, f"deux entrées pour le même fichier (« {shown(files[relative])} »)")
        files[relative] = info.filename
        if relative.parts[0] != "__MACOSX" and not relative.name.startswith("._"):
            planned.append((info, destination))  # the Mac's resource forks are left out
    for relative, entry in files.items():
        if relative in folders:
            raise ContentError(
                name,
                f"chemin refusé dans l'archive : « {shown(entry)} » est un fichier, et aussi "
                f"un dossier pour « {shown(folders[relative])} ». Renommez l'un des deux.",
            )
    return planned


def entry_path(name, info):
    """The entry's path inside the archive, relative (None for the root folder itself); a
    ContentError saying why when it could land outside the extraction folder or cannot be a
    file here."""
    raw = info.filename
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        refuse(name, info, "lien symbolique : seuls des fichiers et des dossiers sont acceptés")
    text = raw.replace("\\", "/")  # written by Windows tools, or meant to escape
    if text.startswith("/"):
        refuse(name, info, "chemin absolu : les chemins partent de la racine de l'archive")
    if PureWindowsPath(raw).drive or DRIVE_RE.match(text):
        refuse(name, info, "lecteur Windows : les chemins partent de la racine de l'archive")
    parts = [part for part in text.split("/") if part not in ("", ".")]
    if ".." in parts:
        refuse(name, info, "« .. » remonterait hors du dossier de l'archive")
    if not parts:
        if info.is_dir():
            return None
        refuse(name, info, "nom vide")
    for part in parts:
        if len(part.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES:
            refuse(
                name,
                info,
                f"nom trop long ({len(part.encode('utf-8', 'surrogateescape'))} octets, "
                f"{MAX_NAME_BYTES} au plus) : raccourcissez-le",
            )
    return PurePosixPath(*parts)


def refuse(name, info, reason):
    raise ContentError(
        name, f"chemin refusé dans l'archive : « {shown(info.filename)} » ({reason})."
    )


def shown(entry):
    """An entry's name as a message shows it: whole, or its start when it is very long."""
    return entry if len(entry) <= 300 else f"{entry[:280]}…"


def export_zip(slugs=None):
    """The export of the given articles (or all) as zip bytes, laid out like export_markdown."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for relative, data in bundle_files(slugs):
            archive.writestr(relative, data)
    return buffer.getvalue()
