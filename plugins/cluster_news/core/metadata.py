"""Metadata in the picture files of content/assets/: what personal data one carries (a GPS position, the
camera's serial number or owner, the author's name), and the same file without any metadata.

The build never publishes metadata (pictures.py makes every copy from the pixels), but content/ is a public
repository: a phone's photo committed as it was shows where it was taken to anyone who downloads it. So
`check` warns about personal data in a picture, and `cluster-news strip-metadata` removes every kind of
metadata from the file itself — EXIF, XMP, IPTC, comments, text chunks, thumbnails, maker notes, data after
the picture's end — without decoding the pixels again (no quality is lost). What a picture needs to show
as it did is kept: its colour profile (if littlecms can read it; as littlecms writes it again), and its
orientation (in an EXIF block of that tag alone).

The files are read at the level of their format's segments (JPEG markers, PNG chunks, RIFF chunks of WebP,
GIF blocks); EXIF itself is read by Pillow.
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from dataclasses import dataclass, field

from PIL import Image, ImageCms

from .messages import tr

ORIENTATION = 0x0112


class MetadataError(Exception):
    """A picture whose segments cannot be read (a damaged file): nothing is rewritten."""


@dataclass
class Metadata:
    """What a picture file says besides its pixels."""

    exif: list[bytes] = field(default_factory=list)
    """EXIF blocks, as Pillow's `Exif.load` reads them."""
    texts: list[bytes] = field(default_factory=list)
    """XMP packets, PNG text chunks, comments: searched as text."""
    iptc: list[bytes] = field(default_factory=list)
    """IPTC (IIM) records."""


# Reading -------------------------------------------------------------------------------------------------------

def read(data: bytes) -> Metadata:
    """The metadata of a JPEG, PNG, WebP or GIF file's bytes (MetadataError if they cannot be read)."""
    found = Metadata()
    _rewrite(data, found)
    return found


def stripped(data: bytes) -> bytes:
    """The same picture without its metadata (see above); MetadataError if it cannot be read."""
    return _rewrite(data, None)


def _rewrite(data: bytes, found: Metadata | None) -> bytes:
    try:
        if data.startswith(b"\xff\xd8"):
            return _jpeg(data, found)
        if data.startswith(b"\x89PNG\r\n\x1a\n"):
            return _png(data, found)
        if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            return _webp(data, found)
        if data[:6] in (b"GIF87a", b"GIF89a"):
            return _gif(data, found)
    except (IndexError, ValueError, struct.error, zlib.error) as error:
        raise MetadataError(f"the file's structure cannot be read ({error})") from None
    raise MetadataError("not a JPEG, PNG, WebP or GIF file")


def _orientation_only(exif_data: bytes) -> bytes | None:
    """An EXIF block with the orientation of `exif_data` alone, or None when it has none to keep."""
    exif = Image.Exif()
    try:
        exif.load(exif_data)
    except Exception:  # Pillow raises many kinds on a damaged block: then there is nothing to keep
        return None
    orientation = exif.get(ORIENTATION, 1)
    if orientation == 1 or not isinstance(orientation, int):
        return None
    kept = Image.Exif()
    kept[ORIENTATION] = orientation
    return kept.tobytes()


# JPEG: markers up to the end of the picture (EOI); nothing after it ----------------------------------------

def _profile(profile: bytes) -> bytes | None:
    """A colour profile as littlecms writes it again (what it does not read, appended text say, is left out),
    or None when it cannot read it (then it is no colour profile, only bytes anyone could have put there)."""
    try:
        return ImageCms.ImageCmsProfile(io.BytesIO(profile)).tobytes()
    except (ImageCms.PyCMSError, OSError, ValueError):
        return None


_ICC = b"ICC_PROFILE\x00"


def _jpeg(data: bytes, found: Metadata | None) -> bytes:
    out = bytearray(data[:2])
    profile = bytearray()
    at = 2
    while True:
        if data[at] != 0xFF:
            raise ValueError(f"no marker at byte {at}")
        while data[at + 1] == 0xFF:  # fill bytes
            at += 1
        marker = data[at + 1]
        if marker == 0xD9:  # the end of the picture: what follows (a second picture, a phone's trailer) goes
            out += b"\xff\xd9"
            return bytes(out)
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            out += data[at:at + 2]
            at += 2
            continue
        length = int.from_bytes(data[at + 2:at + 4], "big")
        segment, payload = data[at:at + 2 + length], data[at + 4:at + 2 + length]
        at += 2 + length
        if len(segment) != 2 + length:
            raise ValueError("a segment is cut short")
        if marker == 0xE2 and payload.startswith(_ICC):  # a profile, in parts of up to 64 KB: written whole below
            profile += payload[14:]
            continue
        if marker == 0xDA and found is not None:  # metadata comes before the pixels
            return data
        if marker == 0xDA and profile and found is None:
            out += _jpeg_profile(bytes(profile))
            profile.clear()
        out += _jpeg_segment(marker, segment, payload, found)
        if marker == 0xDA:  # the coded pixels, up to the next marker (0xFF 0x00 is a 0xFF byte, 0xFF 0xDn a restart)
            end = at
            while True:
                end = data.index(b"\xff", end)
                following = data[end + 1]
                if following == 0 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    end += 1
                    continue
                break
            out += data[at:end]
            at = end


def _jpeg_segment(marker: int, segment: bytes, payload: bytes, found: Metadata | None) -> bytes:
    """What is kept of one segment: all but application segments and comments, and of those only what
    decoders need (a JFIF header without its thumbnail, the colour profile, orientation)."""
    if not (0xE0 <= marker <= 0xEF or marker == 0xFE):
        return segment
    if found is not None:
        if marker == 0xE1 and payload.startswith(b"Exif\x00\x00"):
            found.exif.append(payload)
        elif marker == 0xE1 or marker == 0xFE:  # XMP (and its extension), comments
            found.texts.append(payload)
        elif marker == 0xED and payload.startswith(b"Photoshop 3.0\x00"):
            found.iptc += _photoshop_iptc(payload[14:])
        return segment
    if marker == 0xEE and payload.startswith(b"Adobe"):  # how the colours are coded: decoders need it
        return segment
    if marker == 0xE0 and payload.startswith(b"JFIF\x00") and len(payload) >= 14:
        header = payload[:12] + b"\x00\x00"  # no thumbnail
        return b"\xff\xe0" + (len(header) + 2).to_bytes(2, "big") + header
    if marker == 0xE1 and payload.startswith(b"Exif\x00\x00"):
        kept = _orientation_only(payload)
        return b"\xff\xe1" + (len(kept) + 2).to_bytes(2, "big") + kept if kept else b""
    return b""


def _jpeg_profile(profile: bytes) -> bytes:
    """APP2 segments with a colour profile (if littlecms reads it), in parts that fit a segment."""
    clean = _profile(profile)
    if clean is None:
        return b""
    parts = [clean[at:at + 65_000] for at in range(0, len(clean), 65_000)]
    return b"".join(b"\xff\xe2" + (len(part) + 16).to_bytes(2, "big") + _ICC + bytes([number, len(parts)]) + part
                    for number, part in enumerate(parts, 1))


def _photoshop_iptc(resources: bytes) -> list[bytes]:
    """The IPTC records of Photoshop's image resources (8BIM blocks; resource 0x0404)."""
    found, at = [], 0
    while at + 12 <= len(resources) and resources[at:at + 4] == b"8BIM":
        resource = int.from_bytes(resources[at + 4:at + 6], "big")
        name_length = resources[at + 6]
        at += 6 + name_length + 1 + (name_length + 1) % 2  # a Pascal string, padded to an even length
        size = int.from_bytes(resources[at:at + 4], "big")
        if resource == 0x0404:
            found.append(resources[at + 4:at + 4 + size])
        at += 4 + size + size % 2
    return found


# PNG: the chunks a picture needs ------------------------------------------------------------------------------

_PNG_KEPT = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"cICP", b"sBIT",
             b"bKGD", b"pHYs", b"acTL", b"fcTL", b"fdAT"}
"""The chunks that say how to show the picture (and animate it): every other one — text, EXIF, dates,
private chunks — is left out."""


def _png(data: bytes, found: Metadata | None) -> bytes:
    out, at = bytearray(data[:8]), 8
    while True:
        length = int.from_bytes(data[at:at + 4], "big")
        kind, body = data[at + 4:at + 8], data[at + 8:at + 8 + length]
        if len(body) != length or len(kind) != 4:
            raise ValueError("a chunk is cut short")
        chunk = data[at:at + 12 + length]
        at += 12 + length
        if found is not None:
            _png_metadata(kind, body, found)
        elif kind == b"iCCP":
            name, _, compressed = body.partition(b"\x00")
            clean = _profile(zlib.decompressobj().decompress(compressed[1:], 1 << 24))
            if clean is not None:
                out += _png_chunk(b"iCCP", b"ICC profile\x00\x00" + zlib.compress(clean))
        elif kind in _PNG_KEPT:
            out += chunk
        elif kind == b"eXIf" and (kept := _orientation_only(b"Exif\x00\x00" + body)):
            out += _png_chunk(b"eXIf", kept[6:])
        if kind == b"IEND":
            return bytes(out)


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")


def _png_metadata(kind: bytes, body: bytes, found: Metadata) -> None:
    if kind == b"eXIf":
        found.exif.append(b"Exif\x00\x00" + body)
    elif kind in (b"tEXt", b"zTXt", b"iTXt"):
        keyword, _, text = body.partition(b"\x00")
        if kind == b"zTXt":
            text = zlib.decompressobj().decompress(text[1:], 1 << 20)
        elif kind == b"iTXt":
            compressed, text = text[:1] == b"\x01", text[2:].split(b"\x00", 2)[-1]
            if compressed:
                text = zlib.decompressobj().decompress(text, 1 << 20)
        if keyword.lower().startswith(b"raw profile type"):  # ImageMagick's: hexadecimal after two lines
            raw = bytes.fromhex("".join(text.decode("ascii", "replace").split("\n")[3:]))
            if keyword.lower().endswith((b"exif", b"app1")):
                found.exif.append(raw if raw.startswith(b"Exif") else b"Exif\x00\x00" + raw)
            else:
                found.iptc.append(raw)
        else:
            found.texts.append(keyword + b": " + text)


# WebP: RIFF chunks --------------------------------------------------------------------------------------------

_WEBP_KEPT = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP"}
_ICC_FLAG, _EXIF_FLAG, _XMP_FLAG = 0x20, 0x08, 0x04


def _webp(data: bytes, found: Metadata | None) -> bytes:
    chunks, at = [], 12
    while at + 8 <= len(data):
        kind, size = data[at:at + 4], int.from_bytes(data[at + 4:at + 8], "little")
        body = data[at + 8:at + 8 + size]
        if len(body) != size:
            raise ValueError("a chunk is cut short")
        at += 8 + size + size % 2
        chunks.append((kind, body))
    if found is not None:
        for kind, body in chunks:
            if kind == b"EXIF":
                found.exif.append(body if body.startswith(b"Exif") else b"Exif\x00\x00" + body)
            elif kind == b"XMP ":
                found.texts.append(body)
        return data
    exif = next((_orientation_only(body if body.startswith(b"Exif") else b"Exif\x00\x00" + body)
                 for kind, body in chunks if kind == b"EXIF"), None)
    out = bytearray()
    for kind, body in chunks:
        if kind == b"VP8X":
            flags = body[0] & ~(_EXIF_FLAG | _XMP_FLAG) | (_EXIF_FLAG if exif else 0)
            body = bytes([flags]) + body[1:]
        if kind == b"ICCP":
            body = _profile(body) or b""
            if not body:  # unreadable: left out, and so is the flag that announces it
                out[8:9] = bytes([out[8] & ~_ICC_FLAG]) if out[:4] == b"VP8X" else out[8:9]
                continue
        if kind in _WEBP_KEPT:
            out += kind + len(body).to_bytes(4, "little") + body + b"\x00" * (len(body) % 2)
    if exif:
        body = exif[6:]  # WebP's EXIF chunk holds the TIFF data, without "Exif\0\0"
        out += b"EXIF" + len(body).to_bytes(4, "little") + body + b"\x00" * (len(body) % 2)
    return b"RIFF" + (len(out) + 4).to_bytes(4, "little") + b"WEBP" + bytes(out)


# GIF: blocks --------------------------------------------------------------------------------------------------

_GIF_KEPT_APPLICATIONS = (b"NETSCAPE2.0", b"ANIMEXTS1.0")
"""The only application extensions kept: how many times an animation loops."""


def _gif(data: bytes, found: Metadata | None) -> bytes:
    flags = data[10]
    at = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    out = bytearray(data[:at])
    while True:
        introducer = data[at]
        if introducer == 0x3B:  # the end: what follows goes
            out.append(0x3B)
            return bytes(out)
        if introducer == 0x2C:  # a frame: its descriptor, its own colour table, then its coded pixels
            local = data[at + 9]
            start, at = at, at + 10 + (3 << ((local & 7) + 1) if local & 0x80 else 0) + 1
            at = _sub_blocks_end(data, at)
            out += data[start:at]
        elif introducer == 0x21:
            label, start = data[at + 1], at
            at = _sub_blocks_end(data, at + 2)
            block = data[start:at]
            application = block[3:14] if label == 0xFF else b""
            if found is not None and (label == 0xFE or (label == 0xFF and application not in _GIF_KEPT_APPLICATIONS)):
                found.texts.append(block)
            if label == 0xF9 or application in _GIF_KEPT_APPLICATIONS:  # frame timing and transparency; loops
                out += block
        else:
            raise ValueError(f"unknown block 0x{introducer:02x} at byte {at}")


def _sub_blocks_end(data: bytes, at: int) -> int:
    """Where a chain of sub-blocks that starts at `at` ends (after its empty block)."""
    while data[at]:
        at += 1 + data[at]
    return at + 1


# What is personal ---------------------------------------------------------------------------------------------

GPS = tr("a GPS position")
SERIAL = tr("the camera's serial number")
OWNER = tr("the name of the camera's owner")
AUTHOR = tr("the author's name")
MAKER_NOTES = tr("the camera maker's notes (which can hold its serial number)")

_EXIF_IFD, _GPS_IFD = 0x8769, 0x8825
_EXIF_PERSONAL = {0x013B: AUTHOR, 0x9C9D: AUTHOR, 0xA430: OWNER, 0xA431: SERIAL, 0xA435: SERIAL, 0x927C: MAKER_NOTES}
"""Artist, XPAuthor; in the Exif IFD: CameraOwnerName, BodySerialNumber, LensSerialNumber, MakerNote."""
_TEXT_PERSONAL = ((re.compile(rb"GPS(Latitude|Longitude)|GPSPosition", re.I), GPS),
                  (re.compile(rb"SerialNumber", re.I), SERIAL),
                  (re.compile(rb"OwnerName", re.I), OWNER),
                  (re.compile(rb"dc:creator|tiff:Artist|CreatorContactInfo|^(Author|Artist): ", re.I | re.M), AUTHOR))
"""In XMP packets and text chunks: the names XMP gives these, and PNG's Author and Artist keywords."""
_IPTC_PERSONAL = {80: AUTHOR, 122: AUTHOR, 118: AUTHOR}
"""Datasets of IPTC's record 2: By-line, Writer/Editor, Contact."""


def personal(metadata: Metadata) -> list[str]:
    """What personal data `metadata` holds, in the order of the names above, each once."""
    kinds: set[str] = set()
    for block in metadata.exif:
        exif = Image.Exif()
        try:
            exif.load(block)
            tags = {**exif, **exif.get_ifd(_EXIF_IFD)}
            gps = exif.get_ifd(_GPS_IFD)
        except Exception:  # Pillow raises many kinds on a damaged block: it says nothing readable
            continue
        if gps.get(2) or gps.get(4):  # GPSLatitude, GPSLongitude
            kinds.add(GPS)
        kinds.update(kind for tag, kind in _EXIF_PERSONAL.items() if tags.get(tag))
    for text in metadata.texts:
        kinds.update(kind for pattern, kind in _TEXT_PERSONAL if pattern.search(text))
    for records in metadata.iptc:
        kinds.update(_IPTC_PERSONAL[dataset] for dataset in _iim_datasets(records) if dataset in _IPTC_PERSONAL)
    return [kind for kind in (GPS, SERIAL, OWNER, AUTHOR, MAKER_NOTES) if kind in kinds]


def _iim_datasets(records: bytes) -> list[int]:
    """The datasets of record 2 (the application record) present in IPTC IIM data."""
    found, at = [], 0
    while at + 5 <= len(records) and records[at] == 0x1C:
        record, dataset, size = records[at + 1], records[at + 2], int.from_bytes(records[at + 3:at + 5], "big")
        if size & 0x8000:  # an extended length: its own length in bytes, then the length
            width = size & 0x7FFF
            size, at = int.from_bytes(records[at + 5:at + 5 + width], "big"), at + width
        if record == 2 and size:
            found.append(dataset)
        at += 5 + size
    return found
