"""Whatever the Markdown, Markdoc and entities, rendered HTML holds no `javascript:`, `data:` or
`vbscript:` address and no `on…` attribute: bodies, role texts, role items, card excerpts and the
editor's live preview (property-based, with Hypothesis), and the issue's own inputs on the pages
readers get."""

import importlib
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.editor import markdownify
from articles.markdown import render_inline, render_markdown
from articles.models import Article, ImageAsset
from articles.sanitise import ALLOWED_TAGS, FRAME_HOSTS
from articles.templatetags.blog import excerpt_html
from roles.models import AlternativeTitle, Mission, Role
from tests.migration_state import apps_at

pytestmark = pytest.mark.django_db
LOOKUP = ImageAsset.objects.lookup

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "xlink:href", "background"}
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
# What a browser ignores in an address (the URL standard): spaces and control characters at
# either end, tabs and line breaks anywhere; here every control character anywhere, to be safe.
# A space inside (`java script:`) makes a relative address, as for browsers.
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]+")
C0_AND_SPACE = "".join(map(chr, range(0x21)))
# Hypothesis keeps no database in the repository; examples are bounded so the file runs in
# seconds (about 600 renderings in all).
BOUNDED = settings(
    max_examples=120,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class Attributes(HTMLParser):
    """Every tag and attribute of a document, values decoded as a browser decodes them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend((tag, name, value or "") for name, value in attrs)

    handle_startendtag = handle_starttag


def urls_of(name, value):
    if name in ("srcset", "imagesrcset"):
        return [candidate.strip().split(" ")[0] for candidate in value.split(",")]
    return [value]


def problems(markup, tags=True):
    """What in `markup` could run a script: dangerous addresses, event handlers, and (`tags`:
    rendered content, not a whole page) any tag the policy does not allow."""
    parser = Attributes()
    parser.feed(markup)
    parser.close()
    found = [f"<{tag}>" for tag in parser.tags if tags and tag not in ALLOWED_TAGS]
    for tag, name, value in parser.attributes:
        if name.startswith("on"):
            found.append(f"{tag} {name}")
        if name in URL_ATTRIBUTES or name.endswith("srcset"):
            for url in urls_of(name, value):
                seen = CONTROL_RE.sub("", url.strip(C0_AND_SPACE))
                if seen.lower().startswith(DANGEROUS_SCHEMES):
                    found.append(f"{tag} {name}={value!r}")
        if name == "data-embed-src" and not any(
            value.startswith(f"{host}/") for host in FRAME_HOSTS.values()
        ):
            found.append(f"{tag} {name}={value!r}")
    return found


# --- Strategies ------------------------------------------------------------------------------

NAMED = {"j": "&jopf;", ":": "&colon;", "\t": "&Tab;", "\n": "&NewLine;", "(": "&lpar;",
         "{": "&lbrace;", "}": "&rbrace;", "%": "&percnt;", "/": "&sol;", "a": "&ascr;"}  # fmt: skip
MARKDOC = ["{%x%}", "{% x %}", "&#123;%x%}", "&#x7B;%x%}", "&#X7b;%x%&#125;", "&lcub;%x%}",
           "{% /x %}", "{%x/%}", "{% callout %}", "{{%x%}", "{<b></b>%x%}", "{<!---->%x%}"]  # fmt: skip
JUNK = ["\t", "\n", "\r", " ", "\x00", "\x01", "\x0b", "\x0c", "\x1f", "\x7f", "\u00a0"]


@st.composite
def encoded_char(draw, char):
    """One character as an author could write it: itself, another case, or an entity (named,
    decimal, hexadecimal, with or without `;`, zero-padded)."""
    code = ord(char)
    forms = [char, char.swapcase(), f"&#{code};", f"&#{code}", f"&#x{code:x};", f"&#X{code:X}",
             f"&#{code:07d};", f"&#x{code:06x}"]  # fmt: skip
    if char in NAMED:
        forms.append(NAMED[char])
    return draw(st.sampled_from(forms))


@st.composite
def scheme(draw):
    """`javascript:`, `vbscript:` or `data:`, each character maybe encoded, with control
    characters, whitespace or Markdoc tags slipped in between."""
    word = draw(st.sampled_from(["javascript", "vbscript", "data", "JaVaScRiPt", "livescript"]))
    out = [draw(st.sampled_from(["", "", " ", "\x01", "\t"]))]
    for char in f"{word}:":
        out.append(draw(encoded_char(char)))
        if draw(st.integers(0, 5)) == 0:
            out.append(draw(st.sampled_from(JUNK + MARKDOC)))
    payload = draw(st.sampled_from(["alert(1)", "text/html,<script>alert(1)</script>",
                                    "text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
                                    "msgbox(1)", "alert&lpar;1&rpar;"]))  # fmt: skip
    return "".join(out) + payload


@st.composite
def fragment(draw):
    """A link, image, autolink, reference, raw HTML or Markdoc tag holding a hostile address,
    or an event handler."""
    url = draw(scheme())
    quote = draw(st.sampled_from(['"', "'", ""]))
    kind = draw(st.integers(0, 16))
    return [
        f"[clic]({url})",
        f"![image]({url})",
        f"[clic](<{url}>)",
        f"<{url}>",
        f"[clic][ref]\n\n[ref]: {url}",
        f"![image][ref]\n\n[ref]: <{url}>",
        f"<a href={quote}{url}{quote}>lien</a>",
        f"<img src={quote}{url}{quote} alt=x>",
        f'<img srcset="{url} 1x, x.png 2x" alt=x>',
        f"<picture><source srcset={quote}{url}{quote}><img src=x.png></picture>",
        f"<form action={quote}{url}{quote}><button formaction={quote}{url}{quote}>Go</button></form>",
        f"<video poster={quote}{url}{quote}></video><svg><a xlink:href={quote}{url}{quote}>s</a></svg>",
        f'{{% callout title="t" %}}\n[dans]({url})\n{{% /callout %}}',
        f'<figure data-embed="youtube" data-embed-src={quote}{url}{quote}>f</figure>',
        f"<div onclick={quote}alert(1){quote} ONmouseover=alert(1) on\x00load=x>survol</div>",
        f'<a href="#" onfocus{draw(st.sampled_from(["", " ", "/"]))}=alert(1)>x</a>',
        f"<iframe src={quote}{url}{quote}></iframe><script>alert(1)</script>",
    ][kind]


texts = st.lists(
    st.tuples(fragment(), st.sampled_from(["\n\n", " ", "\n", "\n\n> ", "\n\n- ", "\n\n## "])),
    min_size=1,
    max_size=4,
).map(lambda parts: "".join(f"{sep}{piece}" for piece, sep in parts))


# --- Properties ------------------------------------------------------------------------------


@BOUNDED
@given(text=texts)
def test_a_body_never_holds_a_script(text):
    """The article body renderer."""
    assert problems(render_markdown(text, LOOKUP).html) == [], text


@BOUNDED
@given(text=texts)
def test_a_role_text_never_holds_a_script(text):
    """The role text renderer (the role's own `render()`, as `save()` calls it)."""
    role = Role(title="Coach", slug="coach", intro=text)
    role.render()
    assert problems(role.intro_html) == [], text


@BOUNDED
@given(text=texts.map(lambda value: " ".join(value.split("\n"))[:1000]))
def test_a_role_item_never_holds_a_script(text):
    """Missions, background items and alternative titles' notes (one line of Markdown)."""
    mission = Mission(text=text)
    mission.render()
    title = AlternativeTitle(title="RevOps", note=text)
    title.render()
    assert problems(mission.html) == [] and problems(title.note_html) == [], text
    assert problems(render_inline(text, LOOKUP)) == [], text


@BOUNDED
@given(text=texts, words=st.integers(1, 12))
def test_a_card_excerpt_never_holds_a_script(text, words):
    """The excerpt cut from stored HTML for a role card, wherever it is cut."""
    html = render_markdown(f"Un deux trois quatre.\n\n{text}", LOOKUP).html
    assert problems(excerpt_html(html, words)) == [], text


@settings(BOUNDED, max_examples=60)
@given(text=texts)
def test_the_live_preview_never_holds_a_script(staff_client, text):
    """The editor's live preview endpoint, as the browser gets it."""
    response = staff_client.post(reverse("markdownx_markdownify"), {"content": text})
    assert response.status_code == 200
    assert problems(response.content.decode()) == [], text
    assert problems(markdownify(text)) == [], text


# --- The issue's inputs, on what readers and editors get -------------------------------------

ISSUE_INPUTS = [
    "[x](java&#123;%x%}script:alert(1))",
    "[x](java&#x7B;%x%}script:alert(1))",
    "![x](java&#123;%x%}script:alert(1))",
    "![x](java&#x7B;%x%}script:alert(1))",
    '<a href="java&#123;%x%}script:alert(1)">x</a>',
    '<img src="java&#x7b;%x%}script:alert(1)" alt="x">',
]


@pytest.mark.parametrize("text", ISSUE_INPUTS)
def test_a_markdoc_tag_inside_a_scheme_gives_no_script_address(text):
    """nh3 once saw a harmless `java{%x%}script:` address, then the Markdoc scrub made it
    `javascript:`: every renderer now sanitises last."""
    role = Role(title="Coach", slug="coach", intro=text)
    role.render()
    mission = Mission(text=text)
    mission.render()
    for html in (
        render_markdown(text, LOOKUP).html,
        role.intro_html,
        mission.html,
        markdownify(text),
        excerpt_html(render_markdown(text, LOOKUP).html, 3),
    ):
        assert "javascript" not in html.lower(), html
        assert problems(html) == []


@pytest.mark.parametrize("text", ISSUE_INPUTS)
def test_the_pages_show_no_script_address(client, staff_client, make_article, committed, text):
    """The article page, the role page and the live preview, as browsers get them."""
    article = make_article("Attaque", slug="attaque", body=f"Avant.\n\n{text}\n\nAprès.")
    with committed():
        role = Role.objects.create(article=article, title="Coach", slug="coach", intro=text)
        Mission.objects.create(role=role, position=1, text=text)
    pages = [
        client.get(article.get_absolute_url()),
        client.get(role.get_absolute_url()),
        staff_client.post(reverse("markdownx_markdownify"), {"content": text}),
    ]
    for page in pages:
        assert page.status_code == 200
        html = page.content.decode()
        assert "javascript:" not in html.lower()
        assert problems(html, tags=False) == []


def test_html_stored_before_the_fix_is_cleaned_by_the_migration(client, make_article, committed):
    """Rows rendered by the old order still held `href="javascript:…"`: migration 0015 cleans
    every stored rendering, so the page stops serving it without a save."""
    article = make_article("Ancien", slug="ancien", body="[x](java&#123;%x%}script:alert(1))")
    with committed():
        role = Role.objects.create(article=article, title="Coach", slug="coach", intro="Texte")
        Mission.objects.create(role=role, position=1, text="Piloter")
    payload = '<p><a href="javascript:alert(1)">x</a><img srcset="javascript:alert(1) 1x"></p>'
    Article.objects.update(body_html=payload)
    Role.objects.update(intro_html=payload)
    Mission.objects.update(html=payload)
    migration = importlib.import_module("articles.migrations.0015_resanitise_stored_html")
    migration.resanitise(apps_at("articles", "0015_resanitise_stored_html"), None)
    for html in (
        client.get(article.get_absolute_url()).content.decode(),
        client.get(role.get_absolute_url()).content.decode(),
    ):
        assert "javascript:" not in html and problems(html, tags=False) == []
    assert Article.objects.get().body_html == "<p><a>x</a><img></p>"
