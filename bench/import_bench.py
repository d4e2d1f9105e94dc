"""Benchmark: import 1,000 generated articles with five roles each; print time and peak memory.

Target on the 2-core development machine: under 20 s and under 300 MB.
Run with `make bench-import` (or `.venv/bin/python bench/import_bench.py [--articles N]`).
"""

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = (
    "revenu équipe données pipeline prévision processus outil client marché vente "
    "marketing succès analyse stratégie formation pilotage indicateur qualité cycle"
).split()


def sentence(rng, n=14):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def paragraph(rng, sentences=5):
    return " ".join(sentence(rng) for _ in range(sentences))


def generate(target, count, rng):
    target.mkdir(parents=True, exist_ok=True)
    (target / "tags.yml").write_text(
        "".join(f"tag-{n}: Tag {n}\n" for n in range(30)), encoding="utf-8"
    )
    for number in range(count):
        bundle = target / f"article-{number:05d}"
        (bundle / "roles").mkdir(parents=True)
        tags = "\n".join(f"  - tag-{t}" for t in rng.sample(range(30), 3))
        image = uuid.UUID(int=rng.getrandbits(128))
        body = "\n\n".join(
            [f"## Partie {p}\n\n{paragraph(rng)}\n\n{paragraph(rng)}" for p in range(4)]
            + [f"![Schéma {number}]({image})", "[[roles]]", "## Conclusion", paragraph(rng)]
        )
        (bundle / "index.md").write_text(
            f"---\ntitle: Article généré numéro {number}\nauthor: auteur-{number % 7}\n"
            f"description: {sentence(rng)}\ndate: 2025-{number % 12 + 1:02d}-{number % 28 + 1:02d}\n"
            f"status: published\nread: 3 min\ntags:\n{tags}\n---\n{body}\n",
            encoding="utf-8",
        )
        for r in range(5):
            missions = "\n".join(f'  - "{sentence(rng, 8)}"' for _ in range(5))
            (bundle / "roles" / f"{r + 1:02d}-role-{r}.md").write_text(
                f"---\ntitle: Rôle {r}\nslug: role-{r}\nnickname: le surnom {r}\n"
                f"missions:\n{missions}\nbackground:\n  experience:\n    - {sentence(rng, 6)}\n"
                f"  certifications:\n    - {sentence(rng, 4)}\nalternative_titles:\n"
                f"  - title: Variante {r}\n    note: {sentence(rng, 4)}\n---\n{paragraph(rng)}\n",
                encoding="utf-8",
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()
    rng = random.Random(42)
    with tempfile.TemporaryDirectory(prefix="revops-bench-") as tmp:
        tmp = Path(tmp)
        started = time.perf_counter()
        generate(tmp / "content", args.articles, rng)
        files = sum(1 for _ in (tmp / "content").rglob("*.md"))
        print(
            f"generated {args.articles} articles, {files} files in {time.perf_counter() - started:.1f} s"
        )
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
            "MEDIA_ROOT": str(tmp / "media"),
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
        started = time.perf_counter()
        result = subprocess.run(
            [*manage, "import_markdown", str(tmp / "content")],
            env=env, capture_output=True, text=True,
        )  # fmt: skip
        elapsed = time.perf_counter() - started
        if result.returncode:
            print(result.stdout[-2000:], result.stderr[-2000:])
            sys.exit(result.returncode)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(result.stdout.strip().splitlines()[-1])
        print(f"import: {args.articles} articles x 5 roles in {elapsed:.1f} s "
              f"({args.articles / elapsed:.0f} articles/s), peak memory {peak_mb:.0f} MB "
              "(targets: < 20 s, < 300 MB)")  # fmt: skip
        started = time.perf_counter()
        again = subprocess.run(
            [*manage, "import_markdown", str(tmp / "content")],
            env=env,
            capture_output=True,
            text=True,
        )
        print(f"second import (nothing changes): {time.perf_counter() - started:.1f} s; "
              + again.stdout.strip().splitlines()[-1])  # fmt: skip


if __name__ == "__main__":
    main()
