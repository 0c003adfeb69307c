"""A source's metadata made regular once, by the readers, so that no writer corrects it.

Authors are who the source says wrote it (a publisher is not an author); a date is kept as
written, for display, beside its ISO form for the formats that want one; the language is a
canonical BCP 47 tag (`ru`, `de-AT`); the identifier is the source's own (a bare ISBN becomes
`urn:isbn:…`), else a UUID derived from the file's name and the title as written, so that it
survives rebuilds and changes to typography rules (readers keep their place and notes by it).
The description is what the source declares (front matter, a page's meta description), else
a summary of the text's lead (`summary`): one rule, here, which every edition then shows alike
(the web page's, the EPUB's, the PDF's subject and the FB2's annotation).
"""

from __future__ import annotations

import datetime
import difflib
import re
import uuid
from pathlib import Path
from typing import Any

from publish.errors import PublishError
from publish.text import one_line, sentence_ends

_ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")


def iso_date(text: str) -> str:
    """`text` as a W3C date if it is one or can be read as one (05.01.2022), else ""."""
    text = text.strip()
    if _ISO_DATE.match(text):
        return text
    match = _DAY_MONTH_YEAR.match(text)
    if match:
        day, month, year = (int(group) for group in match.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return _date_in_words(text)


_YEAR_WORD = r"(?:\s*(?:г\.?|года?|р\.?|року))?\.?"
_MONTH_DAY_YEAR = re.compile(rf"^([^\W\d_]+)\.?\s+(\d{{1,2}}),?\s+(\d{{4}}){_YEAR_WORD}$")  # July 28, 2014
_DAY_MONTH_NAME_YEAR = re.compile(rf"^(\d{{1,2}})\.?\s+([^\W\d_]+)\.?,?\s+(\d{{4}}){_YEAR_WORD}$")  # 28 июля 2014 г.
_MONTH_YEAR = re.compile(rf"^([^\W\d_]+)\s+(\d{{4}}){_YEAR_WORD}$")  # март 2024


def _date_in_words(text: str) -> str:
    """A date written as words in one of the languages of publish.render.strings, or ""."""
    from publish.render.strings import month_numbers

    months = month_numbers()
    for pattern, order in ((_MONTH_DAY_YEAR, "mdy"), (_DAY_MONTH_NAME_YEAR, "dmy"), (_MONTH_YEAR, "my")):
        match = pattern.match(text)
        if match is None:
            continue
        parts = dict(zip(order, match.groups(), strict=True))
        month = months.get(parts["m"].lower())
        if month is None:
            return ""
        if "d" not in parts:
            return f"{int(parts['y']):04d}-{month:02d}"
        if 1 <= int(parts["d"]) <= 31:
            return f"{int(parts['y']):04d}-{month:02d}-{int(parts['d']):02d}"
    return ""


def valid_date(text: str) -> bool:
    """Whether `text` is a date a reader can be shown: 2022, 2022-01, 2022-01-05, 05.01.2022."""
    iso = iso_date(text)
    if not iso:
        return False
    parts = [int(part) for part in iso.split("-")]
    try:
        datetime.date(parts[0], *(parts[1:] + [1, 1])[:2])
    except ValueError:
        return False
    return True


def language_tag(tag: str) -> str:
    """A BCP 47 tag in its canonical case: language lower, script title, region upper."""
    parts = tag.replace("_", "-").split("-")
    canonical = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            canonical.append(part.title())
        elif len(part) == 2 and part.isalpha() or len(part) == 3 and part.isdigit():
            canonical.append(part.upper())
        else:
            canonical.append(part.lower())
    return "-".join(canonical)


def identifier(given: str, path: Path, title: str) -> str:
    isbn = re.sub(r"[\s-]", "", given.removeprefix("ISBN").removeprefix("isbn:").strip())
    if re.fullmatch(r"97[89]\d{10}|\d{9}[\dXx]", isbn):
        return f"urn:isbn:{isbn.upper()}"
    given = given.strip()
    if given.lower().startswith("urn:uuid:"):  # written as a UUID, it must be one (epubcheck OPF-085)
        try:
            return "urn:uuid:" + str(uuid.UUID(given[9:]))
        except ValueError:
            raise PublishError(f"identifier {given!r} is not a UUID (8-4-4-4-12 hex digits)", path) from None
    if given:
        return given
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"publish:{path.name}:{title}"))


def genre_problem(genre: str) -> str | None:
    """Why `genre` is not one of FB2's, with the closest that is; None when it is (or is empty)."""
    from publish.editions import FB2_GENRES

    if not genre or genre in FB2_GENRES:
        return None
    close = difflib.get_close_matches(genre, sorted(FB2_GENRES), n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"genre: {genre!r} is not one of FictionBook's ({hint}see FB2_GENRES in publish/editions.py)"


def normalise(fields: dict[str, Any], path: Path, lead: str = "") -> dict[str, Any]:
    """The Metadata fields of a source, regular (see the module's docstring); `lead`: the
    text of its lead paragraph, if it has one."""
    fields = dict(fields)
    if not fields.get("description") and lead.strip():
        fields["description"] = summary(lead)
    fields["language"] = language_tag(fields["language"])
    fields["iso_date"] = iso_date(fields.get("date", ""))
    fields["identifier"] = identifier(fields.get("identifier", ""), path, fields["title"])
    problem = genre_problem(fields.get("genre", ""))
    if problem:
        raise PublishError(problem, path)
    return fields


SUMMARY_LENGTH = 500  # characters: what a library, a reader's book page or a search result shows


def summary(text: str, length: int = SUMMARY_LENGTH) -> str:
    """A description made from a lead: the lead itself when it is short, else its sentences
    as far as `length` allows (the first one cut at a word, with "…", if it alone is longer).
    A whole first paragraph of a megabyte was the PDF's Subject, its XMP, the EPUB's and the
    HTML page's description: too long for any of them to show, and slow to write."""
    text = one_line(text)
    if len(text) <= length:
        return text
    ends = [end for end in sentence_ends(text, 0, length + 20) if end <= length]
    if ends:
        return text[: ends[-1]]
    cut = text.rfind(" ", 0, length)
    return text[: cut if cut > 0 else length].rstrip(" ,;:—–-") + "…"
