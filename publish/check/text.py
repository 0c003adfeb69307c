"""Checks of the prose. Each reads `Source.prose` (code, URLs and markup blanked) and reports
places in the source as written.

T001 a word written twice in a row             T005 quotation marks that do not pair
T002 a particle or prefix without its hyphen   T006 one word spelled with ё and with е
T003 Latin and Cyrillic letters in one word    T007 a line that starts like a list item or a
T004 a bracket without its pair                     dialogue line, inside a plain-text paragraph
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from publish.check import ERROR, WARNING, Finding
from publish.check.source import Source
from publish.typography import typograph_text


def text_findings(source: Source) -> list[Finding]:
    findings: list[Finding] = []
    for check in (doubled_words, missing_hyphens, mixed_scripts, unpaired_brackets, unpaired_quotes, yo_spellings):
        findings += check(source)
    if source.kind == "text":
        findings += merged_lines(source)
    return findings


# --- T001 -------------------------------------------------------------------------------------

# A whole word, then the same whole word: «Мама» and "tortor" are one word (and a long word
# of one letter is not compared with its own halves, at every length)
_DOUBLED = re.compile(r"(?<![\w-])([^\W\d_]{2,})(?![\w-])[ \t\u00a0]*\n?[ \t\u00a0]*\1(?![\w-])", re.I)


def doubled_words(source: Source) -> Iterator[Finding]:
    for match in _DOUBLED.finditer(source.prose):
        word = match.group(1)
        yield source.finding("T001", WARNING, match.start(), match.end(), f"«{word}» twice in a row", word)


# --- T002 -------------------------------------------------------------------------------------

_PRONOUNS = "кто|что|какой|какая|какое|какие|каким|какого|где|куда|когда|откуда|почему|зачем|как|чей|чья|чьё|сколько"
_HYPHENLESS = [
    (re.compile(r"(?<![\w-])(ко[ей])[ \u00a0]+(?=(?:" + _PRONOUNS + r")(?![\w-]))", re.I), r"\1-"),
    (re.compile(r"(?<![\w-])(из)[ \u00a0]+(?=(?:за|под)(?![\w-]))", re.I), r"\1-"),
    (re.compile(r"(?<![\w-])(вс[её]|так|опять|довольно|добился|сделал)[ \u00a0]+(?=таки(?![\w-]))", re.I), r"\1-"),
    (re.compile(r"(?<![\w-])(" + _PRONOUNS + r")[ \u00a0]+(?=(?:либо|нибудь)(?![\w-]))", re.I), r"\1-"),
    (re.compile(r"(?<![\w-])(как|кто|где|куда|когда|почему|зачем|откуда)[ \u00a0]+(?=то(?![\w-]))", re.I), r"\1-"),
]


def missing_hyphens(source: Source) -> Iterator[Finding]:
    for pattern, replacement in _HYPHENLESS:
        for match in pattern.finditer(source.prose):
            end = source.prose.find(" ", match.end())
            end = len(source.prose) if end < 0 else end
            phrase = source.text[match.start() : end].rstrip(".,;:!?»)")
            fixed = pattern.sub(replacement, phrase, count=1)
            yield source.finding("T002", WARNING, match.start(), end, f"«{phrase}» is written with a hyphen", fixed)


# --- T003 -------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_TO_CYRILLIC = str.maketrans("AaBCcEeHKMOoPpTXxy", "АаВСсЕеНКМОоРрТХху")
_TO_LATIN = str.maketrans("АаВСсЕеНКМОоРрТХху", "AaBCcEeHKMOoPpTXxy")


def mixed_scripts(source: Source) -> Iterator[Finding]:
    for match in _WORD.finditer(source.prose):
        word = match.group()
        if word.isascii() or not _LATIN.search(word):
            continue  # one script only: almost every word
        latin, cyrillic = len(_LATIN.findall(word)), len(_CYRILLIC.findall(word))
        if latin and cyrillic:
            fixed = word.translate(_TO_CYRILLIC if cyrillic >= latin else _TO_LATIN)
            script = "Latin" if cyrillic >= latin else "Cyrillic"
            message = f"«{word}» mixes Latin and Cyrillic letters ({script} look-alikes break search and hyphenation)"
            yield source.finding("T003", ERROR, match.start(), match.end(), message, fixed)


# --- paragraphs -------------------------------------------------------------------------------

# Not brackets to pair: smileys, and list markers "1)" and "а)" where an item starts.
_SMILEY = re.compile(r"[:;]-?[()]|\){2,}|\({2,}|(?:(?<=\s)|^)(?:\d{1,2}|[а-яa-z])\)(?=\s)", re.M)


@dataclass(frozen=True)
class _Paragraph:
    """A paragraph of the prose: lines with something on them, between blank ones (the
    trailing line feed included). Read line by line: a pattern for it backtracked across a
    long line of blanks (a code line masked out of the prose) at every position, minutes for 100 KB."""

    begin: int
    text: str

    def start(self) -> int:
        return self.begin

    def group(self) -> str:
        return self.text

    def end(self) -> int:
        return self.begin + len(self.text)


def _paragraphs(source: Source) -> Iterator[_Paragraph]:
    prose, position, begin = source.prose, 0, None
    while position < len(prose):
        end = prose.find("\n", position)
        end = len(prose) if end < 0 else end + 1
        if prose[position:end].strip():
            begin = position if begin is None else begin
        elif begin is not None:
            yield _Paragraph(begin, prose[begin:position])
            begin = None
        position = end
    if begin is not None:
        yield _Paragraph(begin, prose[begin:])


def unpaired_brackets(source: Source) -> Iterator[Finding]:
    for paragraph in _paragraphs(source):
        text = _SMILEY.sub(lambda m: " " * len(m.group()), paragraph.group())
        for opening, closing in (("(", ")"), ("[", "]")):
            if opening not in text and closing not in text:
                continue  # most paragraphs: nothing to pair
            stack: list[int] = []
            for index, char in enumerate(text):
                if char == opening:
                    stack.append(index)
                elif char == closing:
                    if stack:
                        stack.pop()
                    else:
                        stack.append(index)
                        break
            if stack:
                at = paragraph.start() + stack[0]
                message = f"«{source.text[at]}» without its pair in this paragraph"
                yield source.finding("T004", WARNING, at, at + 1, message)


_RUSSIAN_PAIRS = (("«", "»"), ("„", "“"))
_PAIRS = {"ru": _RUSSIAN_PAIRS, "uk": _RUSSIAN_PAIRS, "be": _RUSSIAN_PAIRS, "en": (("“", "”"),), "de": (("„", "“"),)}


def unpaired_quotes(source: Source) -> Iterator[Finding]:
    """After the typography stage, every paragraph's quotes should open and close: where they
    do not, a straight quote could not be paired (or a closing one is missing)."""
    pairs = _PAIRS.get(source.language.split("-")[0], (("«", "»"), ("“", "”")))
    for paragraph in _paragraphs(source):
        raw = paragraph.group()
        if not re.search('["«»„“”]', raw):
            continue
        set_ = typograph_text(raw, source.language)
        for opening, closing in pairs:
            depth = 0
            for char in set_:
                depth += (char == opening) - (char == closing)
                if depth < 0:
                    break
            if depth:
                first = re.search('["«»„“”]', raw)
                at = paragraph.start() + (first.start() if first else 0)
                message = f"quotation marks {opening}{closing} do not pair in this paragraph"
                yield source.finding("T005", WARNING, at, at + 1, message)
                break


# Words that are two different words with ё and with е: not a spelling to make consistent.
_YO_PAIRS = frozenset(
    [
        "все",
        "всё",
        "небо",
        "нёбо",
        "узнаем",
        "узнаём",
        "совершенный",
        "совершённый",
        "осел",
        "осёл",
        "падеж",
        "падёж",
        "берет",
        "берёт",
        "слез",
        "слёз",
        "лен",
        "лён",
        "мел",
        "мёл",
        "нем",
        "нём",
        "ведро",
        "вёдро",
        "передохнуть",
        "передохнуть",
        "определенно",
        "определённо",
    ]
)


def yo_spellings(source: Source) -> Iterator[Finding]:
    """One word written with ё in one place and with е in another."""
    with_yo: dict[str, str] = {}
    for match in _WORD.finditer(source.prose):
        word = match.group().lower()
        if "ё" in word and word not in _YO_PAIRS:
            with_yo.setdefault(word.replace("ё", "е"), match.group())
    if not with_yo:
        return
    for match in _WORD.finditer(source.prose):
        word = match.group()
        spelled = with_yo.get(word.lower())
        if spelled and "ё" not in word.lower() and word.lower() not in _YO_PAIRS:
            message = f"«{word}» here, «{spelled}» elsewhere in the text"
            yield source.finding("T006", WARNING, match.start(), match.end(), message, spelled)


def merged_lines(source: Source) -> Iterator[Finding]:
    """In plain text, single line breaks are wrapping, and a list or dialogue needs two marked
    lines: a line that starts like a list item or a line of dialogue on its own is merged into
    the paragraph before it (the reader's own rule, publish.readers.plaintext)."""
    from publish.readers.plaintext import merged_marker_lines

    for paragraph in _paragraphs(source):
        lines = source.text[paragraph.start() : paragraph.end()].split("\n")
        offsets = [paragraph.start()]
        for line in lines[:-1]:
            offsets.append(offsets[-1] + len(line) + 1)
        for index, kind in merged_marker_lines([line for line in lines if line.strip()]):
            start = offsets[index] + len(lines[index]) - len(lines[index].lstrip())
            looks = "a line of dialogue" if kind == "dialogue" else "a list item"
            message = f"this line starts like {looks} but is merged into the paragraph before it (it has no pair)"
            yield source.finding(
                "T007", WARNING, start, offsets[index] + len(lines[index]), message, "a blank line before it"
            )
