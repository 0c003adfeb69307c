"""Where a footnote mark stands against the punctuation beside it: by the language's convention.

Russian book practice (А. Э. Мильчин, «Справочник издателя и автора») sets the mark before a
full stop, comma, semicolon or colon ("день¹."), but after an ellipsis, a question or
exclamation mark, a closing quote, and the full stop of an abbreviation ("в 1917 г.¹");
French does the same (the appel de note before the punctuation). English practice (the
Chicago Manual of Style) sets it after the punctuation ("day.¹"). Authors type either; the
editions follow the language, the source stays as written.
"""

from __future__ import annotations

import re

from publish.model import Document, Inline, NoteRef, Text
from publish.textruns import map_inlines

BEFORE_PUNCTUATION = frozenset({"ru", "uk", "be", "fr"})
AFTER_PUNCTUATION = frozenset({"en"})
_MOVABLE = ".,;:"
_AFTER_ALL = ".,;:!?"
# A full stop that ends an abbreviation stays with it: the mark follows ("1917 г.¹", "и т. д.¹").
_ABBREVIATION = re.compile(
    r"(?:^|[\s\u00a0(])(?:г|гг|в|вв|д|п|др|пр|руб|коп|долл|тыс|млн|млрд|см|ср|стр|ст|с|т|тт|им|ул|"
    r"н\.[\s\u00a0]?э|т\.[\s\u00a0]?[дпе]|e\.g|i\.e|etc|al|ibid|op\.[\s\u00a0]?cit)\.$"
)


def place_note_marks(document: Document, language: str) -> Document:
    """`document` with each note mark moved across the punctuation beside it as the language sets it."""
    base = language.split("-")[0].lower()
    if not document.notes or base not in BEFORE_PUNCTUATION | AFTER_PUNCTUATION:
        return document
    place = _before_punctuation if base in BEFORE_PUNCTUATION else _after_punctuation
    return map_inlines(document, place)


def _marks_end(children: tuple[Inline, ...], start: int) -> int:
    """Where the run of note marks starting at `start` ends."""
    end = start
    while end < len(children) and isinstance(children[end], NoteRef):
        end += 1
    return end


def _before_punctuation(children: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """'день.¹ Дальше' → 'день¹. Дальше'."""
    result = list(children)
    index = 1
    while index < len(result):
        before = result[index - 1]
        if isinstance(result[index], NoteRef) and isinstance(before, Text) and _movable_end(before.text):
            end = _marks_end(tuple(result), index)
            mark = before.text[-1]
            result[index - 1] = Text(before.text[:-1])
            after = result[end] if end < len(result) else None
            if isinstance(after, Text):
                result[end] = Text(mark + after.text)
            else:
                result.insert(end, Text(mark))
            index = end
        index += 1
    return tuple(inline for inline in result if not (isinstance(inline, Text) and not inline.text))


def _movable_end(text: str) -> bool:
    return bool(text) and text[-1] in _MOVABLE and not text.endswith("..") and not _ABBREVIATION.search(text)


def _after_punctuation(children: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """'day¹. Next' → 'day.¹ Next'."""
    result = list(children)
    index = 0
    while index < len(result):
        if isinstance(result[index], NoteRef):
            end = _marks_end(tuple(result), index)
            after = result[end] if end < len(result) else None
            if isinstance(after, Text) and after.text[:1] in tuple(_AFTER_ALL):
                mark = after.text[0]
                result[end] = Text(after.text[1:])
                before = result[index - 1] if index else None
                if isinstance(before, Text):
                    result[index - 1] = Text(before.text + mark)
                else:
                    result.insert(index, Text(mark))
                    end += 1
            index = end
        index += 1
    return tuple(inline for inline in result if not (isinstance(inline, Text) and not inline.text))
