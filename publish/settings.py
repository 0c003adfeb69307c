"""Every setting of `publish build`, declared once, and all that is made from the declaration.

A setting's type and default are its field of `BuildOptions`; how it is written (its
`publish.toml` key, which is also its flag: `page-size`, `--page-size`), what it means, the values
it takes and how one is checked are its row of `SETTINGS`. The options of `publish build`, the
reading of `publish.toml` (publish.config), the `publish.toml` that `publish init` writes and the
README's table are all made from the rows; a value is checked once, before any source is read.

Light on purpose: `publish --help` reads this module, so it imports nothing of the pipeline.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publish.editions import DEFAULT_FORMATS, DEFAULT_THEME, FORMATS, PAGE_SIZES, PDF_VARIANTS
from publish.errors import PublishError, SettingsError
from publish.language import is_language_tag
from publish.markup import points


@dataclass(frozen=True)
class BuildOptions:
    """What one `publish build` is asked for: each setting's type and default (see SETTINGS)."""

    formats: tuple[str, ...] = DEFAULT_FORMATS
    out_dir: Path = Path("dist")
    style: str = DEFAULT_THEME
    language: str | None = None
    soft_hyphens: bool = True
    hyphenate_headings: bool = False
    hyphenation_exceptions: Path | None = None
    page_size: str | None = None  # None: what the stylesheets say (A5 in the shipped themes)
    pdf_variant: str | None = "pdf/ua-1"  # tagged, with document language and title: accessible
    bleed: str | None = None
    marks: bool = False
    booklet: bool = False
    limit_hyphens: bool = True
    site_url: str | None = None  # where the web pages stand: each gets its canonical address there
    metadata_defaults: tuple[tuple[str, Any], ...] = ()  # [metadata]: Metadata fields a source leaves empty
    project: Path = field(default_factory=Path.cwd)

    def __post_init__(self) -> None:
        """Options that cannot work are refused as they are made, before any source is read."""
        for setting in SETTINGS:
            value = getattr(self, setting.name)
            if value is not None and value != setting.default:
                problem = setting.problem(value)
                if problem:
                    raise SettingError(setting, problem)


class SettingError(SettingsError):
    """One setting's value cannot work; publish.config says where it was given."""

    def __init__(self, setting: Setting, problem: str):
        super().__init__(problem)
        self.setting = setting


# -- checks: a problem in words, or None ------------------------------------------------------

MAX_BLEED_MM = 25.0  # print shops ask for 3 to 5 mm; more is a typo, and a slow one
_LENGTH = re.compile(r"^\d+(\.\d+)?(mm|cm|in|pt|px)$")  # (a bleed: markup.points reads the number)
CMYK_PROFILES = (  # Ghostscript's (Debian's libgs-common), where distributions put it
    Path("/usr/share/color/icc/ghostscript/default_cmyk.icc"),
    Path("/usr/share/ghostscript/iccprofiles/default_cmyk.icc"),
)


def length_points(length: str) -> float:
    """A CSS length (`3mm`, `0.125in`) in points."""
    found = points(length) if _LENGTH.match(length) else None
    if found is None:
        raise PublishError(f"bleed must be a length such as 3mm, not {length!r}")
    return round(found, 3)


def cmyk_profile_path() -> Path:
    """Where the press's output profile is (checking a setting needs no more), or an error."""
    for path in CMYK_PROFILES:
        if path.is_file():
            return path
    raise PublishError(
        "pdf/x-4 needs a CMYK output profile (ICC), and Ghostscript's is missing: "
        "on Debian/Ubuntu: sudo apt-get install libgs-common"
    )


def _bleed_problem(value: str) -> str | None:
    try:
        millimetres = length_points(value.strip()) * 25.4 / 72
    except PublishError as error:
        return error.message
    if millimetres > MAX_BLEED_MM:
        return f"a bleed of {value} is more than the {MAX_BLEED_MM:g} mm any print shop asks for"
    return None


def _variant_problem(variant: str) -> str | None:
    if variant == "pdf/x-4":
        try:
            cmyk_profile_path()
        except PublishError as missing:
            return str(missing)
    elif variant.startswith("pdf/x"):
        return (
            f"{variant} is not made here: pdf/x-4 is (CMYK output intent, colours for four inks, "
            "pictures in ICC-based RGB), which print shops take in its place"
        )
    return None


def _language_problem(value: str) -> str | None:
    return None if is_language_tag(value) else f"{value!r} is not a language tag such as ru, en, uk or de-AT"


def _url_problem(value: str) -> str | None:
    if re.fullmatch(r"https?://[^\s/?#]+(?:/[^\s?#]*)?", value):
        return None
    return f"{value!r} is not the address of a web folder, such as https://example.org/texts/"


# -- the table ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Setting:
    """One setting: `name` is its BuildOptions field, `key` its publish.toml key and flag."""

    name: str
    key: str
    help: str
    example: str  # a TOML value, as the README and `publish init` show it
    choices: tuple[str, ...] = ()  # the values it takes (a list setting: of its items)
    check: Callable[[str], str | None] | None = None  # a problem with a value, in words
    flags: tuple[str, ...] = ()  # its flags on the command line, where not `--key`
    shown_default: str | None = None  # the default in words, where the field's is None
    metavar: str | None = None  # what --help calls its value, where the choices are too many to list

    @property
    def kind(self) -> type:
        """bool, str, tuple (a list in TOML, a repeated flag) or Path (relative to the project)."""
        hint = str(BuildOptions.__dataclass_fields__[self.name].type)
        return next(kind for kind in (bool, tuple, Path, str) if kind.__name__ in hint)

    @property
    def default(self) -> Any:
        return BuildOptions.__dataclass_fields__[self.name].default

    @property
    def flag(self) -> str:
        """Its long flag: `--page-size`."""
        return next((flag for flag in self.flags if flag.startswith("--")), f"--{self.key}")

    def default_in_words(self) -> str:
        if self.shown_default is not None:
            return self.shown_default
        default = self.default
        if self.kind is bool:
            return "on" if default else "off"
        if self.kind is tuple:
            return " and ".join(default)
        return str(default).rstrip("/") + ("/" if self.kind is Path else "")

    def problem(self, value: Any) -> str | None:
        """What is wrong with `value` (already of its kind), or None."""
        items = list(value) if self.kind is tuple else [value] if isinstance(value, str) else []
        unknown = [item for item in items if self.choices and item not in self.choices]
        if unknown:
            what = self.key.replace("-", " ").replace("pdf", "PDF")
            return f"unknown {what} {', '.join(map(repr, unknown))} (one of {', '.join(self.choices)})"
        for item in items:
            problem = self.check(item) if self.check else None
            if problem:
                return problem
        return None

    def canonical(self, value: Any) -> Any:
        """`value` as written in the table's choices (`a4` → `A4`)."""
        if isinstance(value, str) and self.choices:
            return next((choice for choice in self.choices if choice.lower() == value.lower()), value)
        return value


SETTINGS: tuple[Setting, ...] = (
    Setting("style", "style", "Theme name, or a CSS file applied over it.", '"classic"'),
    Setting("formats", "formats", "Editions to build (-f again for each).", '["epub", "pdf"]', choices=FORMATS,
            flags=("-f", "--format")),
    Setting("out_dir", "out", "Folder the editions go to.", '"dist"', flags=("-o", "--out")),
    Setting("language", "lang", "Language of the sources, when they do not say.", '"ru"',
            check=_language_problem, shown_default="detected from the text"),
    Setting("soft_hyphens", "soft-hyphens",
            "Soft hyphens in the EPUB and HTML (off for readers that read them aloud badly).", "true"),
    Setting("hyphenate_headings", "hyphenate-headings", "Hyphenate headings too.", "false"),
    Setting("hyphenation_exceptions", "hyphenation-exceptions",
            "A file of words hyphenated your way: one word a line, hyphens where it may break.",
            '"hyphenation.txt"', shown_default="none"),
    Setting("page_size", "page-size", "PDF page size.", '"A5"', choices=PAGE_SIZES, shown_default="A5"),
    Setting("pdf_variant", "pdf-variant",
            "PDF standard: pdf/ua-1 (tagged, accessible), pdf/a-3b, pdf/x-4 for a press, or none.",
            '"pdf/ua-1"', choices=PDF_VARIANTS, check=_variant_problem, metavar="VARIANT"),
    Setting("bleed", "bleed", "Bleed for a print shop, such as 3mm.", '"3mm"', check=_bleed_problem,
            shown_default="none"),
    Setting("marks", "marks", "Crop marks for a print shop.", "false"),
    Setting("booklet", "booklet", "Also write <name>.booklet.pdf, imposed for home printing.", "false"),
    Setting("limit_hyphens", "limit-hyphens", "PDF: at most two hyphenated lines in a row.", "true"),
    Setting("site_url", "url", "Where the web pages will stand: each gets its canonical address.",
            '"https://example.org/texts/"', check=_url_problem, shown_default="none"),
)  # fmt: skip
BY_KEY = {setting.key: setting for setting in SETTINGS}
BY_NAME = {setting.name: setting for setting in SETTINGS}
NOT_SETTINGS = ("metadata_defaults", "project")  # BuildOptions fields that come from elsewhere


def commented_toml(values: dict[str, str]) -> str:
    """Every setting as a publish.toml line under its help, commented out (the default holds)
    but for those `values` sets: the settings part of the publish.toml `publish init` writes."""
    lines = []
    for setting in SETTINGS:
        value = values.get(setting.key)
        lines.append(f"# {setting.help} Default: {setting.default_in_words()}.")
        lines.append(f"{setting.key} = {value}" if value else f"# {setting.key} = {setting.example}")
        lines.append("")
    return "\n".join(lines)


def markdown_table() -> str:
    """The README's table of settings: key, flag, default, meaning."""
    rows = ["| `publish.toml` | command line | default | what it does |", "|---|---|---|---|"]
    for setting in SETTINGS:
        flags = " ".join(setting.flags) or setting.flag
        if setting.kind is bool:
            flags = f"{setting.flag} / --no-{setting.key}"
        example = f"`{setting.key} = {setting.example}`"
        meaning = setting.help.replace("<", "&lt;")
        rows.append(f"| {example} | `{flags}` | {setting.default_in_words()} | {meaning} |")
    return "\n".join(rows) + "\n"


def check_table() -> None:
    """The table and BuildOptions declare the same settings (run by the tests)."""
    fields = [item.name for item in dataclasses.fields(BuildOptions) if item.name not in NOT_SETTINGS]
    assert sorted(fields) == sorted(BY_NAME), (fields, list(BY_NAME))
