"""Pictures done properly: resized copies (WebP and the picture's own format) with their dimensions, the
lead picture fetched first and the others lazily, a 1200×630 share card, no metadata published, bad
picture files refused, and copies made once (cached) with the same bytes every time."""

from __future__ import annotations

import io
import math
import os
import struct
import time
import zlib

import pytest
from PIL import Image, ImageChops, ImageCms, ImageDraw, ImageStat

from cluster_news.adapter import loading
from cluster_news.core import content as content_module
from cluster_news.core import metadata
from cluster_news.core import pictures as pictures_module
from cluster_news.core.content import Remembered, load_content
from cluster_news.core.pictures import PictureMaker
from cluster_news.core.processes import Ahead
from test_content_rules import write
from test_untrusted_content import camera_exif

from conftest import HOME_TITLES, LANGUAGES, SITE_URL, Built, build_site
from fixture_content import picture_png


def camera_jpeg(width: int, height: int) -> bytes:
    """A JPEG as a phone writes it: sideways pixels with orientation 6 and the camera's make in EXIF (with a
    GPS position, check would warn and the strict build stop: see test_untrusted_content.py)."""
    image = Image.new("RGB", (width, height), (200, 120, 40))
    image.paste((20, 20, 20), (0, 0, width // 4, height))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to show
    exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif)
    return out.getvalue()


def write_pictures(site) -> None:
    assets = site.root / "content" / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    (assets / "plovdiv.jpg").write_bytes(camera_jpeg(2400, 1600))  # shown 1600 × 2400 (portrait)
    (assets / "map.png").write_bytes(picture_png(1000, 600))
    site.write("uk/news/visit.md", {"title": "Візит до Пловдива", "date": "2025-03-12", "image": {
        "src": "assets/plovdiv.jpg", "alt": "Делегація біля університету", "credit": "Фото: МУ Пловдив"}},
        "Перший абзац.\n\n![Карта партнерів](assets/map.png)\n")
    site.write("en/events/visit.md", {"title": "Visit", "start": "2025-03-12",
                                      "image": {"src": "assets/map.png", "alt": "Map of the partners"}})
    # A poster with words, drawn once per language (tools/pictures/draw.py), and each home page's own picture.
    for lang, colour in zip(("en", "uk"), ((0, 105, 92), (40, 53, 147)), strict=True):
        (assets / f"poster-{lang}.png").write_bytes(picture_png(1600, 900, colour))
        (assets / f"home-{lang}.png").write_bytes(picture_png(1600, 900, colour[::-1]))
        site.write(f"{lang}/events/summit.md", {"title": f"Summit ({lang})", "start": "2025-05-20",
                                               "image": {"src": f"assets/poster-{lang}.png", "alt": f"Poster ({lang})"}})
        site.write(f"{lang}/index.md", {"title": HOME_TITLES[lang],
                                        "image": {"src": f"assets/home-{lang}.png", "alt": f"Network ({lang})"}},
                   "Welcome.")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    return build_site(tmp_path_factory, "pictures", write_pictures)


def opened(built: Built, page: str, src: str) -> Image.Image:
    return Image.open(built.path_of(built.resolve(page, src)))


def candidates(built: Built, page: str, srcset: str) -> list[tuple[Image.Image, int]]:
    found = []
    for candidate in srcset.split(", "):
        src, width = candidate.split(" ")
        found.append((opened(built, page, src), int(width[:-1])))
    return found


def test_the_lead_picture_comes_in_every_size_with_its_dimensions(built):
    page = "uk/news/visit/"
    picture = built.article(page).select_one(".cn-image picture")
    img, webp = picture.img, picture.select_one('source[type="image/webp"]')
    assert (img["width"], img["height"]) == ("1600", "2400")  # as the camera meant it, turned upright
    assert img["alt"] == "Делегація біля університету" and img.get("fetchpriority") == "high"
    assert not img.has_attr("loading"), "the lead picture is not lazy"
    found = candidates(built, page, webp["srcset"])
    assert [width for _, width in found] == [256, 480, 960, 1600]
    for image, width in found:
        assert image.format == "WEBP" and image.size == (width, width * 3 // 2)
    # A browser without WebP gets the picture at its own address (no resized copies no reader downloads): a
    # photo at most 960 px wide there, the same shape; the <img>'s size is the largest copy's, as shown.
    assert not img.has_attr("srcset") and built.resolve(page, img["src"]) == "assets/plovdiv.jpg"
    assert opened(built, page, img["src"]).size == (960, 1440)
    assert built.article(page).select_one(".cn-image figcaption").get_text() == "Фото: МУ Пловдив"


def test_pictures_in_the_text_are_lazy_and_sized_too(built):
    page = "uk/news/visit/"
    body = [p for p in built.article(page).select("p picture")]
    assert len(body) == 1
    img = body[0].img
    assert (img["width"], img["height"], img["loading"], img["alt"]) == ("1000", "600", "lazy", "Карта партнерів")
    assert [width for _, width in candidates(built, page, body[0].source["srcset"])] == [256, 480, 960, 1000]


def test_share_cards_are_1200_by_630_and_in_structured_data(built):
    for page in ("uk/news/visit/", "events/visit/"):
        head = built.html(page).head
        url = head.select_one('meta[property="og:image"]')["content"]
        assert url.startswith(SITE_URL)
        card = Image.open(built.path_of(url[len(SITE_URL):]))
        assert card.size == (1200, 630) and card.format == "JPEG"
        assert (head.select_one('meta[property="og:image:width"]')["content"],
                head.select_one('meta[property="og:image:height"]')["content"]) == ("1200", "630")
        assert head.select_one('meta[property="og:image:alt"]')["content"]
        assert head.select_one('meta[name="twitter:card"]')["content"] == "summary_large_image"
        data = " ".join(script.string for script in built.html(page).select('script[type="application/ld+json"]'))
        assert url in data


def test_share_cards_follow_the_pages_language(built):
    """A page's share card is its own picture in its language's version (a poster drawn per language); a page
    without a picture of its own (a list, an article without one) shares its language's home picture."""
    def card(url: str) -> tuple[list[str], str]:
        """The first two parts of the share card's name (the picture's), and its alt text."""
        head = built.html(url).head
        name = head.select_one('meta[property="og:image"]')["content"].removeprefix(f"{SITE_URL}pictures/")
        return name.split("-")[:2], head.select_one('meta[property="og:image:alt"]')["content"]

    assert card("events/summit/") == (["poster", "en"], "Poster (en)")
    assert card("uk/events/summit/") == (["poster", "uk"], "Poster (uk)")
    assert card("uk/") == (["home", "uk"], "Network (uk)")
    assert card("uk/events/") == (["home", "uk"], "Network (uk)")  # a list: its language's home picture
    assert card("events/") == (["home", "en"], "Network (en)")
    assert card("uk/news/visit/") == (["plovdiv", card("uk/news/visit/")[0][1]], "Делегація біля університету")
    for url in ("uk/events/", "uk/events/summit/"):
        head = built.html(url).head
        card_file = Image.open(built.path_of(head.select_one('meta[property="og:image"]')["content"][len(SITE_URL):]))
        assert card_file.size == (1200, 630)
        assert head.select_one('meta[name="twitter:card"]')["content"] == "summary_large_image"


def test_published_pictures_carry_no_metadata(built):
    published = Image.open(built.path_of("assets/plovdiv.jpg"))
    assert published.size == (960, 1440)
    assert dict(published.getexif()) == {}
    original = Image.open(built.root / "content" / "assets" / "plovdiv.jpg")
    assert original.getexif()[0x0112] == 6, "the source is untouched"


def test_drawings_keep_their_size_at_their_own_address(built):
    """A photo at its own address is at most 960 px wide (the lead picture's test); a drawing (PNG: a poster,
    a map, with words to read) keeps its size there, up to 1600 px."""
    assert Image.open(built.path_of("assets/poster-en.png")).size == (1600, 900)
    assert Image.open(built.path_of("assets/map.png")).size == (1000, 600)
    img = built.article("events/summit/").select_one(".cn-image img")
    assert built.resolve("events/summit/", img["src"]) == "assets/poster-en.png"
    assert (img["width"], img["height"]) == ("1600", "900")


def test_a_phone_photo_is_decoded_no_larger_than_its_copies_need(tmp_path, monkeypatch):
    """libjpeg scales a JPEG while it decodes it: a phone's 4000 × 3000 photo, at least twice as wide and as high
    as its largest copy (1600 × 1200) and its share card, is decoded at half its size (its copies take half the
    time), and they are as faithful as copies of the whole picture. Turned upright by the camera's orientation,
    the same photo needs 2133 pixels along its stored width: it is decoded whole."""
    def wanted(*boxes):
        return [(tmp_path, ("assets/phone.jpg", "WEBP", box, False)) for box in boxes]
    assert pictures_module._covering(wanted((1600, 1200), (960, 720), (1200, 630)), 1) == (1600, 1200)
    assert pictures_module._covering(wanted((1600, 2133), (960, 1280), (1200, 630)), 6) == (2133, 1600)
    (tmp_path / "assets").mkdir()
    gradient = Image.linear_gradient("L")
    photo = Image.merge("RGB", (gradient, Image.radial_gradient("L"), gradient.rotate(90))).resize((1000, 750))
    ImageDraw.Draw(photo).line([(x * 37 % 1000, x * 53 % 750) for x in range(60)], fill=(250, 240, 20), width=2)
    photo.resize((4000, 3000), Image.Resampling.BICUBIC).save(tmp_path / "assets" / "phone.jpg", "JPEG", quality=90)
    ideal = Image.open(tmp_path / "assets" / "phone.jpg").convert("RGB").resize((1600, 1200), Image.Resampling.LANCZOS)

    def fidelity(cache: str) -> float:
        """PSNR (dB) of the largest copy against the whole picture resized once."""
        maker = PictureMaker(tmp_path, tmp_path / cache)
        copy = Image.open(maker.path(maker.sizes("assets/phone.jpg").shown.url)).convert("RGB")
        assert copy.size == (1600, 1200)
        return 10 * math.log10(255 ** 2 * 3 * 1600 * 1200 / sum(ImageStat.Stat(ImageChops.difference(copy, ideal)).sum2))

    scaled = fidelity("scaled")
    monkeypatch.setattr(pictures_module, "_covering", lambda wanted, orientation: (4000, 3000))
    assert scaled > fidelity("whole") - 0.1


def test_a_picture_whose_copies_are_partly_cached_gets_the_copies_a_fresh_build_makes(tmp_path):
    """A build stopped while it made a picture's copies (interrupted, or one that failed) leaves
    some in the cache: the others are made as a fresh build makes them, from the same decoding and the same
    larger copies, not from what is missing alone."""
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "plovdiv.jpg").write_bytes(camera_jpeg(2400, 1600))
    fresh = PictureMaker(tmp_path, tmp_path / "cache")
    fresh.plan(["assets/plovdiv.jpg"])
    copies = {url: fresh.path(url).read_bytes() for url in fresh.urls()}
    assert len(copies) == 6
    for url in copies:
        if url.endswith(("-256.webp", "-480.webp")):  # alone, they would be made from a smaller decoding
            fresh.path(url).unlink()
    again = PictureMaker(tmp_path, tmp_path / "cache")
    again.plan(["assets/plovdiv.jpg"])
    assert {url: again.path(url).read_bytes() for url in again.urls()} == copies


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims a size (only its header: enough for a decompression bomb to be noticed)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


@pytest.mark.parametrize("data,message", [
    (png_header(5100, 5000), "the picture is 5100 × 5000 pixels, more than 25 million"),
    (png_header(40000, 40000), "more than 25 million pixels"),
    (b"\x89PNG\r\n\x1a\n" + b"garbage" * 10, "the picture cannot be read"),
])
def test_pictures_that_cannot_be_published_are_refused(tmp_path, data, message):
    root = tmp_path / "content"
    for lang in LANGUAGES:
        (root / lang).mkdir(parents=True)
        (root / lang / "index.md").write_text("---\ntitle: Home\n---\n")
    (root / "assets").mkdir()
    (root / "assets" / "bomb.png").write_bytes(data)
    problems = [str(p) for p in load_content(root, LANGUAGES).problems]
    assert len(problems) == 1 and problems[0].startswith("content/assets/bomb.png:1: ") and message in problems[0]


def test_no_metadata_survives_in_any_copy(tmp_path):
    """Comments in GIFs and colour profiles (which can carry any bytes) are not published either."""
    assets = tmp_path / "content" / "assets"
    assets.mkdir(parents=True)
    gif = io.BytesIO()
    Image.new("P", (600, 400), 3).save(gif, "GIF", comment=b"GPS 42.69N 23.32E <script>SECRET</script>")
    (assets / "anim.gif").write_bytes(gif.getvalue())
    jpeg = io.BytesIO()
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes() + b"PAYLOAD" * 100
    Image.new("RGB", (1300, 900), (90, 40, 20)).save(jpeg, "JPEG", icc_profile=profile)
    (assets / "icc.jpg").write_bytes(jpeg.getvalue())
    maker = PictureMaker(tmp_path / "content", tmp_path / "cache")
    for src in ("assets/anim.gif", "assets/icc.jpg"):
        maker.sizes(src)
    for url in maker.urls():
        data = maker.path(url).read_bytes()
        assert b"SECRET" not in data and b"PAYLOAD" not in data, url
        copy = Image.open(io.BytesIO(data))
        assert "icc_profile" not in copy.info and "comment" not in copy.info and not dict(copy.getexif()), url


def test_a_damaged_picture_is_refused_by_check_not_found_by_the_build(tmp_path):
    root = tmp_path / "content"
    for lang in LANGUAGES:
        (root / lang).mkdir(parents=True)
        (root / lang / "index.md").write_text("---\ntitle: Home\n---\n")
    (root / "assets").mkdir()
    (root / "assets" / "cut.png").write_bytes(picture_png(800, 600)[:60])
    problems = [str(p) for p in load_content(root, LANGUAGES).problems]
    assert len(problems) == 1 and problems[0].startswith("content/assets/cut.png:1: the picture cannot be read")


def test_palette_pictures_are_resized_smoothly(tmp_path):
    """Drawn pictures (maps, charts) are often saved with a palette: their copies are resampled from real
    colours, as photos are, not pixel by pixel (which breaks thin lines and text)."""
    from cluster_news.core.pictures import PictureMaker

    stripes = Image.new("RGB", (1600, 900), (255, 255, 255))
    for x in range(0, 1600, 3):
        stripes.paste((0, 80, 70), (x, 0, x + 1, 900))
    (tmp_path / "assets").mkdir()
    stripes.quantize(colors=2).save(tmp_path / "assets" / "chart.png")
    maker = PictureMaker(tmp_path, tmp_path / "cache")
    sizes = maker.sizes("assets/chart.png")
    for size in (sizes.webp[0], sizes.share):
        copy = Image.open(maker.path(size.url)).convert("RGB")
        assert copy.size == (size.width, size.height)
        assert len(copy.getcolors(maxcolors=100_000)) > 2, f"{size.url}: shades between the stripes"
    full = Image.open(maker.path(sizes.full.url))
    assert full.mode == "P" and full.size == (1600, 900), "the picture itself keeps its palette (a small file)"


# The preview: pictures unchanged since its last build are not read again -----------------------------

def gps_jpeg(colour: tuple[int, int, int], latitude: float = 42.0) -> bytes:
    exif = camera_exif()
    exif.get_ifd(0x8825)[2] = (latitude, 41.0, 51.0)
    out = io.BytesIO()
    Image.new("RGB", (640, 480), colour).save(out, "JPEG", quality=90, exif=exif)
    return out.getvalue()


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The pictures whose bytes validation and planning read (their file names): checking a picture reads
    its dimensions, then its metadata; planning its copies reads its dimensions again."""
    names: list[str] = []
    for module in (content_module, pictures_module):
        measure = module.dimensions
        monkeypatch.setattr(module, "dimensions", lambda path, measure=measure: names.append(path.name) or measure(path))
    read = metadata.read
    monkeypatch.setattr(metadata, "read", lambda data: names.append("metadata") or read(data))
    return names


def preview_build(root, remembered: Remembered | None) -> tuple[list[str], list[str], dict]:
    """What a build of the preview (with `remembered`) or a fresh one (without) finds: the problems, the
    pictures' copies and how each picture is shown."""
    tree = load_content(root / "content", LANGUAGES, remembered=remembered)
    maker = PictureMaker(root / "content", root / "cache", remembered.pictures if remembered is not None else None)
    pictures = [asset for asset in tree.assets if asset.endswith((".jpg", ".png"))]
    maker.plan(pictures)
    return [str(problem) for problem in tree.problems], maker.urls(), {src: maker.sizes(src) for src in pictures}


def test_the_preview_reads_again_only_the_pictures_edited_and_finds_what_a_fresh_build_finds(tmp_path, reads):
    content = write(tmp_path / "content", {"assets/map.png": picture_png(1000, 600),
                                           "assets/plovdiv.jpg": camera_jpeg(1200, 800)})
    time.sleep(0.1)  # the files were written before the preview's first build began (file_status.py)
    remembered = Remembered()
    first = preview_build(tmp_path, remembered)
    assert sorted(reads) == ["map.png", "map.png", "metadata", "metadata", "plovdiv.jpg", "plovdiv.jpg"]
    assert not any("personal data" in problem for problem in first[0])

    reads.clear()
    assert preview_build(tmp_path, remembered) == first
    assert reads == []  # nothing changed: no picture read again

    (content / "assets" / "plovdiv.jpg").write_bytes(gps_jpeg((10, 200, 30)))  # now with a GPS position
    reads.clear()
    edited = preview_build(tmp_path, remembered)
    assert sorted(reads) == ["metadata", "plovdiv.jpg", "plovdiv.jpg"]
    reads.clear()
    assert edited == preview_build(tmp_path, None)
    assert any("content/assets/plovdiv.jpg:1: the picture carries personal data" in problem for problem in edited[0])
    assert edited[1] != first[1] and edited[2]["assets/map.png"] == first[2]["assets/map.png"]
    full = edited[2]["assets/plovdiv.jpg"].full
    assert (full.width, full.height) == (480, 640)  # the new picture, turned as its camera says


def test_a_picture_replaced_by_another_file_of_the_same_size_and_modification_time_is_read_again(tmp_path, reads):
    """Another file (another inode) under the same name, as an editor's tool saves it, is checked again."""
    before, after = gps_jpeg((10, 200, 30), latitude=42.0), gps_jpeg((10, 200, 30), latitude=43.0)
    assert len(before) == len(after) and before != after
    content = write(tmp_path / "content", {"assets/photo.jpg": before})
    time.sleep(0.1)
    remembered = Remembered()
    first = preview_build(tmp_path, remembered)
    path = content / "assets" / "photo.jpg"
    replacement = content / "assets" / "photo.jpg.new"
    replacement.write_bytes(after)
    status = path.stat()
    os.utime(replacement, ns=(status.st_atime_ns, status.st_mtime_ns))
    replacement.replace(path)
    reads.clear()
    found = preview_build(tmp_path, remembered)
    assert sorted(reads) == ["metadata", "photo.jpg", "photo.jpg"]
    assert found == preview_build(tmp_path, None) and found[1] != first[1]


def test_the_copies_made_before_the_content_is_read_are_those_the_build_makes(tmp_path):
    """`mkdocs build` forks a process that makes the pictures' copies while it reads the content: the same
    files, byte for byte, as the build makes of the pictures it publishes; nothing of what the build refuses
    or leaves to itself (a link to a picture elsewhere, a decompression bomb, a damaged file, a picture so
    large that the build makes it alone), and no failure for them."""
    root = tmp_path / "content"
    for lang in LANGUAGES:
        (root / lang).mkdir(parents=True)
        (root / lang / "index.md").write_text("---\ntitle: Home\n---\n")
    assets = root / "assets"
    (assets / "maps").mkdir(parents=True)
    (assets / "plovdiv.jpg").write_bytes(camera_jpeg(2400, 1600))
    (assets / "maps" / "partners.png").write_bytes(picture_png(1000, 600))
    (assets / "bomb.png").write_bytes(png_header(40000, 40000))
    (assets / "cut.png").write_bytes(picture_png(800, 600)[:60])
    outside = tmp_path / "elsewhere.png"
    outside.write_bytes(picture_png(900, 500, (200, 30, 30)))
    (assets / "linked.png").symlink_to(outside)
    large = Image.new("RGB", (4000, 3200), (30, 60, 90))
    large.save(assets / "large.png")
    loading._make_pictures(root, tmp_path / "ahead", 2)
    tree = load_content(root, LANGUAGES)
    assert sorted(p.path for p in tree.problems) == [f"content/assets/{name}" for name in ("bomb.png", "cut.png",
                                                                                           "linked.png")]
    build = PictureMaker(root, tmp_path / "build")
    build.plan([src for src in tree.assets if pictures_module.is_picture(src)])
    made = {src: build.path(src) for src in build.missing() if not build.large(src)}
    assert set(made) == {"assets/maps/partners.png", "assets/plovdiv.jpg"}
    ahead = {path.relative_to(tmp_path / "ahead"): path.read_bytes()
             for path in (tmp_path / "ahead").rglob("*") if path.is_file()}
    assert ahead == {path.relative_to(tmp_path / "build"): path.read_bytes()
                     for path in (tmp_path / "build").rglob("*") if path.is_file()}
    assert len(ahead) == 12  # six copies of each


def test_work_done_ahead_is_waited_for_or_stopped_and_its_failures_left_to_the_build(tmp_path):
    """`Ahead` itself (forked here, where xdist's threads would make `Ahead.start` decline: a build's process
    has one thread when it starts)."""
    done = tmp_path / "done"
    ahead = Ahead(lambda path: (time.sleep(0.2), path.write_text("made")), done)
    ahead.wait()
    assert done.read_text() == "made"
    failing = Ahead(lambda: 1 / 0)
    failing.wait()  # nothing raised here: the build does the work again and reports what fails
    started = time.monotonic()
    slow = Ahead(lambda path: (time.sleep(30), path.write_text("late")), tmp_path / "late")
    slow.stop()
    assert time.monotonic() - started < 10 and not (tmp_path / "late").exists()
