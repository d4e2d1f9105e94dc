"""Other tools' shortcodes, as our Markdown writes the same thing.

Hugo: `{{< youtube ID >}}` (or `id="…"`) becomes our player, `{{< tweet user="x" id="…" >}}` and
`{{< x … >}}` our post embed, `{{< figure src=… alt=… caption=… >}}` an image (its caption the
image's own), `{{< highlight go >}}…{{< /highlight >}}` a fenced code block, gist, vimeo and
instagram links, `{{< ref >}}` / `{{< relref >}}` links to the imported post. Jekyll:
`{% include youtube.html id=… %}`, `{% highlight %}`, `{% raw %}`, `{{ site.baseurl }}`,
`{% link %}` and `{% post_url %}`. Any other shortcode is a warning with its file and line, its
text kept as code (a paired one keeps what it wraps): never `{{<` on a page. Code is left alone:
fenced blocks and inline code show shortcodes as written.
"""

import bisect
import re
import shlex

from articles.embeds import TWEET_URL_RE, YOUTUBE_ID_RE
from articles.fences import code_line_mask

INLINE_CODE_RE = re.compile(r"(`+)(?:(?!\1).)+?\1")
# A shortcode's arguments are bounded (MAX_ARGUMENTS characters, no `{` or `}`): an opening
# never closed costs that much to look at, not the rest of the text.
MAX_ARGUMENTS = 1000
BOUND = "{0," + str(MAX_ARGUMENTS) + "}?"
HUGO_RE = re.compile(r"\{\{([<%])[ \t]*(/?)[ \t]*([\w./-]{1,100})([^{}]" + BOUND + r")[>%]\}\}")
LIQUID_RE = re.compile(
    r"\{%-?[ \t]*(include|highlight|endhighlight|raw|endraw|link|post_url)\b([^{}%]"
    + BOUND
    + r")-?%\}"
)
LIQUID_VAR_RE = re.compile(
    r"\{\{-?\s*(?:(?P<quoted>\"[^\"]*\"|'[^']*')\s*\|\s*(?:relative_url|absolute_url)"
    r"|site\.(?:baseurl|url))\s*-?\}\}"
)
HIGHLIGHT_OPEN_RE = re.compile(
    r"\{\{[<%]\s*highlight\s+([\w+#-]+)[^}\n]*?[>%]\}\}|\{%-?\s*highlight\s+([\w+#-]+)[^%\n]*%\}"
)
HIGHLIGHT_CLOSE_RE = re.compile(r"\{\{[<%]\s*/highlight\s*[>%]\}\}|\{%-?\s*endhighlight\s*-?%\}")
# Players that have no component here: a link to them.
LINKS = {
    "gist": lambda a: (
        (f"https://gist.github.com/{a[0]}/{a[1]}", f"Gist {a[0]}/{a[1]}") if len(a) > 1 else None
    ),
    "vimeo": lambda a: (f"https://vimeo.com/{a[0]}", "Vidéo Vimeo") if a and a[0] else None,
    "instagram": lambda a: (
        (f"https://www.instagram.com/p/{a[0]}/", "Publication Instagram") if a and a[0] else None
    ),
}
YOUTUBE_INCLUDES = {"youtube.html", "youtube", "youtubePlayer.html", "video.html", "youtube.md"}


def arguments(text):
    """(positional, named) arguments of a shortcode: `a "b c" key="v" k2=v2`."""
    try:
        words = shlex.split(text.replace("`", '"'))
    except ValueError:
        words = text.split()
    positional, named = [], {}
    for word in words:
        key, equals, value = word.partition("=")
        if equals and re.fullmatch(r"[\w-]+", key):
            named[key] = value
        else:
            positional.append(word)
    return positional, named


def quoted(value):
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


class Converter:
    """Converts one document's body; `warnings` are (line, text), `captions` src -> caption."""

    def __init__(self, document, links):
        self.document = document
        self.links = links  # a file reference (ref, post_url, link) -> our path, or None
        self.warnings = []
        self.captions = {}
        self.mapped = []
        self._lines = (None, [])

    def line(self, body, position, first):
        if self._lines[0] is not body:  # each text's line starts, found once
            self._lines = (body, [m.start() for m in re.finditer("\n", body)])
        return self.document.body_line + first + bisect.bisect_left(self._lines[1], position)

    def convert(self, body):
        segments = []  # (is code, first line, lines): fenced code as the renderer reads it
        lines = body.split("\n")
        mask = code_line_mask(lines, indented=False)
        for number, (text, code) in enumerate(zip(lines, mask, strict=True)):
            if segments and segments[-1][0] == code:
                segments[-1][2].append(text)
            else:
                segments.append((code, number, [text]))
        return "\n".join(
            "\n".join(lines) if code else self.prose("\n".join(lines), first)
            for code, first, lines in segments
        )

    def prose(self, text, first):
        """Shortcodes of text that holds no fenced code, inline code left alone."""
        if "{{" not in text and "{%" not in text:
            return text
        pieces, last = [], 0
        for code in INLINE_CODE_RE.finditer(text):
            pieces.append(self.replace(text[last : code.start()], text, last, first))
            pieces.append(code.group(0))
            last = code.end()
        pieces.append(self.replace(text[last:], text, last, first))
        return "".join(pieces)

    def replace(self, part, whole, offset, first):
        if "{{" not in part and "{%" not in part:
            return part
        part = self.paired_highlight(part)
        part = HUGO_RE.sub(lambda m: self.hugo(m, whole, offset, first), part)
        part = LIQUID_RE.sub(lambda m: self.liquid(m, whole, offset, first), part)
        part = LIQUID_VAR_RE.sub(lambda m: (m.group("quoted") or "  ")[1:-1], part)
        return part

    def paired_highlight(self, part):
        """`{{< highlight go >}}…{{< /highlight >}}`, `{% highlight go %}…{% endhighlight %}`:
        each opening paired with the next closing, in one pass."""
        pieces, position = [], 0
        while (opening := HIGHLIGHT_OPEN_RE.search(part, position)) is not None:
            closing = HIGHLIGHT_CLOSE_RE.search(part, opening.end())
            if closing is None:
                break
            language = opening.group(1) or opening.group(2)
            code = part[opening.end() : closing.start()].strip("\n")
            pieces += [part[position : opening.start()], f"```{language}\n{code}\n```"]
            position = closing.end()
            self.mapped.append(("highlight", "bloc de code"))
        return "".join([*pieces, part[position:]])

    def hugo(self, match, whole, offset, first):
        _, closing, name, rest = match.groups()
        rest = rest.strip().removesuffix("/").strip()  # `{{< x />}}`
        line = self.line(whole, offset + match.start(), first)
        positional, named = arguments(rest)
        lowered = name.lower()
        if closing:
            return ""  # a paired shortcode's end: what it wrapped stays
        if lowered == "youtube":
            video = named.get("id") or (positional[0] if positional else "")
            if YOUTUBE_ID_RE.match(video):
                self.mapped.append(("{{< youtube >}}", "youtubePlayer"))
                title = f" title={quoted(named['title'])}" if named.get("title") else ""
                return f"{{% youtubePlayer id={quoted(video)}{title} /%}}"
        if lowered in {"tweet", "x", "twitter"}:
            user, post = (
                named.get("user", ""),
                named.get("id") or (positional[-1] if positional else ""),
            )
            url = (
                f"https://x.com/{user}/status/{post}" if user else f"https://x.com/i/status/{post}"
            )
            if post.isdigit() and TWEET_URL_RE.match(url):
                self.mapped.append((f"{{{{< {name} >}}}}", "tweet"))
                return f"{{% tweet url={quoted(url)} /%}}"
        if lowered == "figure" and named.get("src"):
            self.mapped.append(("{{< figure >}}", "image"))
            alt = named.get("alt") or named.get("title") or named.get("caption") or ""
            if named.get("caption"):
                self.captions[named["src"]] = named["caption"]
            return f"![{alt.replace(']', '')}]({named['src']})"
        if lowered in {"ref", "relref"} and positional:
            target = self.links(positional[0])
            if target:
                return target
            self.warnings.append(
                (line, f"lien « {match.group(0)} » : l'article visé n'est pas importé.")
            )
            return "#"
        if lowered in LINKS:
            values = positional or [named.get("id", "")]
            found = LINKS[lowered](values)
            if found:
                self.mapped.append((f"{{{{< {name} >}}}}", "lien"))
                return f"[{found[1]}]({found[0]})"
        text = f"{name} {rest}".strip()
        self.warnings.append(
            (line, f"shortcode inconnu « {match.group(0)[:80]} » : gardé comme texte (code).")
        )
        return f"`{text.replace('`', '')}`"

    def liquid(self, match, whole, offset, first):
        name, rest = match.group(1), match.group(2).strip()
        line = self.line(whole, offset + match.start(), first)
        if name in {"raw", "endraw"}:
            return ""
        if name in {"link", "post_url"}:
            target = self.links(rest.strip("\"' "))
            if target:
                return target
            self.warnings.append(
                (line, f"lien « {match.group(0)} » : l'article visé n'est pas importé.")
            )
            return "#"
        if name == "include":
            positional, named = arguments(rest)
            include = positional[0] if positional else ""
            video = named.get("id") or named.get("youtubeId") or named.get("video") or ""
            if include in YOUTUBE_INCLUDES and YOUTUBE_ID_RE.match(video):
                self.mapped.append(("{% include youtube.html %}", "youtubePlayer"))
                return f"{{% youtubePlayer id={quoted(video)} /%}}"
        self.warnings.append(
            (line, f"balise Jekyll inconnue « {match.group(0)[:80]} » : gardée comme texte (code).")
        )
        return f"`{(name + ' ' + rest).strip().replace('`', '')}`"


def convert(document, links):
    """The document's body with its shortcodes converted: (body, Converter)."""
    converter = Converter(document, links)
    body = document.body or ""
    if "{{" not in body and "{%" not in body:
        return body, converter
    return converter.convert(body), converter
