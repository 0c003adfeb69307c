"""Settings, resolved in one place: defaults < `publish.toml` < the command line.

`publish.toml` sits in the project folder: the current one, or the nearest above it that has one
(see find_project). Every key is optional:

    style = "classic"                 # a theme name, or a CSS file applied over the default theme
    formats = ["epub", "pdf"]         # editions built when -f is not given
    out = "dist"                      # where editions go
    lang = "ru"                       # language of the sources, when they do not say
    soft-hyphens = true               # soft hyphens in the EPUB and HTML (the PDF always has them)
    hyphenate-headings = false
    hyphenation-exceptions = "hyphenation.txt"
    page-size = "A5"                  # A4, A5, A6 or letter
    pdf-variant = "pdf/ua-1"          # any of WeasyPrint's variants
    bleed = "3mm"                     # for a print shop, with marks = true for crop marks
    booklet = false                   # also write <name>.booklet.pdf, imposed for home printing
    limit-hyphens = true              # PDF: at most 2 hyphenated lines in a row

    [metadata]                        # what a source does not say itself
    publisher = "…"
    author = "…"                      # or a list
    rights = "…"
"""

from __future__ import annotations

import difflib
import logging
import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from publish.build import BuildOptions
from publish.editions import FORMATS, PAGE_SIZES
from publish.errors import PublishError, SettingsError
from publish.limits import check_nesting
from publish.readers.metadata import is_language_tag
from publish.resources import check_inside

log = logging.getLogger(__name__)

CONFIG_FILE = "publish.toml"

# Key in publish.toml → (BuildOptions field, expected type)
_KEYS: dict[str, tuple[str, type]] = {
    "style": ("style", str),
    "formats": ("formats", list),
    "out": ("out_dir", str),
    "lang": ("language", str),
    "soft-hyphens": ("soft_hyphens", bool),
    "hyphenate-headings": ("hyphenate_headings", bool),
    "hyphenation-exceptions": ("hyphenation_exceptions", str),
    "page-size": ("page_size", str),
    "pdf-variant": ("pdf_variant", str),
    "bleed": ("bleed", str),
    "marks": ("marks", bool),
    "booklet": ("booklet", bool),
    "limit-hyphens": ("limit_hyphens", bool),
    "url": ("site_url", str),  # where the web pages will stand: https://example.org/texts/
}


def find_project(start: Path | None = None) -> Path:
    """The project a command run in `start` (the current folder) works on: the nearest folder,
    from `start` up, that holds a `publish.toml` of the user's own (one another user left in a
    folder above, /tmp say, is not taken), else `start` itself — as git and pyproject.toml
    are found."""
    start = start or Path.cwd()
    if (start / CONFIG_FILE).is_file():
        return start
    for folder in start.resolve().parents:
        candidate = folder / CONFIG_FILE
        try:
            if candidate.is_file() and candidate.stat().st_uid == os.getuid():
                return folder
        except OSError:
            continue
    return start


def load_config(project: Path) -> dict[str, Any]:
    """The settings `publish.toml` gives, as BuildOptions fields; {} when there is no file."""
    path = project / CONFIG_FILE
    if not path.is_file():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
        check_nesting(text, path)
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        raise SettingsError(f"not valid TOML: {error}", path, int(line.group(1)) if line else None) from None
    except UnicodeDecodeError:
        raise SettingsError("not UTF-8 text (save it as UTF-8)", path) from None
    settings: dict[str, Any] = {}
    for key, value in data.items():
        if key == "metadata":
            if not isinstance(value, dict):
                raise SettingsError("metadata: a [metadata] table of what sources do not say themselves", path)
            settings["metadata_defaults"] = _metadata_defaults(value, path, text)
            continue
        if key not in _KEYS:
            raise SettingsError(_unknown(key, _KEYS, "settings"), path, _line_of(key, text))
        field, kind = _KEYS[key]
        if not isinstance(value, kind):
            raise SettingsError(f"{key!r} must be a {kind.__name__}, not {value!r}", path)
        if field == "formats":
            assert isinstance(value, list)
            unknown = [item for item in value if item not in FORMATS]
            if unknown:
                raise SettingsError(f"unknown formats {unknown} (formats: {', '.join(FORMATS)})", path)
            value = tuple(value)
        elif field in ("out_dir", "hyphenation_exceptions"):
            assert isinstance(value, str)
            value = project / value
        elif field == "style" and str(value).endswith(".css"):
            check_inside(project / str(value), (project,), "stylesheet `style` names")  # the project's own
            value = str(project / str(value))
        settings[field] = value
    return settings


_METADATA_KEYS = {
    "publisher": "publisher",
    "author": "authors",
    "authors": "authors",
    "rights": "rights",
    "subtitle": "subtitle",
    "description": "description",
    "keywords": "keywords",
}


def _unknown(key: str, known: Mapping[str, Any], what: str) -> str:
    """An unknown key, said with the known one it was most likely meant to be."""
    close = difflib.get_close_matches(key.replace("_", "-"), list(known), n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"unknown key {key!r} ({hint}the {what}: {', '.join(known)})"


def _line_of(key: str, text: str) -> int | None:
    """The line of `text` (a TOML file) where `key` is set, if it can be found."""
    found = re.search(rf"^[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*=", text, re.M)
    return text.count("\n", 0, found.start()) + 1 if found else None


def _metadata_defaults(table: dict[str, Any], path: Path, text: str = "") -> tuple[tuple[str, Any], ...]:
    defaults: dict[str, Any] = {}
    for key, value in table.items():
        field = _METADATA_KEYS.get(key)
        if field is None:
            raise SettingsError(_unknown(key, _METADATA_KEYS, "[metadata] keys"), path, _line_of(key, text))
        elif field in ("authors", "keywords"):
            names = [value] if isinstance(value, str) else value
            if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
                raise SettingsError(f"[metadata] {key}: a name or a list of names in quotes, not {value!r}", path)
            defaults[field] = tuple(name.strip() for name in names if name.strip())
        elif not isinstance(value, str):
            raise SettingsError(f"[metadata] {key}: text in quotes, not {value!r}", path)
        else:
            defaults[field] = value
    return tuple(sorted(defaults.items()))


def resolve_options(command_line: Mapping[str, Any], project: Path | None = None) -> BuildOptions:
    """BuildOptions from defaults, then publish.toml, then the options given on the command line.

    `command_line` holds BuildOptions fields; a value of None (or an empty tuple) was not given.
    """
    project = project or Path.cwd()
    from_file = load_config(project)
    given = {key: value for key, value in command_line.items() if value not in (None, ())}
    settings = {"project": project, **from_file, **given}
    if "out_dir" not in settings and project.resolve() != Path.cwd().resolve():  # run from inside the project
        settings["out_dir"] = project / BuildOptions.out_dir
    for field, value in settings.items():
        if field in _CHECKS and value is not None:
            where = (
                f"--{_FLAGS.get(field, field.replace('_', '-'))}" if field in given else f"{CONFIG_FILE}: {_key(field)}"
            )
            problem = _CHECKS[field](value)
            if problem:
                raise SettingsError(f"{where}: {problem}")
    if "out_dir" not in given:  # what the project says (or dist/): inside it, links followed
        out_dir = Path(settings.get("out_dir", BuildOptions.out_dir))
        reached = (project / out_dir).resolve()
        if not reached.is_relative_to(project.resolve()):
            where = f"{CONFIG_FILE}: out" if "out_dir" in from_file else "dist"
            written = os.path.relpath(project / out_dir, project)  # as publish.toml has it
            raise SettingsError(
                f"{where}: {written} leads out of the project, to {reached}; "
                "editions are written there only when -o says so"
            )
    return BuildOptions(**settings)


MAX_BLEED_MM = 25.0  # print shops ask for 3 to 5 mm; more is a typo, and a slow one
_FLAGS = {"language": "lang", "out_dir": "out"}


def _key(field: str) -> str:
    return next((key for key, (name, _) in _KEYS.items() if name == field), field)


def _check_page_size(value: str) -> str | None:
    return None if value in PAGE_SIZES else f"unknown page size {value!r} (sizes: {', '.join(PAGE_SIZES)})"


def _check_pdf_variant(value: str) -> str | None:
    from publish.writers.pdf import variant_problem

    return variant_problem(value)


def _check_bleed(value: str) -> str | None:
    from publish.writers.pdf import length_points

    try:
        millimetres = length_points(value.strip()) * 25.4 / 72
    except PublishError as error:
        return error.message
    if millimetres > MAX_BLEED_MM:
        return f"a bleed of {value} is more than the {MAX_BLEED_MM:g} mm any print shop asks for"
    return None


def _check_language(value: str) -> str | None:
    if is_language_tag(value):
        return None
    return f"{value!r} is not a language tag such as ru, en, uk or de-AT"


def _check_site_url(value: str) -> str | None:
    if re.fullmatch(r"https?://[^\s/?#]+(?:/[^\s?#]*)?", value):
        return None
    return f"{value!r} is not the address of a web folder, such as https://example.org/texts/"


_CHECKS = {
    "site_url": _check_site_url,
    "page_size": _check_page_size,
    "pdf_variant": _check_pdf_variant,
    "bleed": _check_bleed,
    "language": _check_language,
}
