"""The command line: parses options, calls the pipeline, reports. No rule or format lives here."""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from publish import __version__
from publish.errors import PublishError, SettingsError, shown
from publish.settings import BY_NAME, SETTINGS

log = logging.getLogger("publish")

BUILD_EXAMPLES = """
\b
Examples:
  publish build                          every text in source/ → dist/*.epub, dist/*.pdf
  publish build source/kazakhstan-2022.txt -f epub
  publish build texts/ -o out/ --style large-print
  publish build article.md --style my-series.css --booklet
"""


class _Formatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        prefix = {logging.WARNING: "warning: ", logging.ERROR: "error: "}.get(record.levelno, "")
        message = prefix + shown(record.getMessage())
        if record.exc_info:
            message += "\n" + self.formatException(record.exc_info)
        return message


class _SaidOnce(logging.Filter):
    """A warning said once a run: a project stylesheet's refused URL is met by every source's
    build, and would be repeated for each."""

    def __init__(self) -> None:
        super().__init__()
        self.said: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.WARNING:
            return True
        message = record.getMessage()
        if message in self.said:
            return False
        self.said.add(message)
        return True


def _configure_logging(verbose: int, quiet: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter())
    handler.addFilter(_SaidOnce())
    root = logging.getLogger("publish")
    root.handlers[:] = [handler]
    root.propagate = False
    root.setLevel(logging.ERROR if quiet else logging.INFO if verbose else logging.WARNING)


def _reporting_options(command):
    """-v, -q and --debug, accepted before or after the command name."""

    def remember(context: click.Context, parameter: click.Parameter, value):
        settings = context.ensure_object(dict)
        if value or parameter.name not in settings:
            settings[parameter.name] = value
        _configure_logging(settings.get("verbose", 0), settings.get("quiet", False))
        return value

    for option in (
        click.option("--debug", is_flag=True, expose_value=False, callback=remember, help="Show tracebacks."),
        click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=remember, help="Only errors."),
        click.option("-v", "--verbose", count=True, expose_value=False, callback=remember, help="Say more."),
    ):
        command = option(command)
    return command


def _sources_folder(project: Path) -> Path:
    """source/ of the project, as the user sees it: relative when the project is here."""
    return Path("source") if project.resolve() == Path.cwd().resolve() else project / "source"


def _change_folder(context: click.Context, parameter: click.Parameter, folder: Path | None) -> None:
    if folder is not None:
        os.chdir(folder)  # as git -C and make -C: everything after it is relative to the folder


F = TypeVar("F", bound=Callable[..., Any])


def _installed_version() -> str:
    """The version pip (or pipx) installed, from the package's metadata; the source tree's when
    publish runs from a checkout that was never installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("publish-editions")
    except PackageNotFoundError:
        return __version__


def _setting_options(*names: str) -> Callable[[F], F]:
    """The command's options for the settings `names`, made from publish.settings' table."""

    def decorate(command: F) -> F:
        for name in reversed(names):
            setting = BY_NAME[name]
            shown = f"{setting.help} Default: {setting.default_in_words()}."
            kind = setting.kind
            if kind is bool:
                option = click.option(f"{setting.flag}/--no-{setting.key}", setting.name, default=None, help=shown)
            else:
                flags = setting.flags or (setting.flag,)
                if setting.choices:
                    choice = click.Choice(setting.choices, case_sensitive=False)
                    option = click.option(
                        *flags, setting.name, type=choice, metavar=setting.metavar, multiple=kind is tuple, help=shown
                    )
                elif kind is Path:
                    option = click.option(*flags, setting.name, type=click.Path(path_type=Path), help=shown)
                else:
                    option = click.option(*flags, setting.name, help=shown)
            command = option(command)
        return command

    return decorate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(_installed_version(), "--version", prog_name="publish")
@click.option(
    "-C",
    "folder",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    callback=_change_folder,
    expose_value=False,
    is_eager=True,
    help="Run as if started in FOLDER (a project, or a folder inside one).",
)
@_reporting_options
def cli() -> None:
    """Turn source texts into EPUB, print-ready PDF and HTML editions."""


@cli.command(epilog=BUILD_EXAMPLES)
@_reporting_options
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@_setting_options(*(setting.name for setting in SETTINGS))
@click.option("--force", is_flag=True, help="Rebuild every edition, even those whose inputs have not changed.")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), help="Sources built at once. Default: one per core.")
@click.option(
    "--executor",
    default="local",
    show_default=True,
    metavar="local|dask://HOST:PORT",
    help="Where sources are built: processes here, or a Dask cluster's workers (pip install 'publish-editions[dask]').",
)
@click.pass_context
def build(
    context: click.Context, sources: tuple[Path, ...], force: bool, jobs: int | None, executor: str, **given: Any
) -> None:
    """Build editions of SOURCES (files or folders; default: source/).

    Defaults come from publish.toml in the current folder, or the nearest above it (then
    source/ and dist/ are the project's). A source whose
    editions are all there, made from exactly what they would be made from now, is not rebuilt.
    """
    from publish.batch import build_all, default_jobs
    from publish.build import find_sources, resolve_theme
    from publish.config import find_project, resolve_options
    from publish.progress import pages_line, sources_bar

    debug = _settings(context)["debug"]
    try:
        options = resolve_options(
            {**given, "formats": tuple(dict.fromkeys(given["formats"]))},
            project := find_project(),
        )
        paths = find_sources(sources or (_sources_folder(project),))
        theme = resolve_theme(options)
        if executor != "local":
            from publish.cluster import scheduler_address

            scheduler_address(executor)  # (a mistyped one said before anything is read)
    except SettingsError as error:
        _fail(error, debug)
        sys.exit(2)
    except PublishError as error:
        _fail(error, debug)
        sys.exit(1)
    if not paths:
        log.error("no sources found in %s", ", ".join(str(path) for path in sources or ("source",)))
        sys.exit(1)

    failed: list[Path] = []
    written = 0
    unchanged = 0
    started = time.perf_counter()
    quiet = _settings(context)["quiet"]
    outcomes = build_all(
        paths, options, theme, force=force, jobs=jobs or default_jobs(), debug=debug, executor=executor
    )
    try:
        with sources_bar(outcomes, len(paths), quiet) as progress, pages_line(quiet or len(paths) > 1):
            for outcome in progress:
                for level, message in outcome.records:  # what a build in another process said, in order
                    log.log(level, "%s", message)
                if outcome.status == "failed":
                    log.error("%s", outcome.error)
                    failed.append(outcome.source)
                unchanged += outcome.status == "unchanged"
                written += outcome.written
    except PublishError as error:  # the cluster cannot be reached, say: nothing more is built
        _fail(error, debug)
        sys.exit(1)
    seconds = time.perf_counter() - started
    if not _settings(context)["quiet"]:
        built = len(paths) - len(failed) - unchanged
        summary = f"{_count(written, 'edition')} of {_count(built, 'source')} built in {options.out_dir}"
        if unchanged:
            summary += f"; {unchanged} unchanged, not rebuilt (--force rebuilds)"
        click.echo(f"{summary} ({seconds:.1f} s)", err=True)
    if failed:
        log.error("%d of %d sources failed: %s", len(failed), len(paths), ", ".join(map(str, failed)))
        sys.exit(1)


@cli.command()
@_reporting_options
@click.argument("folder", type=click.Path(path_type=Path), required=False)
@click.option("--title", help="The catalogue's name. Default: the publisher most texts name.")
@click.option(
    "--url", "site_url", help="Where FOLDER is served (https://…/): for the sitemap. Default: url in publish.toml."
)
@click.pass_context
def catalog(context: click.Context, folder: Path | None, title: str | None, site_url: str | None) -> None:
    """Catalogue the editions built in FOLDER (default: dist/): an OPDS catalogue in
    FOLDER/opds/ for e-reader apps (open opds/root.xml from where FOLDER is served) and an
    archive site in FOLDER/archive/ (index.html). Only files whose content changes are
    written; opds/ and archive/ are publish's own."""
    from publish.catalog import make_catalog
    from publish.config import find_project, resolve_options

    debug = _settings(context)["debug"]
    try:
        options = resolve_options({"site_url": site_url} if site_url else {}, find_project())
        written = make_catalog(folder or options.out_dir, title, options.site_url)
    except SettingsError as error:
        _fail(error, debug)
        sys.exit(2)
    except PublishError as error:
        _fail(error, debug)
        sys.exit(1)
    where = shown(str(folder or options.out_dir))
    click.echo(
        f"catalogue in {where}/opds/root.xml, archive in {where}/archive/index.html: "
        f"{len(written.changed)} files written, {len(written.unchanged)} unchanged, {len(written.removed)} removed",
        err=True,
    )
    if not options.site_url:
        click.echo("(no sitemap: it needs the site's address, --url or url in publish.toml)", err=True)


@cli.command()
@_reporting_options
@click.argument("folder", type=click.Path(path_type=Path), default=".")
@click.pass_context
def init(context: click.Context, folder: Path) -> None:
    """Start a project in FOLDER (default: here): an example text in source/, a collection of
    it, a publish.toml listing every setting, and a house theme that extends classic. Files
    already there are left as they are. Then: publish build."""
    from publish.scaffold import make_project

    try:
        written, kept = make_project(folder)
    except PublishError as error:
        _fail(error, _settings(context)["debug"])
        sys.exit(1)
    for path in written:
        click.echo(f"wrote {shown(str(path))}")
    for path in kept:
        click.echo(f"kept {shown(str(path))} (already there)")
    where = "" if folder == Path(".") else f"cd {shown(str(folder))} && "
    click.echo(f"Now: {where}publish build", err=True)


@cli.command()
@_reporting_options
def styles() -> None:
    """List the themes, with what each is for."""
    from publish.config import find_project
    from publish.themes import available_themes, styles_dir

    try:
        themes = available_themes(styles_dir(find_project()))
    except PublishError as error:
        _fail(error, debug=False)
        sys.exit(1)
    width = max(map(len, themes), default=0)
    for name, description in themes.items():
        click.echo(f"{name:<{width}}  {description}")


@cli.command()
@_reporting_options
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--pages", default="1-3", show_default=True, help="Pages to show: 1-3, 2, 1,4-5.")
@_setting_options("style", "page_size")
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), help="Folder. Default: dist/preview/.")
@click.option("--resolution", type=click.IntRange(20, 600), default=100, show_default=True, help="Dots per inch.")
@click.option("--live", is_flag=True, help="Serve a page that shows the web edition and the PDF, rebuilt as you save.")
@click.option("--port", type=click.IntRange(0, 65535), default=8017, show_default=True, help="With --live: its port.")
@click.option("--open", "open_browser", is_flag=True, help="With --live: open the page in the browser.")
@click.pass_context
def preview(
    context: click.Context,
    source: Path,
    pages: str,
    style: str | None,
    page_size: str | None,
    out_dir: Path | None,
    resolution: int,
    live: bool,
    port: int,
    open_browser: bool,
) -> None:
    """Render pages of SOURCE's PDF to PNG pictures, to look at a theme without a PDF viewer.

    With --live, serve SOURCE's web edition beside its PDF's pages and composition report on
    this computer (127.0.0.1), rebuilt whenever a file it is made from is saved; a failed
    build shows its error in the page. Ctrl-C stops it."""
    from publish.build import build_previews, resolve_theme
    from publish.config import find_project, resolve_options
    from publish.writers.preview import parse_pages

    if live:
        _serve_live(context, source, {"style": style, "page_size": page_size}, port, open_browser)
        return
    try:
        options = resolve_options({"style": style, "page_size": page_size}, find_project())
        folder = out_dir or options.out_dir / "preview"
        theme = resolve_theme(options)
        written = build_previews(source, options, theme, parse_pages(pages), folder, resolution)
    except PublishError as error:
        error.path = error.path or source  # (a page past the PDF's end, say)
        _fail(error, _settings(context)["debug"])
        sys.exit(1)
    for path in written:
        click.echo(shown(str(path)))


def _serve_live(context: click.Context, source: Path, given: dict[str, Any], port: int, open_browser: bool) -> None:
    """publish preview --live: settings checked once before serving (exit 2), then read
    again for every build, so that a change to publish.toml shows too."""
    import webbrowser

    from publish.build import find_sources, resolve_theme
    from publish.config import find_project, resolve_options
    from publish.live import serve

    def settings() -> tuple[Any, Any]:
        options = resolve_options(given, find_project())
        return options, resolve_theme(options)

    debug = _settings(context)["debug"]
    try:
        settings()
    except SettingsError as error:
        _fail(error, debug)
        sys.exit(2)
    except PublishError as error:
        _fail(error, debug)
        sys.exit(1)
    try:
        if len(find_sources([source])) != 1 or not source.is_file():
            raise PublishError("a live preview shows one source file (or a collection), not a folder", source)
        serve(
            source,
            settings,
            port,
            opened=webbrowser.open if open_browser else None,
            ready=lambda address: click.echo(f"Showing {shown(str(source))} at {address} (Ctrl-C stops)", err=True),
        )
    except PublishError as error:
        _fail(error, debug)
        sys.exit(1)


@cli.command()
@_reporting_options
@click.argument("source", type=click.Path(allow_dash=True, path_type=Path), default="-")
@click.option("--lang", "language", help="Language rules to apply (default: detected from the text).")
@click.option("--html", "is_html", is_flag=True, help="The input is an HTML fragment: only its text is changed.")
@click.pass_context
def typo(context: click.Context, source: Path, language: str | None, is_html: bool) -> None:
    """Print SOURCE (a file, or - for standard input) with typography applied.

    The input may be in any encoding publish reads (UTF-8, UTF-16, CP1251, KOI8-R); the
    output is UTF-8 with real Unicode characters (« », —, no-break spaces), never entities.
    """
    from publish.language import detect_language
    from publish.readers.encoding import decode_source
    from publish.typography import typograph_text

    try:
        data = sys.stdin.buffer.read() if str(source) == "-" else source.read_bytes()
        text = decode_source(data, Path("<stdin>") if str(source) == "-" else source).text
    except OSError as error:
        _fail(PublishError(f"cannot read: {error.strerror or error}", source), _settings(context)["debug"])
        sys.exit(1)
    except PublishError as error:
        _fail(error, _settings(context)["debug"])
        sys.exit(1)
    language = language or detect_language(text)
    if is_html:
        from publish.typography.html import typograph_html

        click.echo(typograph_html(text, language), nl=False)
    else:
        click.echo(typograph_text(text, language), nl=False)


@cli.command()
@_reporting_options
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", help="Output.")
@click.option("--lang", "language", help="Language of the sources (default: detected from the text).")
@click.pass_context
def check(context: click.Context, sources: tuple[Path, ...], output_format: str, language: str | None) -> None:
    """Report what an editor should look at in SOURCES (default: source/); change nothing.

    Each finding: file:line:column, a code (T… text, S… structure), what is wrong, the
    excerpt and a suggested fix. Exit status 1 when there are errors, 0 with warnings only.
    """
    from publish.build import find_sources
    from publish.check import ERROR, Finding, as_json, check_source
    from publish.config import find_project

    debug = _settings(context)["debug"]
    findings: list[Finding] = []
    try:
        paths = find_sources(sources or (_sources_folder(find_project()),))
        for path in paths:
            findings += check_source(path, language)
    except PublishError as error:
        _fail(error, debug)
        sys.exit(2)
    if output_format == "json":
        click.echo(as_json(findings))
    else:
        for finding in findings:
            click.echo(shown(str(finding)))
    errors = sum(finding.severity == ERROR for finding in findings)
    if not _settings(context)["quiet"]:
        warnings = len(findings) - errors
        click.echo(
            f"{_count(errors, 'error')}, {_count(warnings, 'warning')} in {_count(len(paths), 'source')}", err=True
        )
    sys.exit(1 if errors else 0)


def _settings(context: click.Context) -> dict:
    """What -v/-q/--debug said (see `_reporting_options`), wherever they stood."""
    settings = context.obj or {}
    return {"debug": settings.get("debug", False), "quiet": settings.get("quiet", False)}


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _fail(error: PublishError, debug: bool) -> None:
    if debug:
        log.exception(str(error))
    else:
        log.error(str(error))


def main() -> None:
    cli(prog_name="publish")
