"""Import from an uploaded `.md` or `.zip` (the admin's import page), and export as a zip."""

import io
import tempfile
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from publishing.errors import ContentError
from publishing.load import ImportFailed, import_paths
from publishing.write import bundle_files

MAX_ZIP_FILES = 5_000
MAX_ZIP_BYTES = 200 * 1024 * 1024


def import_upload(name, data, **options):
    """Import one uploaded file; messages name files as they are inside the upload."""
    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="revops-import-") as tmp:
        root = Path(tmp)
        if suffix == ".zip":
            extract_zip(name, data, root / "contenu")
            target = root / "contenu"
        elif suffix in {".md", ".markdown", ".txt"}:
            target = root / Path(name).name
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


def _relativise(report, root, name):
    """Every file a report names, as inside the upload."""
    return report.relocate(lambda text: _inside_upload(text, root, name))


def _inside_upload(text, root, name):
    """`text` with the temporary folder's paths written as inside the upload: a file of the
    zip by its path in the zip, the whole upload by its name."""
    for folder in (root / "contenu", root):
        text = text.replace(f"{folder}/", "").replace(str(folder), name)
    return text


def extract_zip(name, data, target):
    """Extract safely: no path outside `target`, bounded number of files and total size."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ContentError(name, "archive zip illisible.") from exc
    members = [info for info in archive.infolist() if not info.is_dir()]
    if len(members) > MAX_ZIP_FILES:
        raise ContentError(name, f"archive trop grande : plus de {MAX_ZIP_FILES} fichiers.")
    if sum(info.file_size for info in members) > MAX_ZIP_BYTES:
        raise ContentError(name, "archive trop grande une fois décompressée (200 Mo au plus).")
    target.mkdir(parents=True)
    for info in members:
        parts = PurePosixPath(info.filename.replace("\\", "/")).parts
        if not parts or parts[0] == "/" or ".." in parts or ":" in parts[0]:
            raise ContentError(name, f"chemin refusé dans l'archive : « {info.filename} ».")
        if parts[0] == "__MACOSX" or parts[-1].startswith("._"):
            continue
        destination = target.joinpath(*parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            content = archive.read(info)
        except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as exc:
            # Damaged data, encrypted or in an unsupported compression method.
            raise ContentError(
                name, f"fichier illisible dans l'archive : « {info.filename} »."
            ) from exc
        destination.write_bytes(content)


def export_zip(slugs=None):
    """The export of the given articles (or all) as zip bytes, laid out like export_markdown."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for relative, data in bundle_files(slugs):
            archive.writestr(relative, data)
    return buffer.getvalue()
