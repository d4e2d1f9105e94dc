"""Images: safe uploads and responsive renditions, written with Pillow.

Uploads are identified from their bytes (never the name or the browser's content type), bounded
(bytes before decoding, pixels before decompressing, every frame counted), decoded in full (a
truncated file is refused) and re-encoded: EXIF orientation applied, GPS and camera metadata
dropped, trailing bytes gone.

Renditions are generated once, when an image's file or focal point changes, at a fixed ladder
of widths (never upscaled) in AVIF (when this Pillow can write it), WebP and the original
format, plus 16:9 crops around the focal point for cards. They live in the default storage
(local disk or S3-compatible) and are listed in `ImageAsset.renditions`, so pages never look
at the storage to build their `<picture>`.
"""

import hashlib
import io
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError, features

RENDITION_WIDTHS = (480, 800, 1200, 1600)
CARD_WIDTHS = (480, 800)
CARD_RATIO = (16, 9)
HAS_AVIF = features.check("avif")
ACCEPTED = ("JPEG", "PNG", "GIF", "WEBP", *(("AVIF",) if HAS_AVIF else ()))
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp", "AVIF": "avif"}
MIME_TYPES = {"jpg": "image/jpeg", "png": "image/png", "gif": "image/gif",
              "webp": "image/webp", "avif": "image/avif"}  # fmt: skip
SAVE_OPTIONS = {
    "JPEG": {"quality": 85, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 82, "method": 4},
    "AVIF": {"quality": 62, "speed": 8},
    "GIF": {},
}
ACCEPTED_LABEL = "JPEG, PNG, GIF ou WebP" + (" (ou AVIF)" if HAS_AVIF else "")
# A multi-picture JPEG (MPO: what many phones write) is a JPEG whose first picture is the photo;
# the others (depth map, second lens) are dropped and the upload stored as a plain JPEG.
SAME_AS = {"MPO": "JPEG"}


def _limit_bytes():
    return settings.IMAGE_UPLOAD_MAX_BYTES


def _limit_pixels():
    return settings.IMAGE_MAX_PIXELS


def check_image(upload):
    """Validate an uploaded image; return its detected format. Raises a French ValidationError.

    `upload` is any file object with a `size` or seekable content. Nothing is written here.
    """
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    if size > _limit_bytes():
        raise ValidationError(
            f"Fichier trop lourd ({size / 1_048_576:.1f} Mo) : la limite est de "
            f"{_limit_bytes() / 1_048_576:.0f} Mo."
        )
    upload.seek(0)
    head = upload.read(1024).lstrip().lower()
    upload.seek(0)
    if head.startswith((b"<svg", b"<?xml")) or b"<svg" in head:
        raise ValidationError(
            "Les images SVG ne sont pas acceptées (elles peuvent contenir du code) : "
            f"envoyez une image {ACCEPTED_LABEL}."
        )
    try:
        with Image.open(upload, formats=ACCEPTED) as image:
            detected = SAME_AS.get(image.format, image.format)
            frames = getattr(image, "n_frames", 1)
            pixels = image.width * image.height * frames
            if pixels > _limit_pixels():
                raise ValidationError(
                    f"Image trop grande : {image.width} × {image.height} px"
                    + (f" × {frames} images" if frames > 1 else "")
                    + f", soit {pixels / 1e6:.0f} mégapixels ; la limite est de "
                    f"{_limit_pixels() / 1e6:.0f} mégapixels."
                )
            for frame in range(frames):  # decode everything: truncated files fail here
                image.seek(frame)
                image.load()
    except ValidationError:
        raise
    except Image.DecompressionBombError as exc:
        raise ValidationError("Image refusée : trop de pixels une fois décompressée.") from exc
    except UnidentifiedImageError as exc:
        raise ValidationError(f"Ce fichier n'est pas une image {ACCEPTED_LABEL} lisible.") from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ValidationError("Image illisible ou tronquée : le fichier est incomplet.") from exc
    finally:
        upload.seek(0)
    return detected


METADATA_KEYS = ("exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop", "adobe", "iptc")
# PNG chunks an image needs (pixels, palette, transparency, colour profile and rendering, and
# an APNG's animation); any other (tEXt, zTXt, iTXt, eXIf, a private chunk) means re-encoding.
PNG_KEPT_CHUNKS = {
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"iCCP", b"sRGB", b"gAMA", b"cHRM", b"sBIT",
    b"pHYs", b"acTL", b"fcTL", b"fdAT",
}  # fmt: skip
# JPEG segments before the image data that a photo needs: JFIF (APP0), the ICC profile (APP2),
# tables, frame and restart headers. Any other (EXIF, XMP, comments, vendor data) means
# re-encoding.
JPEG_KEPT_MARKERS = {0xE0, 0xE2, 0xDB, 0xC4, 0xDD, *range(0xC0, 0xC4), *range(0xC5, 0xC8),
                     *range(0xC9, 0xCC), *range(0xCD, 0xD0)}  # fmt: skip
GIF_LOOP_EXTENSIONS = (b"NETSCAPE2.0", b"ANIMEXTS1.0")


def _png_chunks_kept(data):
    position = 8
    while position + 8 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        if kind not in PNG_KEPT_CHUNKS:
            return False
        position += 12 + length
        if kind == b"IEND":
            return position == len(data)
    return False


def _jpeg_segments_kept(data):
    if b"\xff\xfe" in data:  # a comment anywhere (between scans too); may be a false alarm
        return False
    position = 2
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        if marker == 0xDA:  # start of scan: the image data
            return True
        if marker not in JPEG_KEPT_MARKERS:
            return False
        position += 2 + int.from_bytes(data[position + 2 : position + 4], "big")
    return False


def _gif_blocks_kept(data):
    """Only images, graphic controls and the loop extension: no comment, plain text or other
    application block."""

    def skip_sub_blocks(position):
        while position < len(data) and data[position]:
            position += data[position] + 1
        return position + 1

    flags = data[10] if len(data) > 10 else 0
    position = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    while position < len(data):
        block = data[position]
        if block == 0x3B:  # trailer
            return position + 1 == len(data)
        if block == 0x2C:  # an image: descriptor, local palette, LZW size, data
            flags = data[position + 9] if position + 9 < len(data) else 0
            position += 10 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
            position = skip_sub_blocks(position + 1)
        elif block == 0x21 and position + 1 < len(data):
            label = data[position + 1]
            if label == 0xFF and data[position + 3 : position + 14] in GIF_LOOP_EXTENSIONS:
                pass
            elif label != 0xF9:
                return False
            position = skip_sub_blocks(position + 2)
        else:
            return False
    return False


def _already_clean(data, image):
    """True when re-encoding would change nothing worth changing: no metadata, no comment or
    text, no orientation to apply, no bytes after the image. Keeping such files as they are
    avoids a generation of lossy compression each time an exported image is imported again."""
    if any(key in image.info for key in METADATA_KEYS) or len(image.getexif()):
        return False
    if getattr(image, "text", None):  # PNG text chunks
        return False
    structure = {
        "JPEG": _jpeg_segments_kept,
        "PNG": _png_chunks_kept,
        "GIF": _gif_blocks_kept,
        "WEBP": lambda d: int.from_bytes(d[4:8], "little") + 8 == len(d),
    }
    check = structure.get(image.format)  # an MPO is never kept: its other pictures go
    return bool(check and check(data))


def _without_metadata(image):
    """Pillow writes some of what it read back (a GIF's or a JPEG's comment): not ours."""
    for key in METADATA_KEYS:
        image.info.pop(key, None)
    return image


def clean_image_bytes(upload, detected):
    """Re-encode: orientation applied, metadata (GPS, camera, comments, text chunks) dropped,
    trailing bytes gone; colour profile and transparency kept. A multi-picture JPEG keeps its
    first picture."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    with Image.open(io.BytesIO(data), formats=ACCEPTED) as image:
        if _already_clean(data, image):
            return data
        out = io.BytesIO()
        icc = image.info.get("icc_profile")
        extra = {"icc_profile": icc} if icc and detected in ("JPEG", "PNG", "WEBP", "AVIF") else {}
        if getattr(image, "n_frames", 1) > 1 and image.format != "MPO":
            frames = [_without_metadata(frame.copy()) for frame in ImageSequence.Iterator(image)]
            frames[0].save(
                out,
                format=detected,
                save_all=True,
                append_images=frames[1:],
                loop=image.info.get("loop", 0),
                duration=image.info.get("duration", 100),
                **extra,
            )
        else:
            image.seek(0)
            oriented = _without_metadata(ImageOps.exif_transpose(image))
            if detected == "JPEG" and oriented.mode not in ("RGB", "L", "CMYK"):
                oriented = oriented.convert("RGB")
            oriented.save(out, format=detected, **SAVE_OPTIONS[detected], **extra)
    upload.seek(0)
    return out.getvalue()


def cleaned_upload(upload):
    """The checked, re-encoded image, named after its real format (`image.<ext>`).

    Raises ValidationError (in French) and writes nothing when the file is refused.
    """
    detected = check_image(upload)
    return ContentFile(clean_image_bytes(upload, detected), name=f"image.{EXTENSIONS[detected]}")


# --- Renditions ------------------------------------------------------------------------------


def rendition_formats(source_format):
    formats = ["AVIF"] if HAS_AVIF else []
    formats.append("WEBP")
    if source_format in ("JPEG", "PNG") and source_format not in formats:
        formats.append(source_format)  # the fallback every browser reads
    return formats


def _focal_box(size, ratio, focal):
    """The largest box of `ratio` inside `size`, centred on the focal point where possible."""
    width, height = size
    target_w = min(width, round(height * ratio[0] / ratio[1]))
    target_h = min(height, round(target_w * ratio[1] / ratio[0]))
    fx, fy = focal
    left = min(max(round(fx * width - target_w / 2), 0), width - target_w)
    top = min(max(round(fy * height - target_h / 2), 0), height - target_h)
    return (left, top, left + target_w, top + target_h)


def make_renditions(asset, storage=None):
    """Generate and store every rendition of `asset`; return the manifest (a list of dicts).

    The frames are resized one after the other (each from the previous: faster, as sharp), then
    encoded in parallel: Pillow's encoders and resizing release the GIL, so an upload or an
    import of many images uses every core (about twice as fast on the 2-core machine).
    """
    storage = storage or default_storage
    delete_renditions(asset, storage)
    if not asset.file:
        return []
    with asset.file.open("rb") as handle:
        data = handle.read()
    frames = []  # (kind, stem, image)
    with Image.open(io.BytesIO(data)) as image:
        source_format = image.format
        if getattr(image, "n_frames", 1) > 1:
            return []  # animated images are served as they are: resizing would lose the motion
        image = ImageOps.exif_transpose(image)
        image.load()
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        digest = hashlib.sha256(data).hexdigest()[:10]
        widths = [w for w in RENDITION_WIDTHS if w < image.width] or []
        current = image
        for width in sorted(widths, reverse=True):
            height = round(image.height * width / image.width)
            current = current.resize((width, height), Image.LANCZOS)
            frames.append(("full", f"w{width}-{digest}", current))
        box = _focal_box(image.size, CARD_RATIO, (asset.focal_x, asset.focal_y))
        cropped = image.crop(box)
        for width in sorted(CARD_WIDTHS, reverse=True):
            width = min(width, cropped.width)
            height = round(width * CARD_RATIO[1] / CARD_RATIO[0])
            cropped = cropped.resize((width, height), Image.LANCZOS)
            frames.append(("card", f"c{width}-{digest}", cropped))
    formats = rendition_formats(source_format)
    jobs = [(frame, fmt) for _, _, frame in frames for fmt in formats]
    encoded = iter(_encoder_pool().map(_encode, jobs))
    base = PurePosixPath("renditions") / str(asset.pk)
    manifest = []
    for kind, stem, frame in frames:
        for fmt in formats:
            content = next(encoded)
            name = str(base / f"{stem}.{EXTENSIONS[fmt]}")
            if storage.exists(name):
                storage.delete(name)
            manifest.append(
                {
                    "kind": kind,
                    "format": EXTENSIONS[fmt],
                    "width": frame.width,
                    "height": frame.height,
                    "name": storage.save(name, ContentFile(content)),
                    "bytes": len(content),
                }
            )
    return _unique(manifest)


_pool = None


def _encoder_pool():
    """Threads for encoding renditions, one per core, made on first use."""
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 2, thread_name_prefix="renditions")
    return _pool


def _encode(job):
    frame, fmt = job
    out = io.BytesIO()
    if fmt == "JPEG" and frame.mode != "RGB":
        frame = frame.convert("RGB")
    frame.save(out, format=fmt, **SAVE_OPTIONS[fmt])
    return out.getvalue()


def _unique(manifest):
    seen, result = set(), []
    for item in manifest:
        if item["name"] not in seen:
            seen.add(item["name"])
            result.append(item)
    return result


def delete_renditions(asset, storage=None):
    storage = storage or default_storage
    for item in asset.renditions or []:
        if storage.exists(item["name"]):
            storage.delete(item["name"])


def delete_files(asset, storage=None):
    """The image's file and renditions, gone (the image itself is being deleted)."""
    delete_renditions(asset, storage)
    if asset.file:
        asset.file.delete(save=False)


def picture(asset, kind="full", storage=None):
    """What a `<picture>` needs: sources per modern format, and the fallback `<img>`."""
    storage = storage or default_storage
    items = [r for r in (asset.renditions or []) if r["kind"] == kind]
    fallback_format = PurePosixPath(asset.file.name).suffix.lstrip(".").lower()
    sources = []
    for fmt in ("avif", "webp"):
        chosen = sorted((r for r in items if r["format"] == fmt), key=lambda r: r["width"])
        if chosen and fmt != fallback_format:
            sources.append(
                {
                    "type": MIME_TYPES[fmt],
                    "srcset": ", ".join(f"{storage.url(r['name'])} {r['width']}w" for r in chosen),
                }
            )
    own = sorted((r for r in items if r["format"] == fallback_format), key=lambda r: r["width"])
    if kind == "card" and items:
        largest = max(items, key=lambda r: r["width"])
        width, height = largest["width"], largest["height"]
        src = storage.url((own or [largest])[-1]["name"])
    else:
        width, height, src = asset.width, asset.height, asset.file.url
    srcset_items = [f"{storage.url(r['name'])} {r['width']}w" for r in own]
    if kind == "full" and srcset_items and asset.width:
        srcset_items.append(f"{asset.file.url} {asset.width}w")
    return {
        "sources": sources,
        "src": src,
        "srcset": ", ".join(srcset_items),
        "width": width,
        "height": height,
    }
