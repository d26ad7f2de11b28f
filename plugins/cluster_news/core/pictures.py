"""Pictures for phones and share cards: resized copies made with Pillow, cached between builds.

Every picture under content/assets/ is published without its metadata (camera, GPS position: editors'
phone photos carry them) at its own address: a photo (JPEG, WebP) at most `OWN_WIDTH` wide, a drawing (PNG)
or animation (GIF) at most `MAX_WIDTH`. Pictures that pages show get resized copies in WebP (`WIDTHS`, up to
`MAX_WIDTH`), which every browser in use shows, and a 1200×630 crop for share cards; a browser without WebP
gets the picture at its own address (an animation's first frame, as a PNG), rather than resized copies in
the picture's own format that no reader's browser would download (they were more than two thirds of the
copies' bytes). Copies
are named after the picture's content, so an edited picture gets new addresses, and the same source
always gives the same bytes (reproducible builds); the cache only saves the time to make them.
"""

from __future__ import annotations

import hashlib
import io
import os
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageFile, ImageOps, ImageSequence, UnidentifiedImageError

from . import metadata
from .file_status import KeptWhileUnchanged
from .messages import tr
from .schema import PICTURE_TYPES
from .slugs import slugify

PICTURES_FOLDER = "pictures"
"""Where the resized copies are published (a folder no editor's page may use)."""
WIDTHS = (256, 480, 960, 1600)
"""256: the 128 px thumbnails of cards on phones, sharp on screens of two device pixels a CSS pixel."""
MAX_WIDTH = WIDTHS[-1]
"""The largest WebP copy (and a drawing at its own address) is at most this wide: the widest copy any page's
`sizes` asks for (an article's 46rem column on a screen of two device pixels a CSS pixel). Wider copies were a
third of the pictures' bytes, and no page fetched them."""
OWN_WIDTH = 960
"""A photo (JPEG, WebP) at its own address is at most this wide. No browser in use fetches it (they take the
WebP copies, up to MAX_WIDTH); it is the fallback of browsers without WebP, where 960 px fills an article's
column, the picture an editor's link opens, and the second picture search engines are given (the share card,
1200 px wide, is the first). At MAX_WIDTH it was nearly half the pictures' bytes. Drawings (PNG) keep
MAX_WIDTH: their text must stay legible, and a palette PNG at its own size is a small file."""
JPEG_QUALITY = 80
"""Every JPEG's: the share card (what messengers and social networks show, 1200 px wide) and a photo at its own
address; 0.8 times the bytes of quality 85, 1 dB less PSNR (the trade-off: docs/performance.md)."""
SHARE_SIZE = (1200, 630)
"""Open Graph's recommended card: what social networks and messengers show."""
MAX_PIXELS = 25_000_000
"""Larger pictures are refused (a 24-megapixel camera's photos pass): decoding one takes ~100 MB. Every frame
of an animation counts: each is decoded onto the whole picture."""
MAX_FRAMES = 300
"""Frames of an animation (ten seconds at 30 frames a second): each costs its decoding and resizing."""
LARGE_PIXELS = 12_000_000
"""Pictures over this are made one at a time (two at 25 MP side by side would take ~750 MB)."""
WEBP_METHOD = 2
"""libwebp's effort (0-6): 2, not its default 4, which takes about three times as long for files a few percent
smaller at the same fidelity (the trade-off measured: docs/performance.md)."""
ADDRESSES = "2"
"""Part of the copies' names: raise it when the way copies look changes, so that readers' browsers do not
show copies made the old way."""
RECIPE = "8"
"""Raise when the bytes of the copies may change: copies made before (the cache) are not reused."""

_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".gif": "PNG"}
_MEDIA_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
ImageFile.LOAD_TRUNCATED_IMAGES = True
"""A JPEG cut short shows grey where it ends (as browsers show it) instead of failing the build."""


class PictureError(Exception):
    """A picture file that cannot be published: too large, or not readable as a picture."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint or tr("export it again, at most 4000 pixels wide")


def dimensions(path: Path) -> tuple[int, int]:
    """(width, height) as shown (after the camera's orientation), reading only the file's header."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # the size is checked below
            with Image.open(path) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise PictureError(tr("the picture is {width} × {height} pixels, more than {limit} million",
                                          width=width, height=height, limit=MAX_PIXELS // 1_000_000))
                frames = getattr(image, "n_frames", 1)  # from the headers: no frame is decoded
                fewer = tr("export it again with fewer or smaller frames")
                if frames > MAX_FRAMES:
                    raise PictureError(tr("the animation has {frames} frames, more than {limit}", frames=frames,
                                          limit=MAX_FRAMES), fewer)
                if width * height * frames > MAX_PIXELS:
                    raise PictureError(tr("the animation has {frames} frames of {width} × {height} pixels, {total} "
                                          "million in all, more than {limit} million", frames=frames, width=width,
                                          height=height, total=f"{width * height * frames / 1_000_000:,.0f}",
                                          limit=MAX_PIXELS // 1_000_000), fewer)
                # JPEG and WebP say the orientation before the pixels; PNG's comes after them, if at all.
                orientation = image.getexif().get(0x0112, 1) if image.format in ("JPEG", "WEBP") else 1
                if image.format == "PNG":
                    image.verify()  # every chunk present and intact (the pixels are not decoded)
                elif image.format in ("WEBP", "GIF"):
                    image.load()  # these decoders fail on damaged files: fail here, not in the build
    except Image.DecompressionBombError:
        raise PictureError(tr("the picture has more than {limit} million pixels",
                              limit=MAX_PIXELS // 1_000_000)) from None
    except UnidentifiedImageError:
        raise PictureError(tr("the picture cannot be read (it is damaged, or not a picture)")) from None
    except (OSError, SyntaxError, ValueError) as error:
        raise PictureError(tr("the picture cannot be read ({reason})",
                              reason=str(error).replace(str(path), path.name))) from None
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
    """The picture at its own address (`assets/…`), without metadata, at most OWN_WIDTH (a photo) or MAX_WIDTH
    (a drawing, an animation) wide."""
    webp: tuple[Size, ...]
    """Smallest first; the last is the picture as large as pages show it (at most MAX_WIDTH wide)."""
    fallback: Size
    """For browsers without WebP: the full copy (an animation's first frame as a PNG, the size of the full copy)."""
    share: Size

    @property
    def shown(self) -> Size:
        """The largest copy pages show: its width and height are the `<img>`'s."""
        return self.webp[-1]

    def srcset(self, sizes: tuple[Size, ...]) -> str:
        return ", ".join(f"{size.url} {size.width}w" for size in sizes)


@dataclass(frozen=True)
class PicturePlan:
    """What planning one picture's copies derived from its bytes (the preview keeps it while the file is
    unchanged)."""

    sizes: PictureSizes
    recipes: dict[str, tuple[str, str, tuple[int, int] | None, bool]]
    """url -> (source, format, box to fit or crop to, crop)"""
    digest: str
    """SHA-256 of the picture's bytes"""
    pixels: int
    """width × height"""


class PictureMaker:
    """Plans and makes the copies of the pictures of one site. Plans are taken from `kept` (the preview's
    last build) for pictures unchanged since, and kept there."""

    def __init__(self, content_root: Path, cache_dir: Path, kept: KeptWhileUnchanged[PicturePlan] | None = None):
        self.content_root = content_root
        self.cache_dir = cache_dir
        self._kept = kept
        self._sizes: dict[str, PictureSizes] = {}
        self._recipes: dict[str, tuple[str, str, tuple[int, int] | None, bool]] = {}
        """url -> (source, format, box to fit or crop to, crop)"""
        self._digests: dict[str, str] = {}
        """source -> SHA-256 of its bytes"""
        self._pixels: dict[str, int] = {}
        """source -> width × height"""

    def plan(self, pictures: list[str]) -> None:
        """Plan the copies of every picture of the content tree (`pictures`: 'assets/photo.jpg', …)."""
        if self._kept is not None:
            self._kept.start()
        for src in pictures:
            self.sizes(src)
        if self._kept is not None:
            self._kept.finish()

    def sizes(self, src: str) -> PictureSizes:
        """The copies of `src` ('assets/photo.jpg'), planned (made by `files`)."""
        if src not in self._sizes:
            path = self.content_root / src
            status = path.stat() if self._kept is not None else None
            plan = self._kept.get(src, status) if self._kept is not None else None
            if plan is None:
                plan = self._plan(src, path)
            if self._kept is not None:
                self._kept.keep(src, status, plan)
            self._sizes[src] = plan.sizes
            self._recipes.update(plan.recipes)
            self._digests[src] = plan.digest
            self._pixels[src] = plan.pixels
        return self._sizes[src]

    @staticmethod
    def _plan(src: str, path: Path) -> PicturePlan:
        width, height = dimensions(path)
        own = _FORMATS[path.suffix.lower()]
        data = path.read_bytes()
        digest = hashlib.sha256(data + ADDRESSES.encode()).hexdigest()[:10]
        stem = f"{PICTURES_FOLDER}/{slugify(path.stem) or 'picture'}-{digest}"
        scale = min(1.0, MAX_WIDTH / width)
        full_width, full_height = round(width * scale), round(height * scale)
        own_scale = min(1.0, (OWN_WIDTH if own in ("JPEG", "WEBP") else MAX_WIDTH) / width)
        own_width, own_height = round(width * own_scale), round(height * own_scale)
        full = Size(src, own_width, own_height, _MEDIA_TYPES[own] if path.suffix.lower() != ".gif" else "image/gif")
        recipes: dict[str, tuple[str, str, tuple[int, int] | None, bool]] = {
            src: (src, "ORIGINAL", (own_width, own_height), False)}

        def copy(fmt: str, box_width: int, box_height: int, crop: bool = False) -> Size:
            url = f"{stem}-{box_width}{'x' + str(box_height) if crop else ''}.{_EXTENSIONS[fmt]}"
            recipes[url] = (src, fmt, (box_width, box_height), crop)
            return Size(url, box_width, box_height, _MEDIA_TYPES[fmt])

        smaller = [w for w in WIDTHS if w < full_width]
        webp = tuple(copy("WEBP", w, round(full_height * w / full_width)) for w in smaller) + (
            copy("WEBP", full_width, full_height),)
        fallback = copy(own, full_width, full_height) if path.suffix.lower() == ".gif" else full
        sizes = PictureSizes(full, webp, fallback, copy("JPEG", *SHARE_SIZE, crop=True))
        return PicturePlan(sizes, recipes, hashlib.sha256(data).hexdigest(), width * height)

    def knows(self, src: str) -> bool:
        """Whether `src` is a picture of the content tree (planned when the site was loaded)."""
        return src in self._sizes

    def urls(self) -> list[str]:
        """Every copy planned so far: the pictures' own addresses and their resized copies."""
        return sorted(self._recipes)

    def large(self, src: str) -> bool:
        """Whether making `src`'s copies takes so much memory (~15 bytes a pixel) that it is best made
        while no other picture is."""
        return self._pixels[src] > LARGE_PIXELS

    def missing(self) -> list[str]:
        """The pictures (planned so far) some of whose copies are not in the cache yet: `path(picture)` makes
        them all, so that pictures can be made side by side, one per thread."""
        return sorted({recipe[0] for recipe in self._recipes.values() if not self._cached(recipe).is_file()})

    def path(self, url: str) -> Path:
        """The file of copy `url`, in the cache (made now, with the picture's other copies, if it is not there
        yet: the picture is read once for all of them). All of them: each is made from the one before and the
        picture decoded at the scale the largest needs, so copies made without the others (some were left
        by a build stopped while it made them) would not be the bytes a fresh build makes."""
        cached = self._cached(self._recipes[url])
        if cached.is_file():
            return cached
        source = self._recipes[url][0]
        data = (self.content_root / source).read_bytes()
        every = {self._cached(recipe): recipe for recipe in self._recipes.values() if recipe[0] == source}
        for where, made in _encode_all(data, Path(source).suffix.lower(), list(every.items())):
            where.parent.mkdir(parents=True, exist_ok=True)
            temporary = where.with_suffix(f".{os.getpid()}-{threading.get_ident()}.tmp")
            temporary.write_bytes(made)
            temporary.replace(where)  # atomic: builds (and threads) side by side never read half a file
        return cached

    def _cached(self, recipe: tuple) -> Path:
        """Where a copy is cached: named after its recipe and its picture's bytes (hashed once, when planned)."""
        source, fmt, box, crop = recipe
        key = hashlib.sha256(f"{RECIPE}|{fmt}|{box}|{crop}|{self._digests[source]}".encode()).hexdigest()
        return self.cache_dir / key[:2] / key


def _encode_all(data: bytes, suffix: str, wanted: list[tuple[Path, tuple]]) -> list[tuple[Path, bytes]]:
    """The copies `wanted` ((where, recipe) pairs) of one picture, decoded once: turned as the camera meant,
    in sRGB, resized, and written without any metadata (EXIF, comments, colour profiles, which can carry
    anything). Largest first, each smaller one made from the one before (faster, as good)."""
    made = []
    with Image.open(io.BytesIO(data)) as opened:
        if suffix == ".gif":
            made += [(where, _gif(opened, recipe[2])) for where, recipe in wanted if recipe[1] == "ORIGINAL"]
            wanted = [(where, recipe) for where, recipe in wanted if recipe[1] != "ORIGINAL"]
            if not wanted:
                return made
            opened.seek(0)
        if opened.format == "JPEG":  # decode at the smallest scale that still covers every copy: less memory
            opened.draft("RGB", _covering(wanted, opened.getexif().get(0x0112, 1)))
        ImageOps.exif_transpose(opened, in_place=True)  # not a copy of the whole decoded picture: 2 % of the time
        # A drawn picture (map, chart) saved with a palette keeps it at its own size: a small file. Its
        # resized copies are made from real colours (a palette resizes pixel by pixel, breaking thin lines).
        palette = opened.copy() if opened.mode == "P" and "icc_profile" not in opened.info else None
        picture = _to_srgb(opened, opened.info.get("icc_profile"))
        source = picture
        for where, (_, fmt, box, crop) in sorted(wanted, key=lambda pair: (pair[1][3], -pair[1][2][0])):
            if palette is not None and fmt == "ORIGINAL" and not crop and box == palette.size:
                palette.info = {key: palette.info[key] for key in ("transparency",) if key in palette.info}
                made.append((where, _save(palette, _FORMATS[suffix])))
                continue
            if crop:
                image = ImageOps.fit(picture, box, Image.Resampling.LANCZOS)
            else:
                if source.size != box:
                    source = source.resize(box, Image.Resampling.LANCZOS, reducing_gap=3.0)
                image = source
            made.append((where, _save(image, _FORMATS[suffix] if fmt == "ORIGINAL" else fmt)))
    return made


def _covering(wanted: list[tuple[Path, tuple]], orientation: int) -> tuple[int, int]:
    """The smallest (width, height), as stored (before the camera's orientation turns it), that every copy of
    `wanted` can be made from: each copy's box, and the share card's crop, which `ImageOps.fit` cuts at its own
    aspect from whatever size the picture is. A phone's 4000×3000 photo is then decoded at half its size
    (libjpeg scales while it decodes): its copies take half the time, and are as faithful to it."""
    width = max(recipe[2][0] for _, recipe in wanted)
    height = max(recipe[2][1] for _, recipe in wanted)
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def _save(image: Image.Image, fmt: str) -> bytes:
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = _flatten(image)
    # Pillow writes some of what it read back into what it saves (a JPEG's comments, a PNG's text as a JPEG
    # comment, a colour profile it could not convert from): nothing but transparency is kept.
    image.info = {key: image.info[key] for key in ("transparency",) if key in image.info}
    out = io.BytesIO()
    if fmt == "JPEG":
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif fmt == "WEBP":
        image.save(out, "WEBP", quality=80, method=WEBP_METHOD)
    else:
        image.save(out, "PNG", compress_level=6)
    return out.getvalue()


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """The picture in sRGB (what browsers assume without a profile), in RGB(A) or grey."""
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        mode = "RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB"
    else:
        mode = image.mode
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(image, source, _SRGB, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a profile littlecms cannot read: the colours as they are
    return image if image.mode == mode else image.convert(mode)


_SRGB = ImageCms.createProfile("sRGB")


def _flatten(image: Image.Image) -> Image.Image:
    """Transparent pictures on white (JPEG has no transparency)."""
    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, (255, 255, 255))
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def _gif(image: Image.Image, box: tuple[int, int]) -> bytes:
    """A GIF written again at `box` (its size, or smaller), frames, timing and loops kept, comments and other
    extensions dropped (metadata.py reads the file itself: no block but frames, their timing and the loop
    count is written). A GIF at its own size keeps its frames as they are; a larger one is resized frame by
    frame, each as it shows (decoded onto the whole picture), which `dimensions` bounded."""
    loop = image.info.get("loop")
    if image.size == box:
        kept = {key: image.info[key] for key in ("duration", "transparency", "background") if key in image.info}
        image.info = kept
        out = io.BytesIO()
        image.save(out, "GIF", save_all=True, **kept, **({"loop": loop} if loop is not None else {}))
        return metadata.stripped(out.getvalue())
    frames, durations = [], []
    for frame in ImageSequence.Iterator(image):
        durations.append(frame.info.get("duration", 100))
        frames.append(frame.convert("RGBA").resize(box, Image.Resampling.LANCZOS))
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=durations, disposal=2,
                   **({"loop": loop} if loop is not None else {}))
    return metadata.stripped(out.getvalue())


def is_picture(src: str) -> bool:
    return Path(src).suffix.lower() in PICTURE_TYPES
