"""Strict HTML5 parsing of what the site serves: a page that a browser has to repair is a bug
(a template variable written as a tag name, an unclosed element, a duplicate attribute).

html5lib implements the WHATWG parsing algorithm and lists every parse error it recovers from;
the site's pages must give none. Feeds and the sitemap are XML: they must parse as XML."""

from xml.etree import ElementTree

import html5lib
from html5lib.constants import E as MESSAGES


def html_errors(markup):
    """The parse errors of a document, as readable lines « line:col message »."""
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    parser.parse(markup)
    lines = markup.splitlines()
    found = []
    for (line, col), code, data in parser.errors:
        message = MESSAGES.get(code, code) % (data or {})
        source = lines[line - 1].strip()[:160] if 0 < line <= len(lines) else ""
        found.append(f"{line}:{col} {message} — {source}")
    return found


def duplicate_ids(markup):
    """Ids given to more than one element (a fragment link or a label would pick the wrong one)."""
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    tree = parser.parse(markup)
    seen, twice = set(), []
    for element in tree.iter():
        element_id = element.get("id")
        if element_id is None:
            continue
        if element_id in seen:
            twice.append(element_id)
        seen.add(element_id)
    return twice


def assert_valid_html(response, where=""):
    """The response is a whole HTML document without a parse error or a duplicate id."""
    assert response["Content-Type"].startswith("text/html"), response["Content-Type"]
    markup = response.content.decode()
    assert markup.lstrip().lower().startswith("<!doctype html>"), f"{where}: pas de doctype"
    errors = html_errors(markup)
    assert not errors, f"{where}: HTML invalide\n" + "\n".join(errors)
    twice = duplicate_ids(markup)
    assert not twice, f"{where}: identifiants en double {twice}"
    return markup


def assert_valid_xml(response, where=""):
    """The response parses as XML (a feed, the sitemap); returns the root element."""
    assert "xml" in response["Content-Type"], f"{where}: {response['Content-Type']}"
    try:
        return ElementTree.fromstring(response.content)  # noqa: S314 (our own output)
    except ElementTree.ParseError as error:
        raise AssertionError(f"{where}: XML invalide ({error})") from error
