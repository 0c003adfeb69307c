"""Formulas: read from every source that writes them, carried by every edition.

The fixtures are our own: `formulas.fodt` (written by hand) and the ODT and DOCX LibreOffice
7.4 made of it (`soffice --convert-to odt|docx`): a packaged formula object each, and Word's
OMML. Word's own OMML layouts are written here as Word writes them.
"""

from __future__ import annotations

import re
import zipfile

import docx
import pytest
from lxml import etree

from publish.mathml import MATHML
from publish.model import Code, Formula, Image, Lead, Paragraph, plain_text, walk_blocks, walk_inlines
from publish.readers import read_source
from publish.readers.mathml import NotAFormula, formula, from_tex
from publish.readers.omml import mathml_of

from conftest import FIXTURES, build, epub_pages, epubcheck, fb2_errors, pdf_text, problems, word_file

OFFICE = FIXTURES / "office"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
# The five formulas of formulas.fodt, as each edition's text gives them.
FORMULAS = ["m′ = m/v", "W = c + v + m", "p′ = m/(c + v) = m′/(1 + c/v)", "c/v", "√(a² + b²)"]
DISPLAYED = [False, True, True, False, False]


def formulas(document) -> list[Formula]:
    blocks = [block for block in document.blocks if isinstance(block, Paragraph | Lead)]
    return [inline for block in blocks for inline in walk_inlines(block.children) if isinstance(inline, Formula)]


@pytest.mark.parametrize("name", ["formulas.odt", "formulas.docx"])
def test_libreoffice_formulas_are_read_as_mathml(name):
    """An ODT's formula objects and the OMML LibreOffice writes into a DOCX: each formula once,
    in place, set apart where it stands alone in its paragraph; its stand-in picture (SVM) not
    taken for a picture."""
    document = read_source(OFFICE / name)
    found = formulas(document)
    assert [item.text.replace("'", "′") for item in found] == FORMULAS
    assert [item.display for item in found] == DISPLAYED
    assert all(etree.fromstring(item.mathml).tag == f"{{{MATHML}}}math" for item in found)
    text = " ".join(plain_text(block.children) for block in document.blocks if isinstance(block, Paragraph | Lead))
    assert "переменному капиталу: m′ = m/v. Она показывает" in text.replace("'", "′")
    assert not any(isinstance(block, Image) for block in walk_blocks(document.blocks))


def _omml(body: str) -> etree._Element:
    return etree.fromstring(f'<m:oMath xmlns:m="{M}">{body}</m:oMath>')


def _r(text: str) -> str:
    return f"<m:r><m:t>{text}</m:t></m:r>"


@pytest.mark.parametrize(
    ("body", "text", "layouts"),
    [
        (f"<m:f><m:num>{_r('a')}</m:num><m:den>{_r('b+1')}</m:den></m:f>", "a/(b + 1)", ["mfrac"]),
        (
            f'<m:nary><m:naryPr><m:chr m:val="∑"/></m:naryPr><m:sub>{_r("i=1")}</m:sub>'
            f"<m:sup>{_r('n')}</m:sup><m:e>{_r('i')}</m:e></m:nary>",
            "∑_(i = 1)ⁿ i",
            ["munderover"],
        ),
        (f"<m:rad><m:deg>{_r('3')}</m:deg><m:e>{_r('x')}</m:e></m:rad>", "³√x", ["mroot"]),
        (
            f'<m:rad><m:radPr><m:degHide m:val="1"/></m:radPr><m:deg/><m:e>{_r("x")}</m:e></m:rad>',
            "√x",
            ["msqrt"],
        ),
        (
            f'<m:d><m:dPr><m:begChr m:val="["/><m:endChr m:val=")"/></m:dPr><m:e>{_r("0")}</m:e>'
            f"<m:e>{_r('1')}</m:e></m:d>",
            "[0|1)",
            [],
        ),
        (
            f'<m:func><m:fName><m:r><m:rPr><m:sty m:val="p"/></m:rPr><m:t>sin</m:t></m:r></m:fName>'
            f"<m:e>{_r('x')}</m:e></m:func>",
            "sin\u2061x",
            [],
        ),
        (
            f"<m:sSubSup><m:e>{_r('x')}</m:e><m:sub>{_r('i')}</m:sub><m:sup>{_r('2')}</m:sup></m:sSubSup>",
            "x_i²",
            ["msubsup"],
        ),
        (f'<m:acc><m:accPr><m:chr m:val="̃"/></m:accPr><m:e>{_r("x")}</m:e></m:acc>', "x̃", ["mover"]),
        (
            f"<m:m><m:mr><m:e>{_r('a')}</m:e><m:e>{_r('b')}</m:e></m:mr>"
            f"<m:mr><m:e>{_r('c')}</m:e><m:e>{_r('d')}</m:e></m:mr></m:m>",
            "((a, b); (c, d))",
            ["mtable"],
        ),
        (f"<m:limLow><m:e>{_r('lim')}</m:e><m:lim>{_r('n→∞')}</m:lim></m:limLow>", "lim_(n → ∞)", ["munder"]),
    ],
)
def test_word_s_equation_layouts_become_their_mathml(body, text, layouts):
    """Each OMML layout Word writes is the MathML layout it means, valid for epubcheck's
    schema (a fraction has two parts…) and read out on one line."""
    read = formula(mathml_of(_omml(body)))
    math = etree.fromstring(read.mathml)
    for layout in layouts:
        assert math.find(f".//{{{MATHML}}}{layout}") is not None, layout
    assert read.text == text


def test_a_word_run_of_upright_letters_is_one_name():
    """Word's linear "cos⁡α + sin⁡β" in one plain-style run: each name one upright `<mi>`
    (it was an `<mi>` a letter, "c", "o", "s"), each Greek letter its own."""
    run = '<m:r><m:rPr><m:sty m:val="p"/></m:rPr><m:t>cos\u2061α+sin\u2061β</m:t></m:r>'
    math = etree.fromstring(formula(mathml_of(_omml(run))).mathml)
    assert [mi.text for mi in math.iter(f"{{{MATHML}}}mi")] == ["cos", "α", "sin", "β"]


def test_a_word_equation_builds_into_every_edition(tmp_path):
    """An inline equation and one set apart (`m:oMathPara`), in a Word file: MathML in the EPUB
    and KEPUB (epubcheck clean: the manifest says `mathml`), the same on the web page, text in
    the FB2 (valid, with a warning), drawn in the PDF with the words around it in order."""
    document = docx.Document()
    document.add_paragraph("Норма прибыли", style="Title")
    document.add_paragraph("Норма прибыли равна INLINE, то есть прибавочной стоимости на весь капитал.")
    document.add_paragraph("DISPLAY")
    document.add_paragraph("Чем выше строение капитала, тем ниже норма.")
    fraction = f"<m:f><m:num>{_r('m')}</m:num><m:den>{_r('c+v')}</m:den></m:f>"
    inline = f'<m:oMath xmlns:m="{M}">{_r("p")}{_r("=")}{fraction}</m:oMath>'
    display = f'<m:oMathPara xmlns:m="{M}"><m:oMath>{_r("W=c+v+m")}</m:oMath></m:oMathPara>'
    source = tmp_path / "norma.docx"
    word_file(document, source)
    with zipfile.ZipFile(source) as packed:
        parts = {name: packed.read(name) for name in packed.namelist()}
    xml = parts["word/document.xml"].decode()
    xml = xml.replace("INLINE", f'</w:t></w:r>{inline}<w:r><w:t xml:space="preserve">', 1)
    xml = re.sub(r"<w:r>(?:(?!<w:r>).)*?DISPLAY</w:t></w:r>", display, xml, count=1)
    parts["word/document.xml"] = xml.encode()
    with zipfile.ZipFile(source, "w") as packed:
        for name, data in parts.items():
            packed.writestr(name, data)

    built = build(source, tmp_path / "out", "epub", "kepub", "html", "fb2", "pdf")
    for edition in ("epub", "kepub.epub"):
        assert problems(epubcheck(built[edition])) == [], edition
    maths = [math for _, page in epub_pages(built["epub"]) for math in page.iter(f"{{{MATHML}}}math")]
    assert [math.get("alttext") for math in maths] == ["p = m/(c + v)", "W = c + v + m"]
    assert [math.get("display") for math in maths] == ["inline", "block"]
    with zipfile.ZipFile(built["epub"]) as book:
        opf = book.read("EPUB/content.opf").decode()
    assert re.search(r'href="text\.xhtml"[^>]*properties="mathml"|properties="mathml"[^>]*href="text\.xhtml"', opf)
    assert ">MathML<" in opf and ">describedMath<" in opf
    assert built["html"].read_text("utf-8").count("<math") == 2
    assert fb2_errors(built["fb2"]) == ""
    assert "равна p = m/(c + v), то есть" in built["fb2"].read_text("utf-8")
    text = " ".join(pdf_text(built["pdf"]).split())
    assert "Норма прибыли равна , то есть прибавочной стоимости на весь капитал. Чем выше" in text
    assert figures(built["pdf"]) == ["p =", "m/(c + v)", "W = c + v + m"]  # broken after "=" as TeX breaks


def figures(pdf) -> list[str]:
    """The alt text of every figure in a tagged PDF's structure, in order."""
    from pypdf import PdfReader

    found: list[str] = []

    def walk(node) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if node.get("/S") == "/Figure":
                found.append(str(node.get("/Alt", "")))
            if "/K" in node:
                walk(node["/K"])
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(PdfReader(pdf).trailer["/Root"]["/StructTreeRoot"])
    return found


def test_formulas_in_markdown_and_on_web_pages(tmp_path):
    """Pandoc's `$…$` and `$$…$$` (money is not mathematics: `$5 до $10`), MathML in a page,
    MathJax 2's TeX scripts (not its drawing) and MathJax 3's MathML copy; bad TeX stays as
    written with a warning that names its line."""
    source = tmp_path / "rost.md"
    source.write_text(
        "# Рост\n\nУравнение $c_1 + v_1 = c_2$ и цена с $5 до $10.\n\n$$\n\\frac{m}{c + v} = p'\n$$\n\n"
        "Неверно: $\\frac{a$.\n",
        encoding="utf-8",
    )
    document = read_source(source)
    assert [item.text for item in formulas(document)] == ["c₁ + v₁ = c₂", "m/(c + v) = p′"]
    assert [item.display for item in formulas(document)] == [False, True]
    assert "цена с $5 до $10." in plain_text(document.blocks[0].children)
    assert Code("\\frac{a") in document.blocks[2].children

    page = tmp_path / "page.html"
    page.write_text(
        "<html lang='en'><body><article><h1>Profit</h1><p>The rate is <math><mfrac><mi>s</mi>"
        "<mrow><mi>c</mi><mo>+</mo><mi>v</mi></mrow></mfrac></math> here.</p>"
        "<p>MathJax 2: <span class='MathJax_Preview'>x2</span><span class='MathJax'><span>x</span>"
        "<span>2</span></span><script type='math/tex'>x^2</script> holds.</p>"
        "<p>MathJax 3: <mjx-container class='MathJax' jax='CHTML'><mjx-math><mjx-mi>a</mjx-mi></mjx-math>"
        "<mjx-assistive-mml><math><mi>a</mi><mo>=</mo><mi>b</mi></math></mjx-assistive-mml></mjx-container>.</p>"
        "<p>Hostile: <math><mi>x</mi><script>alert(1)</script><mi href='javascript:alert(1)'>y</mi></math>.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    read = read_source(page)
    assert [item.text for item in formulas(read)] == ["s/(c + v)", "x²", "a = b", "xy"]
    texts = [plain_text(block.children) for block in read.blocks if isinstance(block, Paragraph)]
    assert "MathJax 2: x² holds." in texts and "x2" not in " ".join(texts)
    assert all("script" not in item.mathml and "href" not in item.mathml for item in formulas(read))
    built = build(page, tmp_path / "out", "epub")
    assert problems(epubcheck(built["epub"])) == []


def test_a_formula_too_deep_or_too_large_is_its_text():
    """MathML a hostile file could nest without end, or make enormous, is refused as a formula
    (the reader keeps its text), not walked."""
    deep = "<math>" + "<mrow>" * 200 + "<mi>x</mi>" + "</mrow>" * 200 + "</math>"
    with pytest.raises(NotAFormula, match="nested"):
        formula(etree.fromstring(deep))
    wide = "<math>" + "<mi>x</mi>" * 6000 + "</math>"
    with pytest.raises(NotAFormula, match="elements"):
        formula(etree.fromstring(wide))
    with pytest.raises(NotAFormula, match="characters"):
        formula(etree.fromstring("<math><mtext>" + "a" * 3000 + "</mtext></math>"))  # (its drawing: 300 KB)
    with pytest.raises(NotAFormula):
        from_tex("\\frac{")
    with pytest.raises(NotAFormula, match="nested"):
        from_tex("{" * 300 + "x" + "}" * 300)  # (MathML past libxml2's depth: not a traceback)
    with pytest.raises(NotAFormula, match="nested"):
        formula(mathml_of(_omml("<m:e>" * 200 + _r("x") + "</m:e>" * 200)))


def test_a_chart_object_is_said_and_left_out(tmp_path, caplog):
    """An embedded chart's stand-in picture is LibreOffice's SVM, which no edition can show:
    the build says what is left out instead of carrying a broken picture."""
    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
        'xmlns:xlink="http://www.w3.org/1999/xlink"><office:body><office:text>'
        "<text:p>Рост зарплат по годам.</text:p><text:p><draw:frame>"
        '<draw:object xlink:href="./Object 1"/><draw:image xlink:href="./ObjectReplacements/Object 1"/>'
        "</draw:frame></text:p><text:p>Конец.</text:p></office:text></office:body></office:document-content>"
    )
    chart = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0">'
        "<office:body><office:chart/></office:body></office:document-content>"
    )
    source = tmp_path / "rost.odt"
    with zipfile.ZipFile(source, "w") as packed:
        packed.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        packed.writestr("content.xml", content)
        packed.writestr("Object 1/content.xml", chart)
        packed.writestr("ObjectReplacements/Object 1", b"VCLMTF\x01\x00")
    document = read_source(source)
    assert [plain_text(block.children) for block in document.blocks if isinstance(block, Paragraph)] == [
        "Рост зарплат по годам.",
        "Конец.",
    ]
    assert any("an embedded chart (Object 1) is left out" in record.getMessage() for record in caplog.records)

    broken = tmp_path / "broken.odt"  # an object whose content is not XML: said, the rest read
    with zipfile.ZipFile(broken, "w") as packed:
        packed.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        packed.writestr("content.xml", content)
        packed.writestr("Object 1/content.xml", "<math><mi>x</mi>")
    assert len(read_source(broken).blocks) == 2
    assert any("(Object 1) cannot be read" in record.getMessage() for record in caplog.records)


def test_check_does_not_read_a_formula_as_prose(tmp_path):
    """A half-open interval [0, 1) in a formula is not an unpaired bracket of the sentence."""
    from click.testing import CliRunner

    from publish.cli import cli

    result = CliRunner().invoke(cli, ["check", str(OFFICE / "formulas.odt")])
    assert "T004" not in result.output, result.output


def test_wikipedias_formulas_are_read_once_as_mathml_not_as_tex_pictures(tmp_path):
    """Wikipedia serves each formula as MathML hidden for screen readers (display: none) beside
    a picture whose alt text is its TeX; the picture, remote, was set as its alt text
    ("{\\displaystyle A}") and the MathML dropped as hidden. The formula is read once, from
    the MathML, its text read out (not TeX), its spaces as MathML means them."""
    page = tmp_path / "matrix.html"
    page.write_text(
        "<html lang='en'><body><main><h1>Hermitian matrix</h1><p>A matrix is Hermitian when "
        "<span class='mwe-math-element'><span class='mwe-math-mathml-inline' style='display: none;'>"
        "<math alttext='{\\displaystyle A=A^{\\mathsf {H}}}'><semantics><mrow><mi>\n  A\n </mi><mo>=</mo>"
        "<msup><mi>A</mi><mi mathvariant='sans-serif'>H</mi></msup><mtext>\u00a0holds</mtext></mrow>"
        "<annotation encoding='application/x-tex'>A=A^{H}</annotation></semantics></math></span>"
        "<img src='https://wikimedia.org/api/rest_v1/media/math/render/svg/x' "
        "class='mwe-math-fallback-image-inline' alt='{\\displaystyle A=A^{\\mathsf {H}}}'></span>.</p>"
        "</main></body></html>",
        encoding="utf-8",
    )
    document = read_source(page)
    found = formulas(document)
    assert len(found) == 1 and found[0].text == "A = A^H holds" and "<mtext>\u00a0holds</mtext>" in found[0].mathml
    assert "<mi>A</mi>" in found[0].mathml and "displaystyle" not in plain_text(document.blocks[0].children)


def test_a_book_of_formulas_is_counted_by_what_it_shows_and_their_number_is_budgeted():
    """A linear algebra textbook (the W3C's EPUB 3 sample: 770 000 characters of text and
    10 281 formulas) was refused as "past 5,000,000 characters": each formula counted its
    MathML, markup and all (4.7 million). A formula counts what it shows now; what bounds the
    work is their number (each is drawn for print), past which the book is refused."""
    from publish.limits import MAX_FORMULAS, book_overrun
    from publish.model import Document, Formula, Metadata, Text, size_of

    mathml = (
        '<math xmlns="http://www.w3.org/1998/Math/MathML"><mrow><msub><mi>a</mi><mrow><mi>i</mi>'
        "<mi>j</mi></mrow></msub><mo>=</mo><mn>0</mn></mrow></math>"
    )
    equation = Formula(mathml, "aᵢⱼ = 0")
    paragraph = Paragraph((Text("Пусть "), equation, Text(" для всех i ≠ j.")))
    size = size_of(Document(Metadata("Матрицы", "ru"), (paragraph,) * 1000))
    assert size.characters == 1000 * (len("Пусть  для всех i ≠ j.") + len("aᵢⱼ = 0"))
    assert size.formulas == 1000 and book_overrun(size) is None
    many = size_of(Document(Metadata("Матрицы", "ru"), (Paragraph((equation,) * (MAX_FORMULAS + 1)),)))
    assert "runs past 20,000 formulas" in (book_overrun(many) or "")


def test_a_fenced_row_becomes_its_brackets_and_separators_and_a_dropped_part_takes_none():
    """`<mfenced>` (deprecated, still written by old converters) stands for its brackets and
    separators around its parts; a part MathML does not have is dropped with no separator
    before it, and the result is one MathML tree with its namespace declared once."""
    math = etree.fromstring(
        '<math xmlns="http://www.w3.org/1998/Math/MathML"><mfenced open="[" close="]" separators=";">'
        "<mi>a</mi><unknown>x</unknown><mi>b</mi><mn>2</mn></mfenced></math>"
    )
    read = formula(math)
    tree = etree.fromstring(read.mathml)
    assert [(etree.QName(e).localname, e.text) for e in tree.iter() if e.text] == [
        ("mo", "["), ("mi", "a"), ("mo", ";"), ("mi", "b"), ("mo", ";"), ("mn", "2"), ("mo", "]"),
    ]  # fmt: skip
    assert read.mathml.count("xmlns=") == 1
