"""The Content-Security-Policy of every page: only the site's own scripts and styles run.

GitHub Pages sends no custom headers, so the policy is a `<meta http-equiv>` element placed right
after `<meta charset>`: a browser applies it to what follows it only. Inline scripts are allowed by
the SHA-256 of their text, read from each page as written (Material's differ with the page's depth
and may change in any release), and only outside what editors wrote: an inline script in an
article is refused by the browser, whatever else lets it through.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import re
from collections.abc import Iterable

# HTML runs a <script> whose type is missing, empty, "module" or a JavaScript MIME type; any other
# type (application/json, application/ld+json) is a data block, which is never run.
_JAVASCRIPT_TYPES = frozenset({
    "application/ecmascript", "application/javascript", "application/x-ecmascript", "application/x-javascript",
    "text/ecmascript", "text/javascript", "text/javascript1.0", "text/javascript1.1", "text/javascript1.2",
    "text/javascript1.3", "text/javascript1.4", "text/javascript1.5", "text/jscript", "text/livescript",
    "text/x-ecmascript", "text/x-javascript",
})
_HOST = re.compile(r"(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+")
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_CHARSET = re.compile(r"\s*<meta\s+charset\s*=[^>]*>", re.IGNORECASE)
POLICY_META = '<meta http-equiv="Content-Security-Policy" content="'
"""How every policy starts in a page."""
_POLICY = re.compile(re.escape(POLICY_META) + '([^"]*)"')
_SCRIPT = re.compile(r"""<script(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>(.*?)</script(?=[\s/>])""",
                     re.IGNORECASE | re.DOTALL)
"""A <script> element as HTML's tokenizer reads it: attributes (quoted values may hold '>'), then raw text up
to the first '</script'. Scanning the text takes a quarter of the time of parsing each page into a tree."""
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


class ContentSecurityPolicy:
    """The policy of this site, given the hosts that iframes may show (the `embeds` option)."""

    def __init__(self, frame_hosts: Iterable[str]):
        hosts = list(frame_hosts)
        for host in hosts:
            if not isinstance(host, str) or not _HOST.fullmatch(host):
                raise ValueError(f"embeds: {host!r} is not a host name in lower case, such as "
                                 "'www.youtube-nocookie.com' (no scheme, port, path or wildcard)")
        self.frame_hosts = tuple(dict.fromkeys(hosts))

    def policy(self, script_hashes: Iterable[str]) -> str:
        """The directives, each for a reason (the others fall back to default-src 'self'):
        script-src: the site's files, the theme's inline scripts by hash, and WebAssembly compilation
        (Pagefind searches with it, in the page when its web worker is not available);
        img-src: Material draws its icons with data: SVG in CSS; frame-src: the allowed embeds,
        over HTTPS only; object-src: no plugins; base-uri: no <base> may redirect relative links;
        form-action: forms submit to the site only (the header's search box opens the search page)."""
        hashes = "".join(f" {digest}" for digest in dict.fromkeys(script_hashes))
        frames = " ".join(f"https://{host}" for host in self.frame_hosts) or "'none'"
        return "; ".join([
            "default-src 'self'",
            f"script-src 'self'{hashes} 'wasm-unsafe-eval'",
            "img-src 'self' data:",
            f"frame-src {frames}",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
        ])

    def apply(self, page: str, untrusted: str = "") -> str:
        """`page` with its policy first in <head>. `untrusted` is the part of the page that comes from
        editors (an article's HTML): its inline scripts get no hash, so the browser refuses them."""
        trusted = page
        if untrusted:
            before, found, after = page.partition(untrusted)
            if not found:
                raise ValueError("the page's content is not in its HTML: the theme's scripts cannot be "
                                 "told apart from the editor's")
            trusted = before + after
        return insert_policy(page, self.policy(inline_script_hashes(trusted)))


def inline_script_hashes(page: str) -> list[str]:
    """CSP hash sources ('sha256-…') of the inline scripts a browser would run in `page`, in order."""
    hashes = []
    for script in _SCRIPT.finditer(page):
        attributes = _attributes(script.group(1))
        if "src" not in attributes and _runs(attributes):
            hashes.append(script_hash(script.group(2)))
    return list(dict.fromkeys(hashes))


def _attributes(text: str) -> dict[str, str]:
    """A start tag's attributes, names in lower case, values unescaped; the first of a name counts."""
    found: dict[str, str] = {}
    for name, double, single, bare in _ATTRIBUTE.findall(text):
        found.setdefault(name.lower(), html.unescape(double or single or bare))
    return found


@functools.lru_cache(maxsize=256)
def script_hash(text: str) -> str:
    """The CSP hash source of an inline script: SHA-256 of its UTF-8 text, in base64 (remembered: every page
    has the theme's few scripts, which differ only by the page's depth)."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def insert_policy(page: str, policy: str) -> str:
    """`page` with a CSP <meta> right after <meta charset> (or first in <head> without one)."""
    head = _HEAD.search(page)
    if head is None:
        raise ValueError("the page has no <head> to carry its Content-Security-Policy")
    at = head.end()
    charset = _CHARSET.match(page, at)
    if charset is not None:
        at = charset.end()
    return f'{page[:at]}\n{POLICY_META}{_as_attribute(policy)}">{page[at:]}'


def allow_script(page: str, script: str) -> str:
    """`page`, whose policy also allows the inline script `script` (for one that is added to the page
    after the build, such as the live-reload script of the local preview). The policy is read as HTML
    reads the attribute (quotes may be written as character references, as the web editor's page does)."""
    meta = _POLICY.search(page)
    if meta is None:
        raise ValueError("the page has no Content-Security-Policy to extend")
    directives = [directive.split() for directive in html.unescape(meta.group(1)).split(";") if directive.strip()]
    names = [words[0].lower() for words in directives]
    if "script-src" in names:
        sources = directives[names.index("script-src")]
        sources.insert(2 if sources[1:2] == ["'self'"] else 1, script_hash(script))
    else:  # scripts fell back to default-src: keep what it allowed, and this script
        default = directives[names.index("default-src")][1:] if "default-src" in names else []
        directives.append(["script-src", *[source for source in default if source != "'none'"], script_hash(script)])
    policy = "; ".join(" ".join(words) for words in directives)
    return f"{page[:meta.start(1)]}{_as_attribute(policy)}{page[meta.end(1):]}"


def _as_attribute(policy: str) -> str:
    """The policy as the value of a double-quoted attribute."""
    return html.escape(policy, quote=False).replace('"', "&quot;")


def _runs(attributes: dict[str, str]) -> bool:
    kind = attributes.get("type")
    if kind is None and attributes.get("language"):
        kind = "text/" + attributes["language"]
    kind = (kind or "").strip().lower()
    return kind in ("", "module") or kind in _JAVASCRIPT_TYPES
