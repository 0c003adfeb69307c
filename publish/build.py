"""The pipeline, end to end: source → Document → typography → hyphenation → editions.

Each arrow is a plain function call; this module only strings them together and decides
file names. It knows no Click and no file format.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from publish.collection import bind, is_collection, read_plan
from publish.editions import COLLECTION_SUFFIX, DEFAULT_THEME, FORMATS, SUFFIXES, edition_name
from publish.errors import PublishError
from publish.hyphenation import hyphenate_document
from publish.limits import book_overrun
from publish.model import Document, Heading, Size, size_of
from publish.readers import SOURCE_SUFFIXES, UNREAD_KINDS, UNREAD_SUFFIXES, read_source, source_suffix
from publish.readers.anchors import linked_to_headings
from publish.render.folios import PageStart
from publish.resources import ResourceGate, check_inside
from publish.settings import BuildOptions
from publish.themes import Theme, load_theme, styles_dir
from publish.typography import typograph_document
from publish.writers.atomic import all_or_none, remove_leftovers

log = logging.getLogger(__name__)

PAGED_BY_PRINT = ("epub", "kepub")  # e-books that mark where the PDF's pages begin, made with it


def find_sources(paths: Iterable[Path]) -> list[Path]:
    """Files as given; folders give the sources inside them, sorted — not hidden ones, nor
    the lock file Word keeps beside a document it has open (`~$article.docx`).

    Two sources that would write the same editions (`notes.md` and `notes.txt`) are an
    error naming both: one would silently replace the other."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            children = sorted(
                child for child in path.iterdir() if child.is_file() and not child.name.startswith((".", "~$"))
            )
            found += [
                child
                for child in children
                if source_suffix(child) in SOURCE_SUFFIXES or child.name.lower().endswith(COLLECTION_SUFFIX)
            ]
            for child in (child for child in children if child.suffix.lower() in UNREAD_SUFFIXES):
                kind = UNREAD_SUFFIXES[child.suffix.lower()]
                log.warning("%s: left out: %s, which publish does not read: %s", child, kind,
                            UNREAD_KINDS[kind].format(name=child.name))  # fmt: skip
        elif path.is_file():
            found.append(path)
        elif path.exists():  # a pipe or a device: reading it would wait for ever
            raise PublishError("not a file or a folder (a pipe or a device?)", path)
        else:
            raise PublishError("no such file or folder", path)
    found = list(dict.fromkeys(found))
    by_name: dict[str, Path] = {}
    by_file: dict[str, Path] = {}
    for path in found:
        name = edition_name(path.name)
        other = by_name.setdefault(name.lower(), path)
        if other is not path:
            raise PublishError(f"{other} and {path} would both be built as {name}.*; rename one", path)
        for file in _edition_files(name):  # a.kepub.md's EPUB is a.md's KEPUB: a.kepub.epub
            other = by_file.setdefault(file.lower(), path)
            if other is not path:
                raise PublishError(f"{other} and {path} could both write {file}; rename one", path)
    return found


def _edition_files(name: str) -> list[str]:
    """Every file a source of edition name `name` may write, whatever the formats asked for."""
    return [f"{name}.{SUFFIXES.get(edition, edition)}" for edition in FORMATS] + [f"{name}.booklet.pdf"]


def resolve_theme(options: BuildOptions) -> Theme:
    """`--style` is a theme name, or a CSS file applied over the default theme."""
    styles = styles_dir(options.project)
    if options.style.endswith(".css"):
        user_css = Path(options.style)
        if not user_css.is_file():
            raise PublishError("no such stylesheet", user_css)
        return load_theme(DEFAULT_THEME, styles, user_css)
    return load_theme(options.style, styles)


def prepare(source: Path, options: BuildOptions) -> tuple[Document, Document]:
    """Read and set one source: the typographed document, and the same with soft hyphens.
    A collection's texts are each read and set on their own, then bound into one book."""
    _, typographed, hyphenated = _prepared(source, options)
    return typographed, hyphenated


def _prepared(source: Path, options: BuildOptions) -> tuple[Document | None, Document, Document]:
    """`prepare`'s, and the source as read (None for a collection): the checks look at it
    rather than read it again (a textbook of 25 MB took 9 s a reading)."""
    check_inside(source, (options.project, source.parent), "source", project=options.project)
    exceptions = exceptions_file(options)
    if exceptions.exists():
        check_inside(exceptions, (options.project,), "hyphenation exceptions file")
    if is_collection(source):
        plan = read_plan(source)
        roots = (options.project, source.parent)  # as for a source given alone: its project, its folder
        texts, so_far = [], Size()
        for text in plan.sources:  # read one by one, so that a book too long stops as it runs over
            try:
                read, so_far = _read_within(text, options, roots, so_far, book=source)
                texts.append(_set_text(read, options, exceptions))
            except PublishError as error:
                if error.path != source:  # a text's own problem: say which collection lists it, where
                    line = plan.lines.get(text)
                    error.message += f" (listed in {source}{f':{line}' if line else ''})"
                raise
        book = _typograph_book(
            with_defaults(bind(plan, [typographed for typographed, _ in texts]), options.metadata_defaults)
        )
        hyphenated = bind(plan, [hyphenated for _, hyphenated in texts])
        own = iter(block for block in book.blocks if isinstance(block, Heading))
        hyphenated_blocks = tuple(next(own) if isinstance(block, Heading) else block for block in hyphenated.blocks)
        return None, book, replace(hyphenated, metadata=book.metadata, blocks=hyphenated_blocks)
    read, _ = _read_within(source, options, (options.project, source.parent), Size())
    return (read, *_set_text(linked_to_headings(read), options, exceptions))


def _typograph_book(book: Document) -> Document:
    """Typography for a collection's own words — its metadata and its parts' titles — in its
    language (its texts were set in theirs)."""
    own = typograph_document(replace(book, blocks=tuple(b for b in book.blocks if isinstance(b, Heading)), notes=()))
    titles = iter(own.blocks)
    blocks = tuple(next(titles) if isinstance(block, Heading) else block for block in book.blocks)
    return replace(book, metadata=own.metadata, blocks=blocks)


def _read_within(
    source: Path, options: BuildOptions, roots: tuple[Path, ...], so_far: Size, book: Path | None = None
) -> tuple[Document, Size]:
    """One text read, and the size of the book with it, if that is within an edition's
    budgets (publish.limits.book_overrun); `so_far` is the size of the texts before it."""
    check_inside(source, roots, "source", project=options.project)
    read = read_source(source, options.language)
    size = so_far + size_of(read)
    overrun = book_overrun(size)
    if overrun:
        raise PublishError(f"at {source.name}: {overrun}" if book else overrun, book or source)
    return read, size


def _set_text(read: Document, options: BuildOptions, exceptions: Path) -> tuple[Document, Document]:
    """A text read, typographed, and the same with its soft hyphens."""
    document = typograph_document(with_defaults(read, options.metadata_defaults))
    return document, hyphenate_document(document, headings=options.hyphenate_headings, exceptions_file=exceptions)


def exceptions_file(options: BuildOptions) -> Path:
    """The project's hyphenation word list (it may not exist)."""
    return options.hyphenation_exceptions or options.project / "hyphenation.txt"


def with_defaults(document: Document, defaults: tuple[tuple[str, Any], ...]) -> Document:
    """Fill the metadata fields the source left empty from the project's defaults."""
    missing = {field: value for field, value in defaults if not getattr(document.metadata, field)}
    return replace(document, metadata=replace(document.metadata, **missing)) if missing else document


def targets_of(source: Path, options: BuildOptions) -> list[Path]:
    """The files a build of `source` writes."""
    targets = [
        options.out_dir / f"{edition_name(source.name)}.{SUFFIXES.get(edition, edition)}" for edition in options.formats
    ]
    if "pdf" in options.formats and options.booklet:
        targets.append(options.out_dir / f"{edition_name(source.name)}.booklet.pdf")
    return targets


def inputs_of(source: Path, options: BuildOptions, theme: Theme) -> tuple[list[str], list[Path]]:
    """What a source's editions depend on beside the files the build loads: settings and files."""
    exceptions = exceptions_file(options)
    files = [*source_files(source), *(path for paths in theme.stylesheets.values() for path in paths)]
    files += [face.path for face in theme.fonts] + ([exceptions] if exceptions.exists() else [])
    # (each edition is stamped by its name, in the folder it is in, wherever publish runs)
    neutral = dataclasses.replace(options, project=Path("."), out_dir=Path("."), formats=())
    settings = [repr(neutral), repr(theme.cover), repr(theme.font_roles)]
    # A date asked for (SOURCE_DATE_EPOCH) is an input; a source's modification time is not: a
    # file touched or saved again unchanged rebuilds nothing, and its editions keep their date.
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return [*settings, f"date {epoch}" if epoch.isdigit() else "date of the source"], files


def stale_formats(source: Path, options: BuildOptions, theme: Theme) -> tuple[str, ...]:
    """The asked-for formats of `source` whose editions are missing, changed, or made from
    anything other than what they would be made from now (a PDF with its booklet when one is
    asked for): only these are built."""
    from publish.stamps import current

    parts, files = inputs_of(source, options, theme)
    made = current(options.out_dir, source, targets_of(source, options), parts, files)
    stale = [
        edition
        for edition in options.formats
        if not set(targets_of(source, dataclasses.replace(options, formats=(edition,)))) <= made
    ]
    paged = [edition for edition in options.formats if edition in PAGED_BY_PRINT] if "pdf" in options.formats else []
    if set(stale) & {"pdf", *paged}:  # an e-book's page list is read from its PDF's layout: made together
        stale += ["pdf", *paged]
    return tuple(edition for edition in options.formats if edition in stale)


def build_source(source: Path, options: BuildOptions, theme: Theme) -> list[Path]:
    """Build every asked-for edition of one source; returns the files written."""
    written, loaded = build_unstamped(source, options, theme)
    stamp(source, options, theme, loaded)
    return written


def stamp(source: Path, options: BuildOptions, theme: Theme, loaded: set[Path]) -> None:
    """Record what the editions of `source` just written were made from (publish.stamps);
    `loaded`: the files the build read beside its inputs."""
    from publish.stamps import record

    parts, files = inputs_of(source, options, theme)
    record(options.out_dir, source, targets_of(source, options), parts, files, loaded)


def build_unstamped(source: Path, options: BuildOptions, theme: Theme) -> tuple[list[Path], set[Path]]:
    """Every asked-for edition of one source, written (all or none); the files written and
    the files the build loaded or looked for (for its stamp, which the caller writes)."""
    read, typographed, hyphenated = _prepared(source, options)
    report_checks(source, options, read)
    gate = ResourceGate(roots=allowed_roots(source, theme, options))
    if options.out_dir.exists() and not options.out_dir.is_dir():
        raise PublishError("is a file, not a folder for the editions", options.out_dir)
    try:
        options.out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise PublishError(
            f"cannot make the folder for the editions: {error.strerror or error}", options.out_dir
        ) from None
    remove_leftovers(options.out_dir)
    with all_or_none():  # a source's editions replace the old ones together, or none does
        written = _write_editions(source, options, theme, typographed, hyphenated, gate)
    for path in written:
        log.info("wrote %s", path)
    return written, gate.loaded | set(typographed.consulted)


def _write_editions(
    source: Path,
    options: BuildOptions,
    theme: Theme,
    typographed: Document,
    hyphenated: Document,
    gate: ResourceGate,
) -> list[Path]:
    """Each asked-for edition, by its format's writer (publish.writers.for_format)."""
    from publish.writers import Edition, for_format

    written: list[Path] = []
    created = build_time(source)
    print_pages: list[PageStart] = []  # the PDF first: the e-books mark where its pages begin
    for edition in sorted(options.formats, key=lambda edition: edition != "pdf"):
        if edition not in FORMATS:
            raise PublishError(f"unknown format {edition!r} (formats: {', '.join(FORMATS)})")
        target = options.out_dir / f"{edition_name(source.name)}.{SUFFIXES.get(edition, edition)}"
        made = Edition(edition, target, typographed, hyphenated, theme, gate, options, created, print_pages)
        written += for_format(edition)(made)
    return written


def build_in_turn(source: Path, options: BuildOptions, theme: Theme) -> Iterator[tuple[str, list[Path], set[Path]]]:
    """Each asked-for edition of `source`, written as it is made, with every file read so far:
    for the live preview, which shows the web page before the PDF is laid out. Nothing is
    stamped: the editions go to a folder of the preview's own."""
    from publish.writers import Edition, for_format

    read, typographed, hyphenated = _prepared(source, options)
    report_checks(source, options, read)
    gate = ResourceGate(roots=allowed_roots(source, theme, options))
    options.out_dir.mkdir(parents=True, exist_ok=True)
    _, files = inputs_of(source, options, theme)
    for edition in options.formats:
        target = options.out_dir / f"{edition_name(source.name)}.{SUFFIXES.get(edition, edition)}"
        made = Edition(edition, target, typographed, hyphenated, theme, gate, options, build_time(source))
        with all_or_none():
            written = for_format(edition)(made)
        yield edition, written, {*files, *gate.loaded, *typographed.consulted}


def report_checks(source: Path, options: BuildOptions, read: Document | None = None) -> None:
    """What `publish check` calls errors, said as the source is built (the editions are still
    made: a homoglyph or a missing note does not stop a book); the warnings only counted.
    `read`: the source as the build read it, if it did."""
    from publish.check import ERROR, check_source

    findings = check_source(source, options.language, read)
    for finding in findings:
        if finding.severity == ERROR:
            log.warning("%s", finding)
    warnings = sum(finding.severity != ERROR for finding in findings)
    if warnings:
        log.warning("%s: %d more to look at: publish check %s", source, warnings, source)


def build_previews(
    source: Path, options: BuildOptions, theme: Theme, pages: list[int], folder: Path, resolution: int = 100
) -> list[Path]:
    """PNG pictures of the PDF's `pages`, as `folder/<source>-<theme>-<page>.png`; no PDF is kept."""
    from publish.writers.pdf import build_pdf, pdf_options
    from publish.writers.preview import write_previews

    _, hyphenated = prepare(source, options)
    gate = ResourceGate(roots=allowed_roots(source, theme, options))
    pdf = build_pdf(hyphenated, theme, gate, pdf_options(options, build_time(source)))
    return write_previews(pdf, pages, folder, f"{edition_name(source.name)}-{theme.name}", resolution)


def source_files(source: Path) -> list[Path]:
    """The files a source is: itself, and for a collection the texts it lists (a collection
    file that cannot be read is only itself here; building it says why)."""
    if not is_collection(source):
        return [source]
    try:
        return [source, *read_plan(source).sources]
    except PublishError:
        return [source]


def build_time(source: Path) -> datetime.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else when the source last changed."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    latest = max(path.stat().st_mtime for path in source_files(source))
    seconds = int(epoch) if epoch and epoch.strip().isdigit() else int(latest)
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)


def allowed_roots(source: Path, theme: Theme, options: BuildOptions) -> tuple[Path, ...]:
    """What a build may read: the project, the source's folder, the styles, the font packages."""
    project = options.project.resolve()
    styles = styles_dir(options.project).resolve()
    roots: Sequence[Path] = [
        project,
        source.parent.resolve(),  # the folder the source is in, not the one a link points into
        *([styles] if styles.is_relative_to(project) or not (options.project / "styles").exists() else []),
        *(face.path.resolve().parent for face in theme.fonts if _installed_font(face.path)),
    ]
    return tuple(dict.fromkeys(roots))


def _installed_font(path: Path) -> bool:
    """A font file from an installed font package (or publish's own styles), not from a link."""
    import fontpkg

    installed = Path(fontpkg.__file__).resolve().parents[1]  # site-packages, where the font packages live
    return path.resolve().is_relative_to(installed) or path.resolve().is_relative_to(
        Path(__file__).resolve().parents[1]
    )
