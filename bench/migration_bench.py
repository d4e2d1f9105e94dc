"""Benchmark: migrate a whole Markdown blog repository of the real shape; print time and memory.

The repository is generated: 40 French posts in `blog/fr/` (stems with capitals among them,
descriptions of 300 to 500 characters, `|` excerpts, quoted reading times, free-label tags that
fold onto slugs), 150 images in `assets/posts/<dir>/` referenced by absolute storage URLs in
front matter and bodies (some shared by several posts, a few missing), links between posts by
the old site's absolute URLs, and the Markdoc tags of such a blog (callouts, statements, podcast
and video players, posts, forms), plus `stories/fr/` case studies that are not imported.

Targets on the 2-core development machine: the first import under 60 s and 500 MB, a second
import of the same files (nothing changes) under 5 s.
Run with `make bench-migration` (or `.venv/bin/python bench/migration_bench.py [--posts N]`).
"""

import argparse
import io
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://www.revops-exemple.fr"
STORAGE = "https://stockage.revops-exemple.fr/content/posts/"
WORDS = (
    "revenu équipe données pipeline prévision processus outil client marché vente marketing "
    "succès analyse stratégie formation pilotage indicateur qualité cycle contrat renouvellement "
    "territoire quota segment priorité alignement"
).split()
STEM_WORDS = ("pipeline", "ventes", "marketing", "donnees", "CRM", "Forecast")
SLUG_TAGS = [f"theme-{n}" for n in range(40)]
# Free labels as editors type them, several folding onto a slug above or onto each other.
LABEL_TAGS = [
    "Process & outils", "process & tools", "Planning & organisation", "planning-organisation",
    "livre blanc", "Livre Blanc", "Données & CRM", "donnees-crm", "Théme 3", "THEME-4",
    *(f"Sujet libre {n}" for n in range(12)),
]  # fmt: skip


def sentence(rng, n=14):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def paragraph(rng, sentences=5):
    return " ".join(sentence(rng) for _ in range(sentences))


def screenshot(rng, width, height):
    """A PNG like a product screenshot: flat panels, lines of 'text', a few colours."""
    image = Image.new("RGB", (width, height), (246, 247, 250))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(width - 200), rng.randrange(height - 80)
        colour = tuple(rng.randrange(120, 255) for _ in range(3))
        draw.rectangle([x, y, x + rng.randrange(80, 400), y + rng.randrange(30, 200)], colour)
    for row in range(0, height, 28):
        draw.line([(40, row), (40 + rng.randrange(100, width - 80), row)], (60, 60, 70), 3)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False)
    return out.getvalue()


def photo(rng, width, height):
    """A JPEG like a photo: gradients and blurred noise."""
    base = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    noise = Image.effect_noise((width, height), 50).convert("RGB")
    image = Image.blend(base, noise.filter(ImageFilter.GaussianBlur(2)), 0.4)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def markdoc_blocks(rng, number, stems):
    blocks = []
    for _ in range(1 + number % 3):  # 40 posts → about 80 callouts
        title = f' title="{sentence(rng, 3)[:-1]}"' if rng.random() < 0.5 else ""
        blocks.append(f"{{% callout{title} %}}\n💡 {paragraph(rng, 2)}\n{{% /callout %}}")
    if number % 4 == 0:
        blocks.append(f"{{% statement %}}\n**{sentence(rng, 10)}**\n{{% /statement %}}")
    if number % 9 == 0:
        blocks.append(f'{{% youtubePlayer id="{video_id(rng)}" title="{sentence(rng, 4)}" /%}}')
    if number % 13 == 0:
        blocks.append(f'{{% tweet url="https://x.com/exemple/status/{rng.getrandbits(60)}" /%}}')
    if number % 10 == 0:
        blocks.append(
            '{% hubspotForm formId="'
            f'{rng.getrandbits(32):08x}-1234-4abc-8def-{rng.getrandbits(48):012x}" /%}}'
        )
    other = stems[(number + 7) % len(stems)]
    blocks.append(f"Voir aussi [notre article]({SITE}/blog/{other}) sur le sujet.")
    return blocks


def video_id(rng):
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
    return "".join(rng.choice(alphabet) for _ in range(11))


def ausha_id(rng):
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    return "".join(rng.choice(alphabet) for _ in range(12))


def generate(repo, posts, images, rng):
    """Write the repository; return the number of image files written."""
    (repo / "blog" / "fr").mkdir(parents=True)
    (repo / "stories" / "fr").mkdir(parents=True)
    stems = [
        f"guide-{n}-Pilotage-RevOps-{rng.choice(STEM_WORDS)}"
        if n % 5 == 0
        else f"article-{n}-revops"
        for n in range(posts)
    ]
    # Images: one directory per post; every tenth image is shared with the next post, a few
    # referenced images are missing from the repository.
    names = [f"post-{n % posts}/figure-{n}.{'png' if n % 3 else 'jpg'}" for n in range(images)]
    written = 0
    for n, name in enumerate(names):
        if n % 50 == 49:
            continue  # referenced, missing
        path = repo / "assets" / "posts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        width, height = rng.choice([(1600, 900), (1200, 800), (2000, 1125)])
        path.write_bytes(
            photo(rng, width, height) if n % 3 == 0 else screenshot(rng, width, height)
        )
        written += 1
    per_post = {}
    for n, name in enumerate(names):
        per_post.setdefault(n % posts, []).append(name)
    all_tags = SLUG_TAGS + LABEL_TAGS
    for number, stem in enumerate(stems):
        own = per_post.get(number, [])
        shared = names[(number * 10 + 10) % len(names)] if number % 10 == 0 else None
        figures = [f"![{sentence(rng, 5)[:-1]}]({STORAGE}{name})" for name in own[1:]]
        if shared:
            figures.append(f"![Schéma repris]({STORAGE}{shared})")
        sections = []
        for part in range(5):
            sections.append(f"## {sentence(rng, 5)[:-1]}\n\n{paragraph(rng)}\n\n{paragraph(rng)}")
            if part < len(figures):
                sections.append(figures[part])
        sections[2:2] = markdoc_blocks(rng, number, stems)
        tags = "\n".join(f"  - {t}" for t in rng.sample(all_tags, 4))
        description = " ".join(sentence(rng, 12) for _ in range(rng.randint(3, 5)))
        podcast = ""
        if number % 2 == 0:  # about half the posts are podcast episodes
            podcast = f"podcastId: {ausha_id(rng)}\npodcastShowId: {ausha_id(rng)}\n"
            sections.insert(
                0, f'{{% aushaPlayer podcastId="{ausha_id(rng)}" showId="{ausha_id(rng)}" /%}}'
            )
        video = f"youtubeId: {video_id(rng)}\n" if number % 7 == 0 else ""
        read = f'"{rng.randint(4, 12)} min"' if number % 2 else f"{rng.randint(4, 12)} min"
        excerpt_key = "exerpt" if number % 3 else "excerpt"
        hero = f"{STORAGE}{own[0]}" if own else f"{STORAGE}absente/hero.png"
        (repo / "blog" / "fr" / f"{stem}.md").write_text(
            f"---\ntitle: {sentence(rng, 8)[:-1]} numéro {number}\n"
            f"author: auteur-{number % 5}\ndescription: {description}\n"
            f"{excerpt_key}: |\n  {paragraph(rng, 2)}\n\n  {paragraph(rng, 2)}\n"
            f"read: {read}\nimage: {hero}\ndate: 2025-{number % 12 + 1:02d}-{number % 28 + 1:02d}\n"
            f"tags:\n{tags}\n{podcast}{video}---\n" + "\n\n".join(sections) + "\n",
            encoding="utf-8",
        )
    for number in range(6):
        (repo / "stories" / "fr" / f"client-{number}.md").write_text(
            f"---\nname: Client {number}\nsubtitle: {sentence(rng, 6)}\nspeaker: Une personne\n"
            f"role: Direction commerciale\nduration: 3 mois\nscopes:\n  - pipeline\n"
            f"tools:\n  - CRM\nquotes:\n  - {sentence(rng, 8)}\ndeliverables:\n  - tableau\n---\n"
            f"{paragraph(rng)}\n",
            encoding="utf-8",
        )
    return written


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(command, env):
    """Run a command; return its wall time, its CPU time (all threads) and its output."""
    started, cpu = time.perf_counter(), cpu_seconds()
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode:
        print(result.stdout[-3000:], result.stderr[-3000:])
        sys.exit(result.returncode)
    return elapsed, cpu_seconds() - cpu, result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=40)
    parser.add_argument("--images", type=int, default=150)
    args = parser.parse_args()
    rng = random.Random(12)
    with tempfile.TemporaryDirectory(prefix="revops-migration-") as tmp:
        tmp = Path(tmp)
        repo = tmp / "blog-repo"
        started = time.perf_counter()
        written = generate(repo, args.posts, args.images, rng)
        print(
            f"generated {args.posts} posts, {written} image files "
            f"({args.images - written} referenced but missing) "
            f"in {time.perf_counter() - started:.1f} s"
        )
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
            "MEDIA_ROOT": str(tmp / "media"),
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
        command = [
            *manage, "import_markdown", str(repo / "blog" / "fr"),
            "--site-url", SITE,
            "--media-url-map", f"{STORAGE}={repo / 'assets' / 'posts'}",
        ]  # fmt: skip
        elapsed, cpu, output = run(command, env)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        lines = output.strip().splitlines()
        print("\n".join([line for line in lines if not line.startswith(" ")][-6:]))
        print(
            f"first import: {args.posts} posts, {written} images in {elapsed:.1f} s "
            f"(CPU {cpu:.1f} s on {os.cpu_count()} cores), peak memory {peak_mb:.0f} MB "
            "(targets: < 60 s, < 500 MB)"
        )
        again, _, output = run(command, env)
        print(
            f"second import (nothing changes): {again:.1f} s (target: < 5 s); "
            + next(line for line in output.splitlines() if "Totaux" in line)
        )


if __name__ == "__main__":
    main()
