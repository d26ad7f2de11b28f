"""The local preview (`mkdocs serve`) under the same Content-Security-Policy as the published site.

MkDocs adds its live-reload script to each page as it serves it, right before the last `</body>`;
the policy written at build time does not know that script, so the browser would refuse it and the
preview would not reload. This wraps the preview's WSGI application to allow exactly that script,
except on the web editor's page (/admin/), which gets none: a save in the editor rebuilds the preview,
and a reload would throw away what the editor was doing. And it tells whether files were saved while
the first build ran, which MkDocs' watcher misses, and whether its address is free before it builds.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterable

from ..core import csp
from ..core.messages import Message, tr

_OPEN, _CLOSE = "<script>", "</script>"
_COARSE_CLOCK_NS = 50_000_000
"""How far behind the clock a file's modification time may be (the kernel stamps files with a coarse clock)."""


def allowing_live_reload(app: Callable, admin_path: str) -> Callable:
    """`app`, whose pages allow the live-reload script, except those under `admin_path` (e.g.
    '/clusters-site/admin/'), which go without it."""
    def serve(environ, start_response) -> Iterable[bytes]:
        response = {}

        def keep(status, headers, exc_info=None):
            response.update(status=status, headers=headers, exc_info=exc_info)

        body = app(environ, keep)
        headers = response["headers"]
        if not _is_html(headers):
            start_response(response["status"], headers, response["exc_info"])
            return body
        try:
            page = b"".join(body).decode("utf-8")
        finally:
            getattr(body, "close", lambda: None)()
        page = _allow_injected_script(page, keep=not environ.get("PATH_INFO", "").startswith(admin_path))
        content = page.encode("utf-8")
        headers = [(name, value) for name, value in headers if name.lower() != "content-length"]
        start_response(response["status"], [*headers, ("Content-Length", str(len(content)))], response["exc_info"])
        return [content]

    return serve


def _allow_injected_script(page: str, keep: bool = True) -> str:
    """The page with the live-reload script allowed (or, unless `keep`, removed). MkDocs puts it just
    before the last </body>, or at the end (`couplings.LIVE_RELOAD_SCRIPT`)."""
    end = page.rfind("</body>")
    before = page[: len(page) if end == -1 else end]
    start = before.rfind(_OPEN)
    if not before.endswith(_CLOSE) or start == -1 or csp.POLICY_META not in page:
        return page
    if not keep:
        return before[:start] + page[len(before):]
    return csp.allow_script(page, before[start + len(_OPEN): -len(_CLOSE)])


def _is_html(headers: list[tuple[str, str]]) -> bool:
    return any(name.lower() == "content-type" and value.startswith("text/html") for name, value in headers)


def changed_since(started_ns: int, paths: list[str]) -> bool:
    """Whether any of `paths` (files, or folders and everything under them) was modified, created or had
    a file removed at `started_ns` or later: a save, a new file, a file renamed or deleted."""
    since = started_ns - _COARSE_CLOCK_NS
    for path in paths:
        try:
            if os.stat(path).st_mtime_ns >= since:
                return True
        except OSError:
            return True
        folders = [path] if os.path.isdir(path) else []
        while folders:
            try:
                with os.scandir(folders.pop()) as entries:
                    for entry in entries:
                        if entry.stat(follow_symlinks=False).st_mtime_ns >= since:
                            return True
                        if entry.is_dir(follow_symlinks=False):
                            folders.append(entry.path)
            except OSError:  # removed while looked at, or unreadable: build again (it says what it cannot read)
                return True
    return False


def unavailable(host: str, port: int) -> Message | str | None:
    """Why the preview could not listen at host:port, or None if it can. Something that answers there (a
    preview of another project, say) makes it unavailable even where the system would let a second server
    bind the same port (Windows, with the address reuse that MkDocs' server asks for); elsewhere, binding as
    that server will says whether it can."""
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return tr("another program, perhaps another preview, is using it")
    except OSError:
        pass
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        if os.name == "posix":  # as MkDocs' server will: a preview stopped a moment ago leaves no obstacle
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            return error.strerror or str(error)
    return None


def busy_address_message(host: str, port: int, reason: str) -> Message:
    """One line: what is wrong with the address, and the command that serves the preview at a free one."""
    free = next((other for other in range(port + 1, min(port + 100, 65536)) if unavailable(host, other) is None),
                port + 1)
    other = f"{host}:{free}"
    return tr("The preview cannot use {address}: {reason}. Stop that one, or serve at another address: {command} "
              "(without make: {plain_command})", address=f"{host}:{port}", reason=reason,
              command=f"make serve SERVE_ADDRESS={other}", plain_command=f"mkdocs serve --dev-addr {other}")
