"""Benchmark: renditions of a 4000×3000 photo; time taken and bytes saved against the original.

Target on the 2-core development machine: under 2 s. Run with `make bench-images`.
"""

import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def photo(width=4000, height=3000):
    """A photo-like JPEG: smooth gradients plus sensor-like noise (no metadata)."""
    from PIL import Image, ImageChops, ImageFilter

    base = Image.merge(
        "RGB",
        [
            Image.linear_gradient("L").resize((width, height)),
            Image.radial_gradient("L").resize((width, height)),
            Image.linear_gradient("L").rotate(90).resize((width, height)),
        ],
    )
    noise = (
        Image.effect_noise((width, height), 40).convert("RGB").filter(ImageFilter.GaussianBlur(1))
    )
    image = ImageChops.add(base, noise, scale=1.6)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def main():
    tmp = tempfile.mkdtemp(prefix="revops-renditions-")
    os.environ["MEDIA_ROOT"] = tmp
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "revops_site.settings")
    import django

    django.setup()
    from django.core.files.base import ContentFile

    from articles.images import HAS_AVIF, make_renditions
    from articles.models import ImageAsset

    data = photo()
    asset = ImageAsset(alt="Photo de test", width=4000, height=3000)
    asset.file.save("photo.jpg", ContentFile(data), save=False)
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        manifest = make_renditions(asset)
        runs.append(time.perf_counter() - started)
    print(f"source: 4000x3000 JPEG, {len(data) / 1024:.0f} KiB; AVIF available: {HAS_AVIF}")
    print(
        f"renditions: {len(manifest)} files in {min(runs):.2f} s (best of 3; "
        f"runs: {', '.join(f'{r:.2f}' for r in runs)}) - target < 2 s"
    )
    for width in (480, 800, 1200, 1600):
        sizes = {
            r["format"]: r["bytes"] for r in manifest if r["kind"] == "full" and r["width"] == width
        }
        best = min(sizes.values())
        print(
            f"  {width:>4} px: "
            + ", ".join(f"{fmt} {size / 1024:.0f} KiB" for fmt, size in sorted(sizes.items()))
            + f" - saves {100 * (1 - best / len(data)):.1f}% of the original's bytes"
        )


if __name__ == "__main__":
    main()
