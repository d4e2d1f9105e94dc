"""A page's forms as a browser submits them: each field's name and value read from the HTML
(inputs, checked boxes, textareas, selected options), for tests that send a form exactly as
the page gave it (hidden inputs included)."""

from html.parser import HTMLParser

# Forms every admin page holds beside its own.
SITE_FORMS = ("logout-form", "changelist-search")


class Forms(HTMLParser):
    """The fields of each <form> of a page, as a browser would send them."""

    def __init__(self):
        super().__init__()
        self.forms, self.form, self.select, self.textarea = [], None, None, None

    @classmethod
    def main(cls, html):
        """The page's own form (the one with the most fields), or None."""
        parser = cls()
        parser.feed(html)
        forms = [f for f in parser.forms if f["id"] not in SITE_FORMS]
        return max(forms, key=lambda f: len(f["data"]) + len(f["files"]), default=None)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "form":
            self.form = {"id": attrs.get("id") or "", "data": [], "files": []}
            self.forms.append(self.form)
        elif self.form is None or (not name and tag != "option") or "disabled" in attrs:
            return
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind == "file":
                self.form["files"].append((name, attrs.get("accept") or ""))
            elif kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.form["data"].append((name, attrs.get("value", "on")))
            elif kind not in ("submit", "button", "image", "reset"):
                self.form["data"].append((name, attrs.get("value") or ""))
        elif tag == "textarea":
            self.textarea = [name, ""]
        elif tag == "select":
            self.select = {"name": name, "multiple": "multiple" in attrs, "all": [], "chosen": []}
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            self.select["all"].append(value)
            if "selected" in attrs:
                self.select["chosen"].append(value)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            self.form["data"].append((name, text.removeprefix("\n")))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            chosen = self.select["chosen"] or (
                self.select["all"][:1] if not self.select["multiple"] else []
            )
            self.form["data"].extend((self.select["name"], value) for value in chosen)
            self.select = None
        elif tag == "form":
            self.form = None


def submitted(form):
    """A form's fields as the test client takes them: each name with its list of values."""
    data = {}
    for name, value in form["data"]:
        data.setdefault(name, []).append(value)
    return data


def page_form(client, url):
    """The main form of the page at `url`, as a browser would submit it."""
    form = Forms.main(client.get(url).content.decode())
    assert form is not None, f"no form at {url}"
    return submitted(form)
