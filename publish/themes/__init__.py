"""Themes are data: stylesheets in `styles/` plus a manifest naming the fonts.

A theme is `styles/themes/<name>.toml` (description, font families by role) and optional
overrides: `<name>.css` for every edition, `<name>.print.css`, `<name>.epub.css` or
`<name>.html.css` for one. Every edition's CSS is, in order: the @font-face rules for the
theme's fonts, `base.css`, the edition's sheet (`epub.css`, `print.css` or `html.css`), the
theme's overrides, then the user's own. Custom properties (`--text-font`…) are
resolved here, once, because many e-readers do not understand `var()`.
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from publish.errors import PublishError, SettingsError
from publish.limits import check_nesting
from publish.resources import check_inside
from publish.themes.css import UrlPolicy, css_problems, parse, resolve_custom_properties, rewrite_urls

EDITIONS = ("epub", "print", "html")


@dataclass(frozen=True)
class FontFace:
    family: str
    style: str
    weight: int
    path: Path


@dataclass(frozen=True)
class Theme:
    name: str
    description: str
    fonts: tuple[FontFace, ...]
    stylesheets: dict[str, tuple[Path, ...]]  # by edition, in cascade order
    cover: dict[str, str] = field(default_factory=dict)  # colours of a generated cover: background, text, accent
    font_roles: dict[str, str] = field(default_factory=dict)  # "text" / "headings" → family

    def font_licences(self) -> dict[str, str]:
        """Each font family's licence, as its files state it (name table entries 13 and 14)."""
        return {face.family: font_licence(face.path) for face in self.fonts}

    def font_license(self) -> tuple[Path, ...]:
        """The licence file of each font package the theme uses."""
        folders = sorted({face.path.parent.parent for face in self.fonts})
        return tuple(folder / "LICENSE" for folder in folders if (folder / "LICENSE").is_file())


_KNOWN_LICENCES = (
    (("sil open font license", "scripts.sil.org/ofl", "openfontlicense.org"), "SIL Open Font License"),
    (("apache license", "apache.org/licenses"), "Apache License"),
    (("ubuntu font licence",), "Ubuntu Font Licence"),
    (("gnu general public license", "gnu.org/licenses/gpl"), "GNU General Public License"),
)


def font_licence(path: Path) -> str:
    """The licence a font file states (its licence description or URL), by name; cached on
    disk by the file's path, size and time, so that a build need not read the fonts for it
    (an installed font package's files do not change in place) nor load fontTools."""
    stat = path.stat()
    return _licence_of(str(path.resolve()), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=256)
def _licence_of(path: str, size: int, modified: int) -> str:
    """(Kept in memory too: each PDF asks for its theme's licences.)"""
    from publish.cache import cached_bytes

    key: list[bytes | str] = [path, str(size), str(modified)]
    return cached_bytes("font-licences", key, lambda: _stated_licence(Path(path)).encode()).decode()


def _stated_licence(path: Path) -> str:
    from fontTools.ttLib import TTFont

    try:
        names = TTFont(str(path), lazy=True)["name"]
        stated = f"{names.getDebugName(13) or ''} {names.getDebugName(14) or ''}"
    except Exception:  # a font fontTools cannot read still has whatever licence it has
        stated = ""
    lowered = stated.lower()
    for markers, name in _KNOWN_LICENCES:
        if any(marker in lowered for marker in markers):
            return name
    return stated.strip().split(". ")[0][:80] or "the licence its authors give"


def styles_dir(project: Path | None = None) -> Path:
    """The project's own `styles/` if it has one (a `base.css` of its own, or themes of its
    own), else the styles that ship with publish. What the project's folder lacks is taken
    from the shipped styles (see `_find`): a house theme needs only its own files."""
    project = project or Path.cwd()
    here = project / "styles"
    if (here / "base.css").is_file() or (here / "themes").is_dir():
        check_inside(here, (project,), "styles folder")
        return here
    return built_in_styles()


def built_in_styles() -> Path:
    """The styles that ship with publish."""
    for candidate in (Path(__file__).parents[2] / "styles", Path(__file__).parents[1] / "_styles"):
        if (candidate / "base.css").is_file():
            return candidate
    raise PublishError("no styles/ folder with base.css found")


def _layers(styles: Path) -> list[Path]:
    """Where a style's files are looked for: the project's styles, then the shipped ones."""
    shipped = built_in_styles()
    return [styles] if styles.resolve() == shipped.resolve() else [styles, shipped]


def _find(styles: Path, relative: str) -> Path | None:
    """The first of the layers' files at `relative` (the project's own wins)."""
    return next((layer / relative for layer in _layers(styles) if (layer / relative).is_file()), None)


def available_themes(styles: Path) -> dict[str, str]:
    """Theme names and their one-line descriptions: the project's, then the shipped ones."""
    manifests: dict[str, Path] = {}
    for layer in _layers(styles):
        for path in sorted((layer / "themes").glob("*.toml")):
            manifests.setdefault(path.stem, path)
    return {name: _manifest(path).get("description", "") for name, path in sorted(manifests.items())}


MAX_EXTENDS = 8  # themes extending themes: this many at most


def load_theme(name: str, styles: Path, user_css: Path | None = None, _depth: int = 0) -> Theme:
    """The theme `name`: its manifest's fonts and cover colours, and each edition's
    stylesheets in order. A manifest with `extends = "classic"` starts from that theme (the
    project's or a shipped one) and changes only what it says."""
    manifest_path = _find(styles, f"themes/{name}.toml")
    if manifest_path is None:
        themes = available_themes(styles)
        close = difflib.get_close_matches(name, themes, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise SettingsError(f"unknown style {name!r} ({hint}themes: {', '.join(themes) or 'none'})")
    manifest = _manifest(manifest_path)
    for key in ("fonts", "cover"):
        if not isinstance(manifest.get(key, {}), dict):
            raise PublishError(
                f"[{key}] must be a table of `name = value` lines, as in the shipped themes", manifest_path
            )
    parent = None
    if "extends" in manifest:
        extends = manifest["extends"]
        if not isinstance(extends, str) or extends == name or _depth >= MAX_EXTENDS:
            raise PublishError(f"extends: the name of another theme, not {extends!r} (or a loop)", manifest_path)
        parent = load_theme(extends, styles, None, _depth + 1)
    own_roles = {str(role): str(family) for role, family in manifest.get("fonts", {}).items()}
    roles = {**(parent.font_roles if parent else {}), **own_roles}
    fonts = tuple(face for family in roles.values() for face in _font_faces(family))
    folder = manifest_path.parent
    stylesheets = {
        edition: tuple(
            path
            for path in (
                *(
                    parent.stylesheets[edition]
                    if parent
                    else (_find(styles, "base.css"), _find(styles, f"{edition}.css"))
                ),
                folder / f"{name}.css",
                folder / f"{name}.{edition}.css",
                user_css,
            )
            if path is not None and path.is_file()
        )
        for edition in EDITIONS
    }
    cover = {
        **(parent.cover if parent else {}),
        **{key: str(value) for key, value in manifest.get("cover", {}).items()},
    }
    _check_cover(cover, manifest_path)
    description = manifest.get("description", "") or (parent.description if parent else "")
    return Theme(name, description, _unique(fonts), stylesheets, cover, roles)


def edition_css(
    theme: Theme,
    edition: str,
    font_url: Callable[[FontFace], str] | None,
    url_policy: UrlPolicy,
    overrides: str = "",
) -> str:
    """The edition's whole stylesheet, fonts first, custom properties resolved.

    Without `font_url` no @font-face rules are written: the fonts are asked for by name.
    Every url() in the stylesheets goes through `url_policy` (see `publish.themes.css`).
    `overrides` (our own CSS, such as the print shop's colours) comes last and wins.

    Stylesheets that refer to nothing (the shipped ones) give the same CSS whenever their
    text is the same: that CSS and their warnings come from the disk cache (parsing and
    resolving them cost a sample's PDF 3 %). Any that may refer to a file is read afresh.
    """
    sheets = [(path, _read_stylesheet(path)) for path in theme.stylesheets[edition]]
    fonts = font_face_css(theme.fonts, font_url) if font_url else ""
    roles = font_role_css(theme.font_roles)
    if any(_may_refer(text) for _, text in sheets):
        return _whole_css(sheets, fonts, roles, overrides, url_policy)
    from publish.cache import cached_bytes

    def compute() -> bytes:
        warnings = _Warnings()
        css = _whole_css(sheets, fonts, roles, overrides, warnings)
        return json.dumps({"css": css, "warnings": warnings.said}).encode()

    key: list[bytes | str] = [
        edition,
        fonts,
        roles,
        overrides,
        *(part for path, text in sheets for part in (str(path), text)),
    ]
    cached = json.loads(cached_bytes("edition-css", key, compute))
    for origin, message in cached["warnings"]:
        url_policy.warn(origin, message)
    return cached["css"]


def _whole_css(sheets: list[tuple[Path, str]], fonts: str, roles: str, overrides: str, policy: UrlPolicy) -> str:
    shared, particular = sheets[:2], sheets[2:]  # base + edition | theme + user
    rules = parse(fonts) if fonts else []
    for path, text in shared:
        rules += _stylesheet(path, text, policy)
    rules += parse(roles)
    for path, text in particular:
        rules += _stylesheet(path, text, policy)
    if overrides:
        rules += parse("\n" + overrides)
    return resolve_custom_properties(rules)


# What a stylesheet that refers to a file must hold: a function that takes a URL (a CSS
# function's name runs straight into its parenthesis), an @import, or an escape, which
# could spell either.
_REFERENCE = re.compile(r"(?:url|src|image|image-set|cross-fade)\(|@import|\\", re.IGNORECASE)


def _may_refer(text: str) -> bool:
    """Whether a stylesheet could refer to a file (see _REFERENCE)."""
    return _REFERENCE.search(text) is not None


class _Warnings:
    """A URL policy for stylesheets that refer to nothing: it only keeps what it is told."""

    def __init__(self) -> None:
        self.said: list[tuple[str, str]] = []

    def __call__(self, url: str, stylesheet: Path, line: int) -> str | None:
        raise AssertionError(f"{stylesheet}:{line}: a URL in a stylesheet taken to refer to nothing")

    def warn(self, origin: str, message: str) -> None:
        self.said.append((origin, message))


def _read_stylesheet(path: Path) -> str:
    check_inside(path, (path.parent,), "stylesheet")
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PublishError(f"cannot read the stylesheet: {error}", path) from None


def _stylesheet(path: Path, text: str, url_policy: UrlPolicy) -> list:
    """One stylesheet's rules, its syntax problems reported and its url()s put through the policy."""
    rules = parse(text)
    for line, column, problem in css_problems(rules):
        url_policy.warn(f"{path}:{line}:{column}", problem)
    rules = [rule for rule in rules if rule.type != "error"]  # said above, and skipped as a browser skips it
    return parse(f"\n/* {path.name} */\n") + rewrite_urls(rules, path, url_policy)


def font_role_css(roles: dict[str, str]) -> str:
    """The manifest's fonts as the custom properties base.css uses, so a theme needs no CSS to set them."""
    text = roles.get("text")
    headings = roles.get("headings", text)
    declarations = [
        f'--{name}: "{family}";' for name, family in (("text-font", text), ("heading-font", headings)) if family
    ]
    return f"/* the theme's fonts */\n:root {{ {' '.join(declarations)} }}" if declarations else ""


def font_face_css(fonts: tuple[FontFace, ...], font_url: Callable[[FontFace], str]) -> str:
    rules = []
    for face in fonts:
        rules.append(
            "@font-face {\n"
            f'  font-family: "{face.family}";\n'
            f"  font-style: {face.style};\n"
            f"  font-weight: {face.weight};\n"
            f'  src: url("{font_url(face)}");\n'
            "}"
        )
    return "\n".join(rules)


def _check_cover(cover: dict[str, str], manifest: Path) -> None:
    """The [cover] colours, checked when the theme is loaded (not when a cover is drawn);
    a hex colour without Pillow, which a build that draws no cover need not load."""
    for key, value in cover.items():
        if key not in ("background", "text", "accent"):
            raise PublishError(f"[cover] {key}: unknown (background, text, accent)", manifest)
        if re.fullmatch(r"#(?:[0-9a-fA-F]{3}){1,2}", value):
            continue
        from PIL import ImageColor

        try:
            ImageColor.getrgb(value)
        except ValueError:
            raise PublishError(f"[cover] {key}: {value!r} is not a colour such as #7a1712", manifest) from None


def _manifest(path: Path) -> dict:
    check_inside(path, (path.parent,), "theme manifest")
    try:
        text = path.read_text(encoding="utf-8")
        check_nesting(text, path)
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PublishError(f"theme manifest is not valid TOML: {error}", path) from None
    except UnicodeDecodeError:
        raise PublishError("theme manifest is not UTF-8 text", path) from None


def _font_faces(family: str) -> list[FontFace]:
    import fontpkg

    try:
        found = fontpkg.family(family)
    except fontpkg.FamilyNotInstalled:
        package = "fontpkg-" + fontpkg.slugify(family)
        raise PublishError(f"font {family!r} is not installed; install the package {package}") from None
    return [
        FontFace(found.name, file.style, file.weight or 400, Path(file.path))
        for file in sorted(found.files, key=lambda f: (f.style, f.weight or 400))
    ]


def _unique(fonts: tuple[FontFace, ...]) -> tuple[FontFace, ...]:
    return tuple(dict.fromkeys(fonts))
