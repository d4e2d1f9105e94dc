"""`redirects.yml`: the site's redirects (old address: new address), beside `authors.yml` and
`tags.yml` in an export, so that an address that moved still leads to its page once the export
is imported into another database."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from articles.models import Redirect
from publishing.errors import ContentError
from publishing.read import read_site_file

LIMIT = Redirect._meta.get_field("old_path").max_length


@dataclass(frozen=True)
class SiteRedirect:
    old_path: str
    new_path: str
    path: str  # the file, for messages
    line: int | None


def read_redirects(root):
    """The redirects of `root/redirects.yml` (none without the file), each a pair of site
    paths, checked before anything is written."""
    path = root / "redirects.yml"
    data, lines = read_site_file(path)
    found = []
    for old, new in data.items():
        line = lines.get(old)
        for value in (old, new):
            if (
                not isinstance(value, str)
                or not value.startswith("/")
                or value.startswith("//")
                or len(value) > LIMIT
            ):
                raise ContentError(
                    path,
                    f"« {str(value)[:60]} » : une redirection va d'une adresse du site à une "
                    f"autre, chacune commençant par « / » ({LIMIT} caractères au plus).",
                    line,
                )
        if old == new:
            raise ContentError(
                path, f"« {old} » : une redirection ne peut mener à elle-même.", line
            )
        found.append(SiteRedirect(old, new, str(path), line))
    return found


def load_redirects(redirects):
    """Create or update each redirect; one that would close a loop is refused with its line."""
    for item in redirects:
        redirect = Redirect.objects.filter(old_path=item.old_path).first()
        redirect = redirect or Redirect(old_path=item.old_path)
        if redirect.new_path == item.new_path:
            continue
        redirect.new_path = item.new_path
        try:
            redirect.clean()
        except ValidationError as exc:
            raise ContentError(
                item.path,
                f"redirection « {item.old_path} » refusée : {' '.join(exc.messages)}",
                item.line,
            ) from exc
        redirect.save()
