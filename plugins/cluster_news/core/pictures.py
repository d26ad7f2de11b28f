"""Pictures for phones and share cards: resized copies made with Pillow, cached between builds.

Every picture under content/assets/ is published without its metadata (camera, GPS position: editors'
phone photos carry them) and at most `MAX_WIDTH` wide, at its own address. Pictures that pages show get
resized copies in WebP and in their own format (`WIDTHS`), and a 1200×630 crop for share cards. Copies
are named after the picture's content, so an edited picture gets new addresses, and the same source
always gives the same bytes (reproducible builds); the cache only saves the time to make them.
"""

from __future__ import annotations

import hashlib
import io
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from .schema import PICTURE_TYPES
from .slugs import slugify

PICTURES_FOLDER = "pictures"
"""Where the resized copies are published (a folder no editor's page may use)."""
WIDTHS = (480, 960, 1600)
MAX_WIDTH = 2400
SHARE_SIZE = (1200, 630)
"""Open Graph's recommended card: what social networks and messengers show."""
MAX_PIXELS = 50_000_000
"""Larger pictures are refused (and Pillow refuses decompression bombs): 50 megapixels is 8,660 × 5,773."""
RECIPE = "2"
"""Raise when the way copies are made changes: copies made before are not reused."""

_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".gif": "PNG"}
_MEDIA_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class PictureError(Exception):
    """A picture file that cannot be published: too large, or not readable as a picture."""


def dimensions(path: Path) -> tuple[int, int]:
    """(width, height) as shown (after the camera's orientation), reading only the file's header."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # the size is checked below
            with Image.open(path) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise PictureError(f"the picture is {width} × {height} pixels, "
                                       f"more than {MAX_PIXELS // 1_000_000} million")
                # JPEG and WebP say the orientation before the pixels; PNG's comes after them, if at all.
                orientation = image.getexif().get(0x0112, 1) if image.format in ("JPEG", "WEBP") else 1
    except Image.DecompressionBombError:
        raise PictureError(f"the picture has more than {MAX_PIXELS // 1_000_000} million pixels") from None
    except UnidentifiedImageError:
        raise PictureError("the picture cannot be read (it is damaged, or not a picture)") from None
    except (OSError, SyntaxError, ValueError) as error:
        raise PictureError(f"the picture cannot be read ({str(error).replace(str(path), path.name)})") from None
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


@dataclass(frozen=True)
class Size:
    url: str
    """Site-root relative: 'pictures/plovdiv-3f2a9c01bd-480.webp'."""
    width: int
    height: int
    media_type: str


@dataclass(frozen=True)
class PictureSizes:
    """What pages need to show one picture: its published copy and the resized ones."""

    full: Size
    """The picture at its own address (`assets/…`), without metadata, at most MAX_WIDTH wide."""
    webp: tuple[Size, ...]
    own_format: tuple[Size, ...]
    """Resized copies in the picture's format, the full copy last."""
    share: Size

    def srcset(self, sizes: tuple[Size, ...]) -> str:
        return ", ".join(f"{size.url} {size.width}w" for size in sizes)


class PictureMaker:
    """Plans and makes the copies of the pictures of one site."""

    def __init__(self, content_root: Path, cache_dir: Path):
        self.content_root = content_root
        self.cache_dir = cache_dir
        self._sizes: dict[str, PictureSizes] = {}
        self._recipes: dict[str, tuple[str, str, tuple[int, int] | None, bool]] = {}
        """url -> (source, format, box to fit or crop to, crop)"""

    def sizes(self, src: str) -> PictureSizes:
        """The copies of `src` ('assets/photo.jpg'), planned (made by `files`)."""
        if src not in self._sizes:
            self._sizes[src] = self._plan(src)
        return self._sizes[src]

    def _plan(self, src: str) -> PictureSizes:
        path = self.content_root / src
        width, height = dimensions(path)
        own = _FORMATS[path.suffix.lower()]
        digest = hashlib.sha256(path.read_bytes() + RECIPE.encode()).hexdigest()[:10]
        stem = f"{PICTURES_FOLDER}/{slugify(path.stem) or 'picture'}-{digest}"
        scale = min(1.0, MAX_WIDTH / width)
        full_width, full_height = round(width * scale), round(height * scale)
        full = Size(src, full_width, full_height, _MEDIA_TYPES[own] if path.suffix.lower() != ".gif" else "image/gif")
        self._recipes[src] = (src, "ORIGINAL", (full_width, full_height), False)

        def copy(fmt: str, box_width: int, box_height: int, crop: bool = False) -> Size:
            url = f"{stem}-{box_width}{'x' + str(box_height) if crop else ''}.{_EXTENSIONS[fmt]}"
            self._recipes[url] = (src, fmt, (box_width, box_height), crop)
            return Size(url, box_width, box_height, _MEDIA_TYPES[fmt])

        smaller = [w for w in WIDTHS if w < full_width]
        webp = tuple(copy("WEBP", w, round(full_height * w / full_width)) for w in smaller) + (
            copy("WEBP", full_width, full_height),)
        own_format = tuple(copy(own, w, round(full_height * w / full_width)) for w in smaller) + (full,)
        return PictureSizes(full, webp, own_format, copy("JPEG", *SHARE_SIZE, crop=True))

    def urls(self) -> list[str]:
        """Every copy planned so far: the pictures' own addresses and their resized copies."""
        return sorted(self._recipes)

    def path(self, url: str) -> Path:
        """The file of copy `url`, in the cache (made now if it is not there yet)."""
        source, fmt, box, crop = self._recipes[url]
        data = (self.content_root / source).read_bytes()
        key = hashlib.sha256(f"{RECIPE}|{fmt}|{box}|{crop}|".encode() + data).hexdigest()
        cached = self.cache_dir / key[:2] / key
        if not cached.is_file():
            cached.parent.mkdir(parents=True, exist_ok=True)
            temporary = cached.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_bytes(_encode(data, Path(source).suffix.lower(), fmt, box, crop))
            temporary.replace(cached)  # atomic: builds running side by side never read half a file
        return cached


def _encode(data: bytes, suffix: str, fmt: str, box: tuple[int, int], crop: bool) -> bytes:
    with Image.open(io.BytesIO(data)) as opened:
        if suffix == ".gif" and fmt == "ORIGINAL":
            return data if not opened.info.get("exif") else _strip_gif(opened)
        image = ImageOps.exif_transpose(opened)  # turn as the camera meant, then forget its metadata
        if fmt == "ORIGINAL":
            fmt = _FORMATS[suffix]
        if crop or image.size != box:
            if image.mode in ("1", "P"):  # Pillow resizes palette pictures pixel by pixel: give it real colours
                image = image.convert("RGBA" if image.info.get("transparency") is not None else "RGB")
            image = ImageOps.fit(image, box, Image.Resampling.LANCZOS) if crop else image.resize(
                box, Image.Resampling.LANCZOS)
        if fmt == "JPEG" and image.mode not in ("RGB", "L"):
            image = _flatten(image)
        out = io.BytesIO()
        icc = opened.info.get("icc_profile")
        options = {"icc_profile": icc} if icc else {}
        if fmt == "JPEG":
            image.save(out, "JPEG", quality=85, optimize=True, progressive=True, **options)
        elif fmt == "WEBP":
            image.save(out, "WEBP", quality=80, method=4, **options)
        else:
            image.save(out, "PNG", optimize=True, **options)
        return out.getvalue()


def _flatten(image: Image.Image) -> Image.Image:
    """Transparent pictures on white (JPEG has no transparency)."""
    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, (255, 255, 255))
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def _strip_gif(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "GIF", save_all=True)
    return out.getvalue()


def is_picture(src: str) -> bool:
    return Path(src).suffix.lower() in PICTURE_TYPES
