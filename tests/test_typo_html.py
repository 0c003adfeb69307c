"""`publish typo --html`: any fragment in, the same markup out, only the text typographed."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from publish.cli import cli
from publish.textruns import OPAQUE
from publish.typography import typograph_runs
from publish.typography.html import typograph_html

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ('<b class="x">', '<b class="x">'),
        ('<img src="a.png" alt="&quot;x&quot; - y">', '<img src="a.png" alt="&quot;x&quot; - y">'),
        ("", ""),
        ("<br/>", "<br/>"),
        ('<pre>a "b" - c</pre> text "after" - yes', f'<pre>a "b" - c</pre> text «after»{NBSP}— yes'),
        ('<!-- "x" - y --> "z"', '<!-- "x" - y --> «z»'),
        ("&quot;Правда&quot; - газета", f"«Правда»{NBSP}— газета"),
        ('<p title=\'"t"\'>"Да" - сказал <em>он</em>...</p>', f"<p title='\"t\"'>«Да»{NBSP}— сказал <em>он</em>…</p>"),
        ('<p>"Слово <em>в</em> кавычках"</p>', f"<p>«Слово <em>в</em>{NBSP}кавычках»</p>"),
        (
            '<p>Запустите <code>ls -- "a"</code> - и всё</p>',
            f'<p>Запустите <code>ls -- "a"</code>{NBSP}— и{NBSP}всё</p>',
        ),
        ('<script>if (a<b) s = "--";</script> "q"', '<script>if (a<b) s = "--";</script> «q»'),
        ('<style>p::before { content: "..." }</style>', '<style>p::before { content: "..." }</style>'),
        ("<P CLASS=lead>Текст</P>", "<P CLASS=lead>Текст</P>"),
        ("&laquo;Да&raquo;, &lt;сказал&gt; &#8470;&nbsp;5", "&laquo;Да&raquo;, &lt;сказал&gt; &#8470;&nbsp;5"),
        ("a &amp; b &lt;c&gt; &mdash; &#8212;", f"a{NBSP}& b{NBSP}&lt;c&gt;{NBSP}— —"),
        ('a &amp; b "c"', f"a{NBSP}& b{NBSP}«c»"),
        ('x < y "a"', f"x{NBSP}&lt; y{NBSP}«a»"),
        ('<p>незакрытый "абзац" - да', f"<p>незакрытый «абзац»{NBSP}— да"),
        ('<a href="http://e.org/a--b">"ссылка"</a>', '<a href="http://e.org/a--b">«ссылка»</a>'),
    ],
)
def test_fragments(fragment, expected):
    assert typograph_html(fragment, "ru") == expected


def test_the_command_prints_any_fragment_and_succeeds():
    for fragment in ('<b class="x">', "", '<pre>x</pre> "after"'):
        result = CliRunner().invoke(cli, ["typo", "--html", "--lang", "ru"], input=fragment)
        assert result.exit_code == 0, result.output
        assert result.output == typograph_html(fragment, "ru")


# --- the round trip, on random fragments -----------------------------------------------------

_OPAQUE = {"pre", "code", "kbd", "samp", "script", "style", "textarea"}


class _Reader(HTMLParser):
    """The standard library's HTML tokenizer, as an independent reader: the markup, and the
    text runs outside opaque elements (None marks an opaque element), entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.markup: list[str] = []
        self.runs: list[str | None] = []
        self.opaque: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.markup.append(self.get_starttag_text() or "")
        if tag in _OPAQUE:
            if not self.opaque:
                self.runs.append(None)
            self.opaque.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.markup.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag):
        self.markup.append(f"</{tag}>")
        if tag in self.opaque:  # closes the innermost element of its name, as HTML's tree builder does
            del self.opaque[len(self.opaque) - 1 - self.opaque[::-1].index(tag) :]

    def handle_comment(self, data):
        self.markup.append(f"<!--{data}-->")

    def handle_data(self, data):
        if self.opaque:
            self.markup.append(data)  # opaque text must come back as it was
        else:
            self.runs.append(data)


def _read(fragment: str) -> _Reader:
    reader = _Reader()
    reader.feed(fragment)
    reader.close()
    return reader


_TEXT = st.text(alphabet=list("абвгдеёжзийклмноabcdeXY0123456789 .,;:!?-–—\"'«»()…%&"), max_size=30)
_ENTITY = st.sampled_from(["&quot;", "&amp;", "&nbsp;", "&mdash;", "&laquo;", "&#8212;", "&lt;", "&gt;"])
_MARKUP = st.sampled_from(
    [
        "<p>", "</p>", "<em>", "</em>", "<strong>", "</strong>", "<br>", "<br/>",
        '<a href="http://e.org/a--b?x=&quot;y&quot;">', "</a>", "<img alt='\"a\" - b' src=x.png>",
        "<pre>", "</pre>", "<code>", "</code>", "<kbd>", "</kbd>", '<!-- "c" - d -->',
        '<span class="x" title="&quot;t&quot; -- u">', "</span>",
    ]
)  # fmt: skip
_FRAGMENT = st.lists(st.one_of(_TEXT, _ENTITY, _MARKUP), max_size=25).map("".join)


@given(_FRAGMENT, st.sampled_from(["ru", "en"]))
def test_markup_is_kept_and_text_changes_only_as_typo_changes_it(fragment, language):
    before, after = _read(fragment), _read(typograph_html(fragment, language))
    assert after.markup == before.markup
    runs = [OPAQUE if run is None else run for run in before.runs]
    expected = [None if run == OPAQUE else run for run in typograph_runs(runs, language)]
    assert _merged(after.runs) == _merged(expected)


def _merged(runs: list[str | None]) -> list[str | None]:
    """Runs with neighbouring text joined (a tokenizer may cut text where the other does not)."""
    merged: list[str | None] = []
    for run in runs:
        if run is not None and merged and merged[-1] is not None:
            merged[-1] += run
        else:
            merged.append(run)
    return [run for run in merged if run != ""]
