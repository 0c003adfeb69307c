"""`publish catalog`: a folder of built editions as an OPDS catalogue (opds/) and a static
archive site (archive/), both beside the editions, linked to them by relative addresses.

    shelf.py   what the folder holds, text by text, read from the editions themselves
    opds.py    the OPDS 1.2 feeds and the OpenSearch description
    site.py    the archive's pages, its Atom feed and sitemap

Each file is written only when its bytes change, so that adding a text rewrites only what
lists it (a web server's caches and a sync tool keep the rest), and files of these two folders
that no longer belong (a text removed) are removed.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from publish.catalog import opds, site
from publish.catalog.shelf import Text, read_shelf
from publish.errors import PublishError
from publish.render.strings import strings
from publish.writers.atomic import write_atomically

THUMBNAIL_HEIGHT = 240  # pixels: sharp at the 72 CSS pixels the index shows, on a phone
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "uk": "Українська", "de": "Deutsch", "fr": "Français",
                  "it": "Italiano", "es": "Español"}  # fmt: skip


@dataclass
class Written:
    changed: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)


def make_catalog(folder: Path, title: str | None = None, site_url: str | None = None) -> Written:
    """Catalogue the editions in `folder`; `site_url`, where the folder is served (for the
    sitemap and the feed's absolute links)."""
    texts = read_shelf(folder)
    if not texts:
        raise PublishError("no editions to catalogue (build first: publish build)", folder)
    catalogue = title or _most_common([text.publisher for text in texts]) or "Library"
    language = _most_common([text.language for text in texts]) or "und"
    files: dict[str, bytes] = {}
    covers = {text.name: _cover_files(text, files) for text in texts}

    def cover_of(text: Text) -> tuple[str, str]:
        return covers[text.name]

    groups = _groups(texts, language)
    updated = max(text.updated for text in texts)
    navigation = [(strings(language).all_texts, f"{len(texts)}", "new", opds.ACQUISITION)]
    site_groups = []
    for kind, heading, members in groups:
        navigation.append((heading, ", ".join(label for label, _, _ in members), kind, opds.NAVIGATION))
        entries = [(label, f"{len(found)}", f"{kind}-{slug}", opds.ACQUISITION) for label, slug, found in members]
        files[f"opds/{kind}.xml"] = opds.navigation_feed(heading, catalogue, kind, updated, entries)
        for label, slug, found in members:
            files[f"opds/{kind}-{slug}.xml"] = opds.acquisition_feed(
                found, label, catalogue, f"{kind}-{slug}", cover_of
            )
            files[f"archive/{kind}-{slug}.html"] = site.list_page(label, found, catalogue, language, _thumb(cover_of))
        site_groups.append((heading, [(label, f"{kind}-{quote(slug)}.html") for label, slug, _ in members]))
    files["opds/root.xml"] = opds.navigation_feed(catalogue, catalogue, "root", updated, navigation)
    files["opds/new.xml"] = opds.acquisition_feed(texts, strings(language).all_texts, catalogue, "new", cover_of)
    files["opds/search.xml"] = opds.open_search(catalogue, language)
    files["archive/index.html"] = site.index_page(texts, catalogue, language, site_groups, _thumb(cover_of))
    files["archive/search.html"] = site.search_page(texts, catalogue, language)
    for text in texts:
        cover = cover_of(text)[0]
        page_cover = "../" + cover.removeprefix("archive/") if cover else ""
        files[f"archive/texts/{text.name}.html"] = site.text_page(text, catalogue, page_cover)
    files["archive/feed.xml"] = site.atom_feed(texts, catalogue, site_url)
    if site_url:
        pages = sorted(name for name in files if name.endswith(".html"))
        files["archive/sitemap.xml"] = site.sitemap([quote(page) for page in pages], site_url)
    return _write(folder, files)


def _most_common(values: list[str]) -> str:
    counted = Counter(value for value in values if value)
    return min(counted, key=lambda value: (-counted[value], value)) if counted else ""


def _groups(texts: list[Text], language: str) -> list[tuple[str, str, list[tuple[str, str, list[Text]]]]]:
    """(kind, heading, [(label, slug, texts)]) for languages, series and years, where there are any."""
    groups = []
    words = strings(language)
    for kind, heading, key, label in (
        ("lang", words.by_language, lambda text: text.language.split("-")[0].lower(), lambda value: LANGUAGE_NAMES.get(value) or value),
        ("series", words.by_series, lambda text: text.series, lambda value: value),
        ("year", words.by_year, lambda text: text.year, lambda value: value),
    ):  # fmt: skip
        found: dict[str, list[Text]] = {}
        for text in texts:
            if key(text):
                found.setdefault(key(text), []).append(text)
        if kind == "series":  # a journal's issues in order
            for members in found.values():
                members.sort(key=lambda text: _number(text.series_number), reverse=True)
        order = sorted(found, reverse=kind == "year")
        members_of = [(label(value), _slug(value), found[value]) for value in order]
        if members_of:
            groups.append((kind, heading, members_of))
    return groups


def _number(value: str) -> tuple[int, str]:
    digits = re.match(r"\d+", value)
    return (int(digits.group()) if digits else -1, value)


def _slug(value: str) -> str:
    return re.sub(r"[^\w]+", "-", value.lower()).strip("-") or "other"


def _thumb(cover_of):  # type: ignore[no-untyped-def]
    return lambda text: cover_of(text)[1].removeprefix("archive/")


def _cover_files(text: Text, files: dict[str, bytes]) -> tuple[str, str]:
    """The text's cover and a thumbnail of it, as files of the site: their paths, or ("", "")."""
    if not text.cover:
        return "", ""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(text.cover)) as picture:
            if picture.width * picture.height > 50_000_000:
                return "", ""
            picture.thumbnail((THUMBNAIL_HEIGHT, THUMBNAIL_HEIGHT))
            buffer = io.BytesIO()
            picture.convert("RGB").save(buffer, format="PNG", optimize=True)
    except (UnidentifiedImageError, OSError, ValueError):
        return "", ""
    suffix = ".png" if text.cover_type == "image/png" else ".jpg"
    cover, thumbnail = f"archive/covers/{text.name}{suffix}", f"archive/covers/{text.name}-thumb.png"
    files[cover] = text.cover
    files[thumbnail] = buffer.getvalue()
    return cover, thumbnail


def _write(folder: Path, files: dict[str, bytes]) -> Written:
    written = Written()
    for name, data in sorted(files.items()):
        path = folder / name
        if path.is_file() and not path.is_symlink() and path.read_bytes() == data:
            written.unchanged.append(path)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, data)
        written.changed.append(path)
    for part in (opds.FOLDER, site.FOLDER):
        for path in sorted((folder / part).rglob("*")):
            if path.is_file() and path.relative_to(folder).as_posix() not in files:
                path.unlink()
                written.removed.append(path)
    return written
