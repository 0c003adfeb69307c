"""The live preview (`publish preview --live`): a page on this computer that shows a source's
web edition beside its PDF's pages and composition report, rebuilt whenever a file it is made
from is saved, and reloaded in the browser as soon as each edition is ready.

Three parts, each on its own thread: a watcher (watchfiles) that waits for a saved change to
one of the files the last build read, a builder that makes the web page first (it takes a
fraction of a second) and then the PDF, and a server (the standard library's, on 127.0.0.1
only) that serves the page and tells it what changed by server-sent events. A build that fails
keeps the last good editions on show under the error, as Vivliostyle and Typst do.
Nothing the page loads comes from outside this server.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import logging
import shutil
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from publish.errors import PublishError, shown

log = logging.getLogger(__name__)

SHOWN_FORMATS = ("html", "pdf")  # only the editions the page shows are built
DEBOUNCE_MS = 80  # a save is often several writes (a temporary file, a rename): wait for the last
WATCH_TIMEOUT_MS = 100  # how long the watcher waits before it says "nothing yet" (the first build waits for it)
PAGE_RESOLUTION = 100  # dots per inch of the page pictures: an A5 page is 583 pixels wide
IGNORED_NAMES = (".git", "__pycache__", "node_modules", ".venv")
EDITOR_LEFTOVERS = (".swp", ".swx", ".tmp", "~")  # vim, Emacs, gedit save through these

# The page's own files: served as they are, nothing else allowed to run (a source's web
# edition is shown in a frame that may run no script at all).
_PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; frame-src 'self'"
)
_EDITION_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:"


@dataclasses.dataclass
class Showing:
    """What the page shows now. A generation counts the builds of each edition, so that the
    page reloads only what changed."""

    source: str
    web: int = 0  # generation of the web page on show (0: none yet)
    pdf: int = 0
    pages: int = 0
    building: str = ""  # "html", "pdf" or nothing
    error: str = ""  # why the last build failed; the editions on show are from the one before
    messages: list[str] = dataclasses.field(default_factory=list)  # warnings and the composition report

    def as_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), ensure_ascii=False)


class LivePreview:
    """The state the three threads share: the editions on show, what they were made from,
    and a condition the server's event streams wait on."""

    def __init__(self, source: Path, settings: Callable[[], tuple[Any, Any]], folder: Path):
        self.source = source
        self.settings = settings  # () -> (BuildOptions, Theme), read again for every build
        self.folder = folder  # where the editions are written
        self.showing = Showing(source=source.name)
        self.changed = threading.Condition()
        self.inputs: set[Path] = set()  # every file the last build read (resolved)
        self.project: Path = Path(".")
        self.pdf: bytes = b""
        self.web_page: bytes = b""
        self._pictures: dict[tuple[int, int], bytes] = {}
        self._render = threading.Lock()  # pdfium is not safe on two threads at once

    # — building —

    def build(self) -> None:
        """Build the shown editions in turn, each put on show as soon as it is made."""
        from publish.build import build_in_turn, source_files

        self._update(building="html", error="", messages=[])
        messages: list[str] = []
        try:
            with _captured(messages):
                options, theme = self.settings()
                self.project = options.project.resolve()
                self.inputs |= {path.resolve() for path in source_files(self.source)}
                live = dataclasses.replace(options, formats=SHOWN_FORMATS, out_dir=self.folder, booklet=False)
                for edition, written, read in build_in_turn(self.source, live, theme):
                    self.inputs = {path.resolve() for path in read} | {self.project / "publish.toml"}
                    self._show(edition, written[0], messages)
        except PublishError as error:
            self._update(building="", error=shown(str(error)), messages=messages)
            return
        except Exception as error:  # a bug in publish: said in the page, in full with --debug
            log.debug("the live build failed", exc_info=True)
            said = "".join(traceback.format_exception_only(error)).strip()
            self._update(building="", error=f"publish failed (a bug; --debug shows where): {said}", messages=messages)
            return
        self._update(building="", messages=messages)

    def _show(self, edition: str, path: Path, messages: list[str]) -> None:
        if edition == "html":
            self.web_page = path.read_bytes()
            self._update(web=self.showing.web + 1, building="pdf", messages=list(messages))
        else:
            import pypdfium2

            self.pdf = path.read_bytes()
            with self._render:
                document = pypdfium2.PdfDocument(self.pdf)
                pages = len(document)
                document.close()
                self._pictures.clear()
            self._update(pdf=self.showing.pdf + 1, pages=pages, building="", messages=list(messages))

    def _update(self, **changes: Any) -> None:
        with self.changed:
            self.showing = dataclasses.replace(self.showing, **changes)
            self.changed.notify_all()

    def page_picture(self, number: int) -> bytes | None:
        """Page `number` of the PDF on show, as PNG (made when first asked for)."""
        import pypdfium2

        with self._render:
            key = (self.showing.pdf, number)
            if key not in self._pictures:
                document = pypdfium2.PdfDocument(self.pdf)
                try:
                    if not 1 <= number <= len(document):
                        return None
                    image = document[number - 1].render(scale=PAGE_RESOLUTION / 72).to_pil()
                finally:
                    document.close()
                buffer = io.BytesIO()
                image.save(buffer, format="PNG", compress_level=1)
                self._pictures[key] = buffer.getvalue()
            return self._pictures[key]

    # — watching —

    def touches(self, path: Path) -> bool:
        """Whether a saved `path` changes what is shown: a file the last build read, the
        settings, or any stylesheet of the project's (a theme may gain a file)."""
        path = path.resolve()
        if path.name.endswith(EDITOR_LEFTOVERS) or path.is_relative_to(self.folder.resolve()):
            return False
        return path in self.inputs or path == self.project / "publish.toml" or self.project / "styles" in path.parents

    def watch(self, stop: threading.Event) -> None:
        """Build, then rebuild after each saved change that touches the source, until `stop`
        is set. The first build is made once the watching has begun: a file saved while it
        was made, or just after, went unseen (the watcher started only when it was done)."""
        import watchfiles

        with contextlib.suppress(PublishError):  # (the roots to watch, before the first build; it says what is wrong)
            self.project = self.settings()[0].project.resolve()
        roots = sorted({str(root) for root in (self.project, self.source.parent.resolve()) if root.is_dir()})
        ignored = watchfiles.DefaultFilter(ignore_dirs=IGNORED_NAMES)
        first = True
        for changes in watchfiles.watch(
            *roots, watch_filter=ignored, debounce=DEBOUNCE_MS, step=20, stop_event=stop, raise_interrupt=False,
            rust_timeout=WATCH_TIMEOUT_MS, yield_on_timeout=True,
        ):  # fmt: skip
            if first or any(self.touches(Path(path)) for _, path in changes):
                first = False
                self.build()


def serve(
    source: Path,
    settings: Callable[[], tuple[Any, Any]],
    port: int,
    opened: Callable[[str], object] | None = None,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Serve the live preview of `source` on 127.0.0.1:`port` (0: any free port) until
    interrupted; `ready(address)` is told where, `opened(address)` opens a browser there."""
    with _scratch_folder() as folder:
        live = LivePreview(source, settings, folder)
        try:
            server = ThreadingHTTPServer(("127.0.0.1", port), _handler_for(live))
        except OSError as error:
            raise PublishError(f"cannot serve on 127.0.0.1:{port}: {error.strerror or error} (try --port)") from None
        server.daemon_threads = True
        address = f"http://127.0.0.1:{server.server_address[1]}/"
        stop = threading.Event()
        threading.Thread(target=server.serve_forever, name="live-server", daemon=True).start()
        if ready:
            ready(address)
        if opened:
            opened(address)
        try:
            live.watch(stop)  # builds, then returns on Ctrl-C (watchfiles stops on the signal)
        finally:
            stop.set()
            with live.changed:
                live.changed.notify_all()
            server.shutdown()
            server.server_close()


@contextmanager
def _scratch_folder() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="publish-live-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _captured(messages: list[str]) -> Iterator[None]:
    """What a build says (warnings, the composition report), kept for the page; the terminal
    keeps saying what it said before (-v, -q)."""
    logger = logging.getLogger("publish")

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.name != __name__:
                prefix = {logging.WARNING: "warning: ", logging.ERROR: "error: "}.get(record.levelno, "")
                messages.append(prefix + record.getMessage())

    level = logger.getEffectiveLevel()
    for handler in logger.handlers:
        handler.setLevel(max(handler.level, level))
    keep = Keep(logging.INFO)
    logger.addHandler(keep)
    logger.setLevel(min(level, logging.INFO))
    try:
        yield
    finally:
        logger.removeHandler(keep)
        logger.setLevel(level)


def _asset(name: str) -> bytes:
    return files("publish").joinpath("live_page", name).read_bytes()


_PAGE_FILES = {
    "/": ("index.html", "text/html"),
    "/live.js": ("live.js", "text/javascript"),
    "/live.css": ("live.css", "text/css"),
}


def _handler_for(live: LivePreview) -> type[BaseHTTPRequestHandler]:
    return type("LiveHandler", (_Handler,), {"live": live})


class _Handler(BaseHTTPRequestHandler):
    """The server's answers: the page and its two files, the state, the editions, the page
    pictures, and the stream of events."""

    live: LivePreview
    server_version = "publish-live"
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        url = urlsplit(self.path)
        if not self._from_this_computer():
            self._send(HTTPStatus.FORBIDDEN, b"", "text/plain")
        elif url.path in _PAGE_FILES:
            name, kind = _PAGE_FILES[url.path]
            self._send(HTTPStatus.OK, _asset(name), f"{kind}; charset=utf-8", _PAGE_POLICY)
        elif url.path == "/state":
            self._send(HTTPStatus.OK, self.live.showing.as_json().encode(), "application/json")
        elif url.path == "/web":
            self._send(HTTPStatus.OK, self.live.web_page, "text/html; charset=utf-8", _EDITION_POLICY)
        elif url.path == "/edition.pdf":
            self._send(HTTPStatus.OK, self.live.pdf, "application/pdf")
        elif url.path == "/page":
            self._send(*self._picture(url.query))
        elif url.path == "/events":
            self._events()
        else:
            self._send(HTTPStatus.NOT_FOUND, b"not here", "text/plain")

    def _picture(self, query: str) -> tuple[HTTPStatus, bytes, str]:
        number = parse_qs(query).get("n", [""])[0]
        made = self.live.page_picture(int(number)) if number.isdigit() else None
        return (HTTPStatus.OK, made, "image/png") if made else (HTTPStatus.NOT_FOUND, b"no such page", "text/plain")

    def _from_this_computer(self) -> bool:
        """Only pages of this server may ask it: a web site can point a name of its own at
        127.0.0.1 (DNS rebinding), but cannot make the browser send this Host."""
        host = self.headers.get("Host", "")
        return host.rpartition(":")[0] in ("127.0.0.1", "localhost")

    def _send(self, status: HTTPStatus, body: bytes, kind: str, policy: str = "default-src 'none'") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Security-Policy", policy)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        """Server-sent events: the state now, then again whenever it changes."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        said = ""
        try:
            while True:
                said = self._next_event(said)
        except (BrokenPipeError, ConnectionResetError):
            return  # the page was closed or reloaded

    def _next_event(self, said: str) -> str:
        """Waits for a state other than `said` (or 15 s, to keep the line open); sends it."""
        with self.live.changed:
            self.live.changed.wait_for(lambda: self.live.showing.as_json() != said, timeout=15)
            now = self.live.showing.as_json()
        self.wfile.write(f"data: {now}\n\n".encode() if now != said else b": still here\n\n")
        self.wfile.flush()
        return now

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the standard library's name)
        log.debug("live: " + format, *args)
