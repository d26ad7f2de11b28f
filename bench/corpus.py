"""A synthetic content tree like a busy network's: N items per language in five languages."""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import shutil
from pathlib import Path

import yaml
from PIL import Image, ImageDraw, ImageFilter

LANGUAGES = ["en", "uk", "bg", "ro", "pl"]
WORDS = {
    "en": "cluster health innovation hospital partners project value chain workshop research funding Europe "
          "training medical device startup investment data patients network region",
    "uk": "кластер здоров'я інновації лікарня партнери проєкт ланцюг цінності семінар дослідження "
          "фінансування Європа навчання медичний виріб стартап інвестиції дані пацієнти мережа регіон",
    "bg": "клъстер здраве иновации болница партньори проект верига стойност семинар изследване "
          "финансиране Европа обучение медицинско изделие стартъп инвестиция данни пациенти мрежа регион",
    "ro": "cluster sănătate inovare spital parteneri proiect lanț valoric atelier cercetare finanțare Europa "
          "formare dispozitiv medical start-up investiție date pacienți rețea regiune",
    "pl": "klaster zdrowie innowacje szpital partnerzy projekt łańcuch wartości warsztat badania "
          "finansowanie Europa szkolenie wyrób medyczny start-up inwestycja dane pacjenci sieć region",
}
ZONES = ["Europe/Kyiv", "Europe/Sofia", "Europe/Bucharest", "Europe/Warsaw", "Europe/Brussels"]
COUNTRIES = ["UA", "BG", "RO", "PL", "BE"]


def _paragraph(rng: random.Random, lang: str, words: int) -> str:
    vocabulary = WORDS[lang].split()
    text = " ".join(rng.choice(vocabulary) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _body(rng: random.Random, lang: str) -> str:
    """About 400 words, with headings and a list."""
    parts = [_paragraph(rng, lang, 80)]
    for heading in range(3):
        parts.append(f"## {_paragraph(rng, lang, 3)[:-1]} {heading + 1}")
        parts.append(_paragraph(rng, lang, 90))
    parts.append("\n".join(f"- {_paragraph(rng, lang, 8)}" for _ in range(5)))
    return "\n\n".join(parts) + "\n"


def picture(rng: random.Random, width: int = 2000, height: int = 1332) -> bytes:
    """A photo-sized JPEG: a gradient with shapes and grain, so that it compresses and resizes like a photo
    (drawn at a quarter of the size, then enlarged: generating a corpus stays quick)."""
    small_width, small_height = width // 4, height // 4
    top, bottom = (tuple(rng.randrange(256) for _ in range(3)) for _ in range(2))
    column = Image.new("RGB", (1, 64))
    for y in range(64):
        column.putpixel((0, y), tuple(int(a + (b - a) * y / 63) for a, b in zip(top, bottom, strict=True)))
    image = column.resize((small_width, small_height), Image.Resampling.BILINEAR)
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(small_width), rng.randrange(small_height)
        radius = rng.randrange(15, 100)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=tuple(rng.randrange(256) for _ in range(3)))
    grain = Image.effect_noise((small_width, small_height), 24).convert("RGB")
    image = Image.blend(image.filter(ImageFilter.GaussianBlur(1)), grain, 0.08)
    out = io.BytesIO()
    image.resize((width, height), Image.Resampling.BILINEAR).save(out, "JPEG", quality=88)
    return out.getvalue()


def copy_named_files(config: str, content: Path, source: Path) -> None:
    """The files under content/ that the site's mkdocs.yml (`config`) names, the network's logo
    (`organization: logo:`), copied from the repository's content folder `source`."""
    for relative in re.findall(r"^ +logo: (\S+)$", config, re.MULTILINE):
        if not (source / relative).is_file():  # the theme's logo, under overrides/
            continue
        (content / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / relative, content / relative)


def _write(path: Path, front_matter: dict, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(front_matter, allow_unicode=True, sort_keys=False)
    path.write_text(f"---\n{text}---\n\n{body}", encoding="utf-8")


def generate(root: Path, items_per_language: int, seed: int = 7, pictures_every: int = 10) -> int:
    """Write `items_per_language` items (half news, half events) per language; every tenth item exists
    in English only; every `pictures_every`-th (from the fifth) has a picture (shown on its page and in
    its text) and links to the item before it. Returns the number of Markdown files."""
    rng = random.Random(seed)
    pictures = random.Random(seed)  # its own sequence: the texts are the same with or without pictures
    count = 0
    for lang in LANGUAGES:
        _write(root / lang / "index.md", {"title": f"Home {lang}"}, _paragraph(rng, lang, 40) + "\n")
        count += 1
    for slug, title in (("biocat", "Biocat"), ("hlsc-bulgaria", "HLSC Bulgaria")):
        for lang in LANGUAGES:
            _write(root / lang / "clusters" / f"{slug}.md", {"title": title, "country": "ES"}, "Cluster.\n")
            count += 1
    for lang in LANGUAGES:
        _write(root / lang / "projects" / "clusters4health.md",
               {"title": "Clusters4Health", "coordinator": "biocat", "partners": ["hlsc-bulgaria"]}, "Project.\n")
        count += 1
    start = dt.date(2023, 1, 1)
    for number in range(items_per_language):
        section = "news" if number % 2 == 0 else "events"
        day = start + dt.timedelta(days=(number * 1096) // items_per_language)
        timed = number % 4 == 1
        languages = ["en"] if number % 10 == 0 else LANGUAGES
        illustrated = pictures_every and number % pictures_every == 5 % pictures_every
        if illustrated:
            (root / "assets").mkdir(parents=True, exist_ok=True)
            (root / "assets" / f"item-{number:05d}.jpg").write_bytes(picture(pictures))
        for lang in languages:
            front_matter: dict = {"title": f"{_paragraph(rng, lang, 6)[:-1]} {number}",
                                  "summary": _paragraph(rng, lang, 20),
                                  "tags": [rng.choice(WORDS[lang].split()) for _ in range(2)],
                                  "clusters": ["biocat"] if number % 3 == 0 else [],
                                  "projects": ["clusters4health"] if number % 5 == 0 else []}
            if section == "news":
                front_matter["date"] = day
            else:
                zone = ZONES[number % len(ZONES)]
                front_matter.update(start=f"{day}T09:30" if timed else day,
                                    end=f"{day}T17:00" if timed else day + dt.timedelta(days=number % 3),
                                    timezone=zone,
                                    location={"name": f"Hall {number}", "city": "City",
                                              "country": COUNTRIES[number % len(COUNTRIES)]})
            body = _body(rng, lang)
            if illustrated:
                front_matter["image"] = {"src": f"assets/item-{number:05d}.jpg", "alt": f"Picture {number}"}
                previous = "news" if (number - 1) % 2 == 0 else "events"
                body += (f"\n![Detail {number}](../../assets/item-{number:05d}.jpg)\n\n"
                         f"See also [the item before](../{previous}/item-{number - 1:05d}.md).\n")
            _write(root / lang / section / f"item-{number:05d}.md", front_matter, body)
            count += 1
    return count
