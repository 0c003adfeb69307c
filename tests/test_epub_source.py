"""An EPUB as a source: a public EPUB 3 (IDPF's sample of The Waste Land) and our own EPUB and
KEPUB editions read back with their words in order, their notes and metadata; hostile books
refused."""

from __future__ import annotations

import difflib
import zipfile

import pytest
from lxml import etree
from PIL import Image as Picture

from publish.errors import PublishError
from publish.model import Image, LineBreak, NoteRef, Sidebar, plain_text, walk_blocks, walk_inlines
from publish.readers import read_source

from conftest import ARTICLE, FIXTURES, ROOT, SAMPLE, build, epubcheck, problems, words

WASTELAND = FIXTURES / "public" / "wasteland.epub"
OPS_TYPE = "{http://www.idpf.org/2007/ops}type"


def _words_of(document, text: bool = True, notes: bool = True) -> list[str]:
    """The words of the text, then of its notes (a line break parts words, as in the book)."""
    blocks = [*(document.blocks if text else ()), *(block for note in document.notes if notes for block in note.blocks)]
    found = []
    for block in walk_blocks(blocks):
        if hasattr(block, "children"):
            pieces = [inline.text if hasattr(inline, "text") else " " if isinstance(inline, LineBreak) else ""
                      for inline in walk_inlines(block.children)]  # fmt: skip
            found += words("".join(pieces))
    return found


def _in_order(original: list[str], read_back: list[str]) -> float:
    matcher = difflib.SequenceMatcher(None, original, read_back, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(original)


def test_a_public_epub_is_read_with_its_words_notes_and_metadata_and_builds_clean(tmp_path):
    document = read_source(WASTELAND)
    meta = document.metadata
    assert meta.title == "The Waste Land" and meta.authors == ("T.S. Eliot",) and meta.language == "en-US"
    assert len(document.notes) == 50  # its notes, a section of their own, each found from its call
    calls = [inline for block in walk_blocks(document.blocks) if hasattr(block, "children")
             for inline in walk_inlines(block.children) if isinstance(inline, NoteRef)]  # fmt: skip
    assert sorted({call.number for call in calls}) == list(range(1, 51))
    book = zipfile.ZipFile(WASTELAND)
    body = etree.fromstring(book.read("EPUB/wasteland-content.xhtml")).find("{*}body")
    notes = [element for element in body.iter() if element.get(OPS_TYPE) == "rearnote"]
    notes_words = words(" ".join(" ".join(note.itertext()) for note in notes))
    for note in notes:
        note.getparent().remove(note)
    text_words = words(" ".join(body.itertext()))
    assert _in_order(text_words, _words_of(document, notes=False)) >= 0.99  # the text, in its order
    assert _in_order(notes_words, _words_of(document, text=False)) >= 0.99  # the notes, in theirs
    built = build(WASTELAND, tmp_path / "out", "epub", "pdf")
    assert not problems(epubcheck(built["epub"]))


@pytest.mark.parametrize("source", [SAMPLE, ARTICLE, FIXTURES / "collection" / "issue-5.book.toml"])
def test_our_own_epub_and_kepub_read_back_without_losing_a_word(tmp_path, source):
    from publish.build import BuildOptions, prepare

    built = build(source, tmp_path / "out", "epub", "kepub")
    original, _ = prepare(source, BuildOptions(project=ROOT))
    for edition in (built["epub"], built["kepub.epub"]):
        back = read_source(edition)
        share = _in_order(_words_of(original), _words_of(back))
        assert share >= 0.99, (edition.name, share)
        assert back.metadata.title.split() == original.metadata.title.split()
        assert len(back.notes) == len(original.notes)
        assert back.metadata.series == original.metadata.series


def _epub(path, files: dict[str, str | bytes]) -> None:
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        for name, content in files.items():
            book.writestr(name, content)


CONTAINER = ('<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
             '<rootfiles><rootfile full-path="{opf}" media-type="application/oebps-package+xml"/></rootfiles></container>')  # fmt: skip
OPF_TEXT = ('<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
            '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title>'
            "<dc:language>ru</dc:language></metadata><manifest>"
            '<item id="t" href="{href}" media-type="application/xhtml+xml"/></manifest>'
            '<spine><itemref idref="t"/></spine></package>')  # fmt: skip
PAGE = '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>{text}</p><img src="{src}" alt="x"/></body></html>'


def test_hostile_books_are_refused_and_read_nothing_outside_the_archive(tmp_path):
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    escaping = tmp_path / "escaping.epub"
    _epub(escaping, {"META-INF/container.xml": CONTAINER.format(opf="../content.opf")})
    with pytest.raises(PublishError, match="points outside the book"):
        read_source(escaping)

    picture = tmp_path / "picture.epub"
    _epub(picture, {
        "META-INF/container.xml": CONTAINER.format(opf="OPS/content.opf"),
        "OPS/content.opf": OPF_TEXT.format(title="Книга", href="text.xhtml"),
        "OPS/text.xhtml": PAGE.format(text="Текст книги.", src="../../secret.png"),
    })  # fmt: skip
    document = read_source(picture)
    assert plain_text(document.blocks[0].children) == "Текст книги." and not any(
        getattr(block, "data", b"") for block in walk_blocks(document.blocks)
    )

    entities = tmp_path / "entities.epub"
    bomb = '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
    _epub(entities, {
        "META-INF/container.xml": CONTAINER.format(opf="content.opf"),
        "content.opf": OPF_TEXT.format(title="Книга", href="text.xhtml"),
        "text.xhtml": bomb + PAGE.format(text="&b;&b; Текст.", src="none.png"),
    })  # fmt: skip
    assert "aaaa" not in plain_text(read_source(entities).blocks[0].children)

    empty = tmp_path / "empty.epub"
    _epub(empty, {"META-INF/container.xml": CONTAINER.format(opf="content.opf"),
                  "content.opf": OPF_TEXT.format(title="Книга", href="missing.xhtml")})  # fmt: skip
    with pytest.raises(PublishError, match="its spine has no text"):
        read_source(empty)

    not_zip = tmp_path / "broken.epub"
    not_zip.write_bytes(b"PK\x03\x04 and nothing more")
    with pytest.raises(PublishError, match="damaged zip"):
        read_source(not_zip)


@pytest.mark.parametrize("source", [WASTELAND, ARTICLE])
def test_a_build_reads_its_source_once(tmp_path, monkeypatch, source):
    """The checks a build runs looked at the source by reading it again, twice for an EPUB
    (a 25 MB textbook of linear algebra took 24 s for two editions, 12 s now): they look at
    the document the build read."""
    import publish.readers

    calls = []
    reader_for = publish.readers.for_path

    def counted(path):
        calls.append(path)
        return reader_for(path)

    monkeypatch.setattr(publish.readers, "for_path", counted)
    build(source, tmp_path / "out", "epub")
    assert calls == [source]


def test_a_book_too_long_for_one_edition_is_refused_before_it_is_read_as_a_page(tmp_path, monkeypatch):
    """An EPUB of 12 million characters (the Mahabharata of IDPF's samples) was joined and
    read whole as one page before the build's budget refused it: 11 s and 528 MB. Its
    content documents are counted as they are joined, and the book refused at the budget,
    named, before the page is read (2.3 s and 243 MB for that one)."""
    import publish.readers.html

    def not_reached(*arguments, **keywords):
        raise AssertionError("the page was read")

    monkeypatch.setattr(publish.readers.html, "read_html", not_reached)
    paragraph = "<p>" + "слово " * 200 + "</p>"
    chapter = '<html xmlns="http://www.w3.org/1999/xhtml"><body>' + paragraph * 900 + "</body></html>"
    opf = OPF_TEXT.replace('<item id="t" href="{href}" media-type="application/xhtml+xml"/>', "".join(
        f'<item id="c{n}" href="c{n}.xhtml" media-type="application/xhtml+xml"/>' for n in range(6)
    )).replace('<itemref idref="t"/>', "".join(f'<itemref idref="c{n}"/>' for n in range(6)))  # fmt: skip
    long_book = tmp_path / "long.epub"
    _epub(long_book, {
        "META-INF/container.xml": CONTAINER.format(opf="content.opf"),
        "content.opf": opf.format(title="Книга"),
        **{f"c{n}.xhtml": chapter for n in range(6)},
    })  # fmt: skip
    with pytest.raises(PublishError, match="runs past 5,000,000 characters"):
        read_source(long_book)


def test_a_scripted_object_s_fallback_and_a_chapter_heading_other_than_the_title_are_read(tmp_path):
    """IDPF's quiz and gallery samples hold their text as an <object> bound to a script, with
    the fallback content EPUB requires for reading systems that cannot run it: publish, one
    of those, read nothing of it (quiz-bindings: 43 % of the words). And a one-chapter book's
    <h1> ("The Solar System") was taken for the title and dropped, though the package's title
    ("Basic Quiz") is the book's. Both are read now; the EPUB built from it is clean."""
    chapter = (
        '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en"><body><section><h1>The Solar System</h1>'
        "<p>At the center of the Solar System is the Sun.</p>"
        '<object data="quiz.xml" type="application/x-epub-quiz"><param name="mode" value="all"/>'
        "<h2>Questions</h2><ol><li><p>What is the name given to planets like Jupiter?</p>"
        "<ol type='a'><li>Gas Giants</li><li>Rocky Dwarves</li></ol></li></ol></object>"
        '<object data="moon.png" type="image/png">The Moon at its first quarter</object></section></body></html>'
    )
    moon = tmp_path / "moon.png"
    Picture.new("RGB", (40, 30), "grey").save(moon)
    book = tmp_path / "quiz.epub"
    _epub(book, {
        "META-INF/container.xml": CONTAINER.format(opf="content.opf"),
        "content.opf": OPF_TEXT.format(title="Basic Quiz", href="text.xhtml").replace("<dc:language>ru", "<dc:language>en"),
        "text.xhtml": chapter,
        "moon.png": moon.read_bytes(),
        "quiz.xml": "<quiz><item>What is the name given to planets like Jupiter?</item></quiz>",
    })  # fmt: skip
    document = read_source(book)
    assert document.metadata.title == "Basic Quiz"
    words = " ".join(_words_of(document))
    assert "The Solar System" in words and "Questions" in words and "Gas Giants" in words
    (picture,) = [block for block in walk_blocks(document.blocks) if isinstance(block, Image)]
    assert picture.alt == "The Moon at its first quarter"
    built = build(book, tmp_path / "out", "epub")
    assert not problems(epubcheck(built["epub"]))


def test_a_book_s_sidebar_is_its_text_and_a_note_aside_stays_a_note(tmp_path):
    """A textbook sets its biographies and vocabulary boxes as <aside>: on a web page an
    aside is the site's, and it was left out of books too (IDPF's WCAG sample: 80.6 % of its
    words, 98.6 % now). An aside marked as a footnote is still read as the note."""
    chapter = (
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="en">'
        "<body><section><h1>Economies</h1><p>A market economy differs from a command economy."
        '<a epub:type="noteref" href="#n1">1</a></p>'
        '<aside class="biography"><p>Biography</p><p>Amartya Sen was born in India in 1933.</p></aside>'
        '<aside epub:type="footnote" id="n1"><p>As the chapter on trade explains.</p></aside>'
        "</section></body></html>"
    )
    book = tmp_path / "economies.epub"
    _epub(book, {
        "META-INF/container.xml": CONTAINER.format(opf="content.opf"),
        "content.opf": OPF_TEXT.format(title="World Cultures", href="text.xhtml"),
        "text.xhtml": chapter,
    })  # fmt: skip
    document = read_source(book)
    assert "Biography Amartya Sen was born in India" in " ".join(_words_of(document, notes=False))
    assert " ".join(_words_of(document, text=False)) == "As the chapter on trade explains"
    sidebars = [block for block in walk_blocks(document.blocks) if isinstance(block, Sidebar)]
    assert [len(sidebar.blocks) for sidebar in sidebars] == [2]  # (a sidebar again in our editions)
