"""A small multilingual content tree exercising every page kind, translation gap and hostile value."""

from __future__ import annotations

import io

from PIL import Image

from conftest import FixtureSite

HOSTILE_TITLE = '</script><script>alert("title")</script> & <b>bold</b>'
HOSTILE_SUMMARY = '<img src=x onerror=alert(1)> "quoted" ]]> &lt;evil&gt;'
HOSTILE_TAG = "<i>tag</i>"
FILLER_NEWS = 11


# The smallest valid PNG: one transparent pixel.
PIXEL_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c636060606000000005"
    "0001a5f645400000000049454e44ae426082"
)


def picture_png(width: int, height: int, colour: tuple[int, int, int] = (20, 110, 90)) -> bytes:
    """A real picture of the given size (with a stripe, so that resized copies differ from a plain fill)."""
    image = Image.new("RGB", (width, height), colour)
    image.paste((250, 250, 250), (0, height // 3, width, height // 3 + max(1, height // 10)))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def write_fixture_content(site: FixtureSite) -> None:
    write = site.write
    (site.root / "content" / "assets").mkdir(parents=True, exist_ok=True)
    (site.root / "content" / "assets" / "sofia.png").write_bytes(picture_png(1280, 800))
    write("en/clusters/biocat.md", {"title": "Biocat", "country": "ES", "city": "Barcelona",
                                    "website": "https://www.biocat.cat/"})
    write("uk/clusters/biocat.md", {"title": "Біокат", "country": "ES", "city": "Барселона",
                                    "website": "https://www.biocat.cat/"})
    write("bg/clusters/hlsc-bulgaria.md", {"title": "Биотехнологичен и здравен клъстер", "country": "BG",
                                           "city": "София"})
    write("en/clusters/hlsc-bulgaria.md", {"title": "Health and Life Sciences Cluster Bulgaria",
                                           "country": "BG", "city": "Sofia"})
    write("ro/clusters/imago-mol.md", {"title": "Clusterul Imago-Mol", "country": "RO", "city": "Cluj-Napoca"})
    for lang, title in {"en": "Clusters4Health", "uk": "Clusters4Health", "ro": "Clusters4Health"}.items():
        write(f"{lang}/projects/clusters4health.md", {
            "title": title, "acronym": "C4H", "start": "2025-01-01", "end": "2027-12-31",
            "coordinator": "imago-mol", "partners": ["imago-mol", "biocat", "Oslo Cancer Cluster"],
            "partner_count": 9,  # the consortium: more than the partners named
        })
    write("en/news/mapping-workshop.md", {
        "title": "Mapping the Ukrainian health value chain", "date": "2025-06-12",
        "summary": "A first Clusters4Health workshop.", "tags": ["value chains", "Ukraine"],
        "projects": ["clusters4health"], "clusters": ["biocat"], "authors": ["Natalia Dziuba"],
    })
    write("uk/news/mapping-workshop.md", {
        "title": "Картування ланцюга цінності охорони здоров'я", "date": "2025-06-12",
        "summary": "Перший семінар Clusters4Health.", "tags": ["ланцюги цінності"],
        "projects": ["clusters4health"], "clusters": ["biocat"],
    })
    write("ro/news/mapping-workshop.md", {
        "title": "Cartografierea lanțului valoric", "date": "2025-06-12",
        "projects": ["clusters4health"], "clusters": ["biocat"],
    })
    write("ro/news/deep-dive-oslo.md", {"title": "Zilele Deep Dive la Oslo", "date": "2025-06-20",
                                        "summary": "Doar în limba română.", "projects": ["clusters4health"],
                                        "clusters": ["imago-mol"], "tags": ["Oslo"]})
    write("en/news/hostile.md", {"title": HOSTILE_TITLE, "date": "2025-06-01", "summary": HOSTILE_SUMMARY,
                                 "tags": [HOSTILE_TAG], "authors": ["<script>a()</script>"]})
    for number in range(1, FILLER_NEWS + 1):
        write(f"en/news/filler-{number:02d}.md", {"title": f"Filler news {number:02d}",
                                                  "date": f"2025-05-{number:02d}"})
    write("en/news/draft-news.md", {"title": "Secret draft", "date": "2025-06-25", "draft": True, "tags": ["secret"]})
    write("uk/news/draft-news.md", {"title": "Таємна чернетка", "date": "2025-06-25", "draft": True})
    write("en/events/spinoff-bulgaria-2024.md", {
        "title": "Spinoff Bulgaria 2024", "start": "2024-06-20", "end": "2024-06-21", "timezone": "Europe/Sofia",
        "image": {"src": "assets/sofia.png", "alt": "Sofia Tech Park at night", "credit": "Photo: Venrize"},
        "location": {"name": "Sofia Tech Park", "city": "Sofia", "country": "BG"}, "clusters": ["hlsc-bulgaria"],
        "organizers": ["ISTEB"],  # the Bulgarian version names none: it is still theirs
    })
    write("bg/events/spinoff-bulgaria-2024.md", {
        "title": "Спиноф България 2024", "start": "2024-06-20", "end": "2024-06-21", "timezone": "Europe/Sofia",
        "image": {"src": "assets/sofia.png", "alt": "София Тех Парк нощем"},
        "location": {"name": "София Тех Парк", "city": "София", "country": "BG"}, "clusters": ["hlsc-bulgaria"],
    })
    write("en/events/deep-dive-days.md", {"title": "Deep Dive Days in Oslo", "start": "2025-12-01",
                                          "end": "2025-12-03", "projects": ["clusters4health"],
                                          "location": {"city": "Oslo", "country": "NO"}})
    write("ro/events/deep-dive-days.md", {"title": "Zilele Deep Dive la Oslo", "start": "2025-12-01",
                                          "end": "2025-12-03", "projects": ["clusters4health"],
                                          "location": {"city": "Oslo", "country": "NO"}})
    write("en/events/in-progress.md", {"title": "Week in progress", "start": "2025-06-30", "end": "2025-07-02"})
    write("uk/events/webinar.md", {"title": "Вебінар про сертифікацію", "start": "2025-07-10T11:00",
                                   "end": "2025-07-10T12:30", "timezone": "Europe/Kyiv",
                                   "online": "https://example.org/join", "status": "moved-online"})
    write("en/events/cancelled-forum.md", {"title": "Cancelled forum", "start": "2025-03-05", "status": "cancelled",
                                           "location": {"name": HOSTILE_TITLE, "city": "Sinaia", "country": "RO"}})


# What readers' pages need beyond the site fixture: every page kind in every language (an article,
# an event, a project and a cluster in all five), about pages, an EU-funded project, an event over
# two weeks whose Polish title has a very long word, and months without events between months with.
LONG_WORD = "Konstantynopolitańczykowianeczka"
READER_LANGUAGES = {
    "en": ("EU Health Lab starts", "Two weeks of the EU Health Lab", "About the network"),
    "uk": ("EU Health Lab розпочинає роботу", "Два тижні EU Health Lab", "Про мережу"),
    "bg": ("EU Health Lab започва работа", "Две седмици EU Health Lab", "За мрежата"),
    "ro": ("EU Health Lab pornește", "Două săptămâni EU Health Lab", "Despre rețea"),
    "pl": ("EU Health Lab rusza", f"{LONG_WORD} – dwa tygodnie EU Health Lab", "O sieci"),
}


PICTURE_ALT = "The lab's first meeting"
AUTHORS = [{"cluster": "biocat"}, {"organization": "Lab <b>team</b>", "url": "https://example.org/team?a=1&b=2"},
           "Maria </script><script>alert(1)</script>"]
"""Who wrote the EU Health Lab news: a cluster of the network, an organisation with its page, a person
(hostile names: they must come out as text everywhere)."""


def write_reader_content(site: FixtureSite) -> None:
    write_fixture_content(site)
    write = site.write
    for lang, (news, event, about) in READER_LANGUAGES.items():
        write(f"{lang}/projects/eu-lab.md", {"title": "EU Health Lab", "acronym": "EUHL", "eu_funded": True,
                                              "coordinator": "biocat", "start": "2025-01-01", "end": "2026-12-31"})
        if lang not in ("en", "uk"):  # the site fixture has those two
            write(f"{lang}/clusters/biocat.md", {"title": "Biocat", "country": "ES", "website": "https://www.biocat.cat/"})
        write(f"{lang}/news/eu-lab-starts.md", {"title": news, "date": "2025-06-15", "projects": ["eu-lab"],
                                                "clusters": ["biocat"], "tags": [f"lab {lang}"],
                                                "image": {"src": "assets/sofia.png", "alt": f"{PICTURE_ALT} ({lang})"},
                                                "authors": AUTHORS})
        write(f"{lang}/events/fortnight.md", {"title": event, "start": "2025-09-10", "end": "2025-09-22",
                                              "location": {"city": "Kraków", "country": "PL"},
                                              "projects": ["eu-lab"], "clusters": ["biocat"],
                                              "organizers": [{"cluster": "biocat"}, "City of Kraków"]})
        write(f"{lang}/about.md", {"title": about}, "## Who we are\n\nA network of health clusters.\n")
    write("en/events/same-days.md", {"title": "Same days", "start": "2025-09-15", "end": "2025-09-16",
                                     "online": "https://example.org/live", "projects": ["eu-lab"]})


# Search by other forms of words (tests/test_browser_search.py): articles whose words are inflected otherwise
# than the queries, and counts whose plural form each language's CLDR rules choose.
SEARCH_NEWS = {
    "uk": {
        "barcelona-week": ("Кластери в Барселоні", "Делегація кластерів провела тиждень у Барселоні. Лікарні "
                                                  "Каталонії показали свої лабораторії."),
        "barcelona-guide": ("Путівник для гостей", "Барселона приймає форум охорони здоров'я. Нова лікарня "
                                                  "відкрила двері для пацієнтів."),
        "strasbourg": ("Дні кластерів", "Європейський парламент у Страсбурзі зібрав учасників. Директори "
                                        "лікарень обговорили співпрацю."),
        "plovdiv": ("Оновлення в Пловдиві", "Лікарню в Пловдиві оновили за кошти програми."),
        "data": ("Обмін даними", "У лікарнях регіону запрацював обмін медичними даними."),
    },
    "bg": {
        "cluster-week": ("Седмица на иновациите", "Украински клъстери представиха своите разработки. Проектът "
                                                  "на Biocat събра партньори от Каталуния."),
        "cluster-days": ("Дни в Страсбург", "Представители на клъстерите обсъдиха общи програми. Форумът "
                                            "продължи два дни."),
    },
    "ro": {
        "health-week": ("Săptămâna inovării", "Clusterele de sănătate din Ucraina au vizitat spitalele din "
                                              "Catalonia."),
    },
    "pl": {
        "szpitale": ("Sieć placówek", "Szpitale regionu wymieniają dane o łańcuchach dostaw."),
        "szpital-krakow": ("Nowy oddział", "Oddział szpitala w Krakowie otwarto w czerwcu."),
        "szpitali": ("Dyrektorzy", "Dyrektorzy szpitali spotkali się w Warszawie, by omówić łańcuch wartości."),
        "szpitalu": ("Symulacje", "W szpitalu uniwersyteckim ćwiczono ratownictwo."),
        "szpitalem": ("Współpraca", "Klaster podpisał umowę ze szpitalem wojewódzkim."),
    },
}


def write_search_content(site: FixtureSite) -> None:
    for lang, news in SEARCH_NEWS.items():
        for number, (slug, (title, body)) in enumerate(news.items()):
            site.write(f"{lang}/news/{slug}.md", {"title": title, "date": f"2025-06-{number + 1:02d}"}, body + "\n")
