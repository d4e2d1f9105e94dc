"""Worst-case Markdown render time: hostile shapes, each as large as the limits accept.

Every shape is a function of a repeat count; the largest count `check_complexity` accepts is
found by bisection, and that text is rendered (the best of `runs` timings). The target is under
1 s for every shape on the 2-core development machine. `make bench` prints the worst figure;
`python bench/markdown_bench.py` prints every shape. Figures, never assertions.
"""

import contextlib
import os
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _blocks(line, lines_per_block=1):
    """`line` repeated in blocks of `lines_per_block` lines, blocks apart by a blank line."""

    def make(n):
        block = "\n".join([line] * lines_per_block)
        return "\n\n".join([block] * n) + "\n"

    return make


def _nested(n):
    return "\n".join(" " * (4 * (i % 30)) + "- x" for i in range(n))


def shapes(max_block_lines):
    b = max_block_lines - 1  # the last line of a text ends with a newline
    return {
        "« # » lines": _blocks("#", b),
        "headings": _blocks("## a", b),
        "rules": _blocks("***", b),
        "setext headings": _blocks("a\n=", b // 2),
        "short lines": _blocks("a", b),
        "paragraphs": _blocks("a"),
        "table rows": lambda n: "\n\n".join(["| a | b |\n|---|---|" + "\n| a | b |" * (b - 2)] * n),
        "one-column table": lambda n: "\n\n".join(["| a |\n|---|" + "\n| a |" * (b - 2)] * n),
        "list items": _blocks("- x", b),
        "ordered items": _blocks("1. x", b),
        "nested lists (indentation)": _nested,
        "block quotes": _blocks("> a", b),
        "fences": _blocks("```", b),
        "emphasis run": lambda n: "*a* " * n,
        "strong run": lambda n: "**a** " * n,
        "underscores": lambda n: "_a" * n,
        "links run": lambda n: "[a](b) " * n,
        "brackets": lambda n: "[" * n,
        "ampersands": lambda n: "&" * n,
        "angle brackets": lambda n: "<a " * n,
        "backticks": lambda n: "`a" * n,
        "autolinks": lambda n: "<http://a.b> " * n,
        "footnotes": lambda n: "".join(f"a[^{i}]\n\n[^{i}]: x\n\n" for i in range(n)),
        "abbreviations": lambda n: "".join(f"*[A{i}]: x\n" for i in range(n)) + "\nA1 A2\n",
        "definition list": _blocks("a\n: b", b // 2),
        "html blocks": _blocks("<div>", b),
        "nested strong (refused by the parser)": lambda n: "**" * n + "a" + "**" * n,
        "long headings": _blocks("## " + "Titre de section assez long " * 2, b),
        "long list items": _blocks("- " + "un point de liste *assez* long " * 2, b),
        "long table rows": lambda n: "\n\n".join(
            ["| a | b | c |\n|---|---|---|" + "\n| une cellule | *deux* | trois `x` |" * (b - 2)]
            * n
        ),
        "long quoted lines": _blocks("> " + "une citation **assez** longue " * 2, b),
        "image references": lambda n: "\n\n".join(
            " ".join(f"![a]({uuid.UUID(int=k * 100 + i)})" for i in range(100)) for k in range(n)
        ),
        "plain prose": lambda n: "Une phrase ordinaire : simple ; claire ! " * n,
        # Markdoc tags (articles.markdoc): every one is read once, whatever its fate.
        "unclosed callouts": _blocks("{% callout %}", b),
        "stray closing tags": _blocks("{% /callout %}", b),
        "nested callouts": lambda n: "{% callout %}\n\n" * n + "x\n\n" + "{% /callout %}\n\n" * n,
        "callouts": _blocks('{% callout title="Titre" %}Un *point*{% /callout %}', b),
        "callouts, a line each": _blocks("{% callout %}\nUn point\n{% /callout %}", b // 3),
        "players": _blocks('{% youtubePlayer id="aaaaaaaaaaa" title="Démo" /%}', b),
        "unknown tags": lambda n: "{% x %}a{% /x %} " * n,
        "lone {%": lambda n: "{% " * n,
        "tags in inline code": lambda n: "`{% callout %}` " * n,
    }


def largest_accepted(make, check):
    """The longest text of this shape the limits accept (None if even one repeat is refused)."""
    low, high = 0, 1
    while True:
        try:
            check(make(high))
        except ValueError:
            break
        low, high = high, high * 2
        if high > 2_000_000:
            return make(low)
    while high - low > 1:
        middle = (low + high) // 2
        try:
            check(make(middle))
            low = middle
        except ValueError:
            high = middle
    return make(low) if low else None


def measure(runs=1):
    """{shape: (characters, seconds)} for every hostile shape, at the largest size accepted
    (0 characters: refused whatever its size)."""
    from articles.limits import MAX_BLOCK_LINES, MarkdownTooComplex, check_complexity
    from articles.markdown import render_markdown

    results = {}
    for name, make in shapes(MAX_BLOCK_LINES).items():
        text = largest_accepted(make, check_complexity)
        if text is None:
            results[name] = (0, 0.0)
            continue
        best = None
        for _ in range(runs):
            started = time.perf_counter()
            # Refused while rendering (too deep for the parser): the time it takes to say so.
            with contextlib.suppress(MarkdownTooComplex):
                render_markdown(text, lambda ids: {})
            elapsed = time.perf_counter() - started
            best = elapsed if best is None else min(best, elapsed)
        results[name] = (len(text), best)
    return results


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "revops_site.settings")
    import django

    django.setup()
    results = measure()
    for name, (chars, seconds) in sorted(results.items(), key=lambda item: -item[1][1]):
        print(f"  {name:<28} {chars:8d} chars  {seconds:6.2f} s")
    worst = max(results, key=lambda name: results[name][1])
    print(f"worst case: {results[worst][1]:.2f} s ({worst}; target under 1 s)")


if __name__ == "__main__":
    main()
