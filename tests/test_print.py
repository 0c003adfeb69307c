"""The print edition as a print shop and a reader see it: pages, margins, heads, notes, outline."""

from __future__ import annotations

import datetime
import re
import subprocess
from collections import Counter

import pytest
from pypdf import PdfReader

from publish.errors import PublishError
from publish.readers import read_source
from publish.writers.booklet import saddle_stitch_order

from conftest import ARTICLE, SAMPLE, build, pdf_pages

MM = 72 / 25.4
SIZES = {"A4": (595.28, 841.89), "A5": (419.53, 595.28), "A6": (297.64, 419.53), "letter": (612.0, 792.0)}


@pytest.fixture(scope="module")
def long_article(tmp_path_factory) -> dict:
    """A Markdown text long enough for several pages, with parts and notes spread through it."""
    folder = tmp_path_factory.mktemp("long")
    paragraphs = [p for p in SAMPLE.read_text(encoding="utf-8").split("\n\n")[3:] if p.strip()]
    body = []
    for number in range(1, 4):
        body.append(f"## Часть {number}")
        for index, paragraph in enumerate(paragraphs[:6]):
            if index == 3:
                paragraph += f" Q{number}REF[^{number}]"
            body.append(paragraph)
    notes = [f"[^{n}]: Q{n}NOTE примечание к части {n}." for n in range(1, 4)]
    source = folder / "long.md"
    source.write_text("---\ntitle: Длинный текст\nauthor: Автор\n---\n\n" + "\n\n".join(body + notes) + "\n")
    return build(source, folder / "out", "pdf")


def page_x(cm, tm) -> float:
    """The x on the page, in points, of text drawn at text matrix `tm` under transformation `cm`."""
    return tm[4] * cm[0] + tm[5] * cm[2] + cm[4]


def text_left_edge(page) -> float:
    """Where the body text starts on a page (the smallest x of any text drawn), in points."""
    xs: list[float] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            xs.append(page_x(cm, tm))

    page.extract_text(visitor_text=visit)
    return min(xs)


@pytest.mark.parametrize("size", ["A4", "A6", "letter"])
def test_page_size_option(tmp_path, size):
    pdf = build(SAMPLE, tmp_path, "pdf", page_size=size)["pdf"]
    page = PdfReader(pdf).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(SIZES[size], abs=0.5)


def test_margins_mirror_on_left_and_right_pages(long_article):
    pages = PdfReader(long_article["pdf"]).pages
    assert len(pages) >= 4
    right_page, left_page = pages[2], pages[1]  # page 3 is a right-hand page, page 2 a left-hand one
    assert text_left_edge(right_page) == pytest.approx(20 * MM, abs=2)  # the wider margin inside
    assert text_left_edge(left_page) == pytest.approx(14 * MM, abs=2)


def test_running_heads_and_numbers_where_they_belong(sample_build):
    pages = pdf_pages(sample_build["pdf"])
    meta = read_source(SAMPLE).metadata
    first = pages[0].replace("\u00a0", " ")
    assert first.rstrip().splitlines()[-1].strip() != "1"
    assert first.count(meta.publisher) == 0  # the title page shows it in capitals, no running head
    for number, page in enumerate(pages[1:], start=2):
        lines = [line.replace("\u00a0", " ").strip() for line in page.splitlines() if line.strip()]
        assert lines[-1] == str(number)
        head = meta.publisher if number % 2 == 0 else meta.title
        assert head in lines, (number, lines[-3:])


def test_a_text_with_parts_has_its_title_left_and_the_current_part_right(long_article):
    pages = [page.replace("\u00a0", " ") for page in pdf_pages(long_article["pdf"])]
    assert "Длинный текст" in pages[1].splitlines()[-2:][0] or "Длинный текст" in pages[1]
    right_heads = [page.splitlines()[-2] for page in pages[2::2]]
    assert any(head.startswith("Часть") for head in right_heads), right_heads


def test_footnotes_stand_on_the_page_that_cites_them(long_article):
    pages = pdf_pages(long_article["pdf"])
    for number in range(1, 4):
        cited = [index for index, page in enumerate(pages) if f"Q{number}REF" in page]
        noted = [index for index, page in enumerate(pages) if f"Q{number}NOTE" in page]
        assert cited and cited == noted, (number, cited, noted)
    assert len({index for index, page in enumerate(pages) if "NOTE" in page}) >= 2  # spread over pages


def test_contents_with_page_numbers_and_an_outline(long_article):
    reader = PdfReader(long_article["pdf"])

    def flatten(items):
        for item in items:
            yield from flatten(item) if isinstance(item, list) else [item]

    outline = {
        item.title.replace("\u00a0", " "): reader.get_destination_page_number(item) + 1
        for item in flatten(reader.outline)
    }
    assert "Длинный текст" in outline
    contents = {}
    for line in reader.pages[0].extract_text().replace("\u00a0", " ").splitlines():
        match = re.match(r"^(Часть \d) \.{3,} (\d+)$", line.strip())
        if match:
            contents[match.group(1)] = int(match.group(2))
    assert sorted(contents) == ["Часть 1", "Часть 2", "Часть 3"]
    for title, page in contents.items():
        assert outline[title] == page  # the contents and the bookmarks agree…
        assert title in reader.pages[page - 1].extract_text().replace("\u00a0", " ")  # …and the heading is there


def test_pdf_metadata_is_complete(article_build):
    reader = PdfReader(article_build["pdf"])
    info = reader.metadata
    assert info.title.replace("\u00a0", " ") == "Рабочее движение и «новые» профсоюзы"
    assert info.author == "Редакция журнала"
    assert info.subject.startswith("Короткая статья")
    assert info["/Keywords"] == "профсоюзы, рабочее движение"
    assert "publish" in info.creator
    assert reader.trailer["/Root"]["/Lang"] == "ru"


def test_tagged_pdf_ua_by_default_and_plain_on_request(tmp_path, article_build):
    root = PdfReader(article_build["pdf"]).trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    plain = build(ARTICLE, tmp_path, "pdf", pdf_variant="none")["pdf"]
    assert "/StructTreeRoot" not in PdfReader(plain).trailer["/Root"]


def test_the_pdf_ua_checks_that_can_be_automated_pass(article_build, sample_build):
    from pdfua import validate

    for built in (article_build, sample_build):
        report = validate(str(built["pdf"]))
        assert [finding for finding in report.findings] == []


def test_bleed_and_crop_marks_for_a_print_shop(tmp_path):
    pdf = build(SAMPLE, tmp_path, "pdf", bleed="3mm", marks=True)["pdf"]
    for page in PdfReader(pdf).pages:
        trim = [float(value) for value in page.trimbox]
        assert trim[2] - trim[0] == pytest.approx(SIZES["A5"][0], abs=0.01)
        assert trim[3] - trim[1] == pytest.approx(SIZES["A5"][1], abs=0.01)
        bleed = [float(value) for value in page.bleedbox]
        assert [b - t for b, t in zip(bleed, trim, strict=True)] == pytest.approx(
            [-3 * MM, -3 * MM, 3 * MM, 3 * MM], abs=0.01
        )
        media = [float(value) for value in page.mediabox]
        assert all(abs(m - b) >= 9 * MM for m, b in zip(media, bleed, strict=True))  # a slug for the marks
    # the crop marks are drawn in the slug, and stay out of the bleed
    image = first_page_image(pdf, tmp_path)
    scale = image.width / (media[2] - media[0])

    def region(x: float, y: float) -> str:
        """Where a pixel is: in the 'page' (trim), the 'bleed' ring around it, or the 'slug'."""
        px, py = media[0] + x / scale, media[3] - y / scale  # PDF points, y up
        if trim[0] <= px <= trim[2] and trim[1] <= py <= trim[3]:
            return "page"
        if bleed[0] <= px <= bleed[2] and bleed[1] <= py <= bleed[3]:
            return "bleed"
        return "slug"

    ink = Counter(region(x, y) for x in range(image.width) for y in range(image.height) if image.getpixel((x, y)) < 128)
    assert ink["slug"] > 20  # the marks
    assert ink["bleed"] == 0


def first_page_image(pdf, folder):
    from PIL import Image

    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "100",
            "-gray",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(folder / "first"),
        ],
        check=True,
    )
    return Image.open(folder / "first.png").convert("L")


def test_print_shop_text_is_black_ink_only(tmp_path):
    pdf = build(SAMPLE, tmp_path, "pdf", bleed="3mm")["pdf"]
    content = PdfReader(pdf).pages[2].get_contents().get_data().decode("latin-1")
    assert "/DeviceCMYK cs" in content and "0 0 0 1 scn" in content
    assert "0.101961 0.101961 0.101961 rg" not in content  # the screen's #1a1a1a
    plain = build(SAMPLE, tmp_path / "plain", "pdf")["pdf"]
    assert "/DeviceCMYK" not in PdfReader(plain).pages[2].get_contents().get_data().decode("latin-1")


def colour_operators(pdf) -> set[tuple[str, tuple[float, ...]]]:
    """Every colour-setting operator in the pages and the forms they draw, with its operands."""
    from pypdf.generic import ContentStream

    reader = PdfReader(pdf)
    found, seen = set(), set()

    def scan(stream) -> None:
        for operands, operator in ContentStream(stream, reader).operations:
            if operator in (b"rg", b"RG", b"k", b"K", b"g", b"G", b"cs", b"CS", b"sc", b"SC", b"scn", b"SCN"):
                found.add((operator.decode(), tuple(float(o) if not str(o).startswith("/") else 0.0 for o in operands)))

    def forms(resources) -> None:
        for xobject in (resources or {}).get("/XObject", {}).values():
            target = xobject.get_object()
            if target.get("/Subtype") == "/Form" and id(target) not in seen:
                seen.add(id(target))
                scan(target)
                forms(target.get("/Resources"))

    for page in reader.pages:
        scan(page.get_contents())
        forms(page.get("/Resources"))
    return found


def test_pdf_x_4_for_the_press_has_a_cmyk_intent_and_no_rgb(tmp_path):
    pdf = build(ARTICLE, tmp_path, "pdf", pdf_variant="pdf/x-4", bleed="3mm", marks=True)["pdf"]
    raw = pdf.read_bytes()
    assert raw.startswith(b"%PDF-1.6")
    reader = PdfReader(pdf)
    intent = reader.trailer["/Root"]["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFX" and intent["/DestOutputProfile"].get_object()["/N"] == 4
    assert b"PDF/X-4" in reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    operators = colour_operators(pdf)
    assert not [op for op in operators if op[0] in ("rg", "RG", "g", "G")]  # no RGB, no device grey
    assert ("K", (1.0, 1.0, 1.0, 1.0)) in operators  # the crop marks in registration colour
    text_inks = {operands for operator, operands in operators if operator == "scn" and operands[:3] == (0, 0, 0)}
    assert text_inks  # body text and greys in black ink alone
    for number in range(len(reader.pages)):
        page = reader.pages[number]
        assert page.trimbox and page.bleedbox
        for xobject in (page.get("/Resources") or {}).get("/XObject", {}).values():
            target = xobject.get_object()
            if target.get("/Subtype") == "/Image":  # the article's picture: ICC-based, not DeviceRGB
                assert target["/ColorSpace"] != "/DeviceRGB"
    objects = [reader.get_object(number) for number in range(1, int(reader.trailer["/Size"]))]
    assert not [obj for obj in objects if obj is not None and "/DeviceRGB" in repr(obj)]
    image = first_page_image(pdf, tmp_path)
    assert image.getextrema()[0] < 60  # rendered: dark text on the page
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    built = datetime.datetime.fromtimestamp(int(ARTICLE.stat().st_mtime), tz=datetime.UTC)
    assert f"<xmp:CreateDate>{built.isoformat(timespec='seconds')}</xmp:CreateDate>" in xmp  # as built, not now
    again = build(ARTICLE, tmp_path / "again", "pdf", pdf_variant="pdf/x-4", bleed="3mm", marks=True)["pdf"]
    assert again.read_bytes() == raw  # WeasyPrint's random XMP DocumentID and "now", littleCMS's dated sRGB: not here


def test_other_pdf_x_variants_are_refused_with_what_to_ask_for(tmp_path):
    with pytest.raises(PublishError, match="pdf/x-1a is not made here: pdf/x-4 is"):
        build(ARTICLE, tmp_path, "pdf", pdf_variant="pdf/x-1a")
    assert not list(tmp_path.glob("**/*.pdf"))


def test_pdf_x_4_without_a_cmyk_profile_says_which_package_has_one(tmp_path, monkeypatch):
    from publish import settings

    monkeypatch.setattr(settings, "CMYK_PROFILES", (tmp_path / "none.icc",))
    with pytest.raises(PublishError, match="libgs-common"):
        build(ARTICLE, tmp_path, "pdf", pdf_variant="pdf/x-4")
    assert not list(tmp_path.glob("**/*.pdf"))


def test_saddle_stitch_order():
    assert saddle_stitch_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert saddle_stitch_order(5) == [(None, 1), (2, None), (None, 3), (4, 5)]
    assert saddle_stitch_order(4) == [(4, 1), (2, 3)]


@pytest.mark.parametrize("for_the_shop", [{}, {"bleed": "3mm", "marks": True}])
def test_booklet_of_the_sample_has_its_pages_in_saddle_stitch_order(tmp_path, for_the_shop):
    """Also from a PDF made for a print shop: its pages placed by their trim boxes, on A4."""
    built = build(SAMPLE, tmp_path, "pdf", booklet=True, **for_the_shop)
    pages = PdfReader(built["pdf"]).pages
    sheets = PdfReader(tmp_path / "kazakhstan-2022.booklet.pdf").pages
    assert len(sheets) == -(-len(pages) // 4) * 2
    width = float(pages[0].mediabox.width)
    # A5 pages on A4 landscape, exactly 297 × 210 mm (two A5 pages are 296 mm wide), centred
    assert float(sheets[0].mediabox.width) == pytest.approx(297 * MM, abs=0.01)
    assert float(sheets[0].mediabox.height) == pytest.approx(210 * MM, abs=0.01)
    width = float(sheets[0].mediabox.width) / 2  # the fold
    first_words = [page.extract_text().split()[0] for page in pages]
    for sheet, (left, right) in zip(sheets, saddle_stitch_order(len(pages)), strict=True):
        halves: dict[str, list[str]] = {"left": [], "right": []}

        def visit(text, cm, tm, font, size, halves=halves):
            if text.strip():
                halves["left" if page_x(cm, tm) < width else "right"].append(text)

        sheet.extract_text(visitor_text=visit)
        for side, number in (("left", left), ("right", right)):
            text = "".join(halves[side]).split()
            if number is None:
                assert text == []
            else:
                assert text and text[0] == first_words[number - 1], (side, number)


def hyphenation_of_line_ends(pdf) -> tuple[int, int]:
    """(the longest run of lines ending in a soft-hyphen break, pages whose text ends in one)."""
    source = SAMPLE.read_text(encoding="utf-8")
    meta = read_source(SAMPLE).metadata
    heads = {meta.publisher, meta.title}
    longest = page_ends = 0
    for page in pdf_pages(pdf):
        lines = [line.replace("\u00a0", " ").rstrip() for line in page.splitlines() if line.strip()]
        body = [line for line in lines if not line.strip().isdigit() and line.strip() not in heads]
        run = 0
        for index, line in enumerate(body):
            broken = re.search(r"(\w+)-$", line)
            following = re.match(r"\w+", body[index + 1].strip()) if index + 1 < len(body) else None
            compound = broken and following and f"{broken.group(1)}-{following.group()}" in source
            run = run + 1 if broken and not compound else 0
            longest = max(longest, run)
        if body and re.search(r"\w-$", body[-1]):
            page_ends += 1
    return longest, page_ends


def test_at_most_three_hyphenated_line_ends_in_a_row(sample_build):
    """Two as a rule; three only in a paragraph that has no other way within the spacing (the
    sample has two such paragraphs; see test_compose)."""
    assert hyphenation_of_line_ends(sample_build["pdf"])[0] <= 3


def test_pdf_variants_pass_through_to_weasyprint(tmp_path):
    pdf = build(ARTICLE, tmp_path, "pdf", pdf_variant="pdf/a-3b")["pdf"]
    metadata = PdfReader(pdf).trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3" pdfaid:conformance="B"' in metadata


def test_a_short_text_has_no_contents_pointing_from_page_one_to_page_one(tmp_path):
    source = tmp_path / "short.md"
    source.write_text("---\ntitle: Коротко\nlang: ru\n---\n\n## Первое\n\nТекст.\n\n## Второе\n\nЕщё текст.\n")
    pdf = build(source, tmp_path / "out", "pdf")["pdf"]
    assert "Содержание" not in PdfReader(pdf).pages[0].extract_text()
    assert len(PdfReader(pdf).outline) >= 2  # the bookmarks still name the parts


def test_lists_keep_their_markers_and_the_paragraph_after_a_list_is_indented(tmp_path):
    from pdflines import printed_lines

    source = tmp_path / "lists.txt"
    source.write_text(
        "Издательство\n\n2024\nСписки как написано\n\nВводный абзац.\n\n"
        "Требования стачечного комитета:\n1) повышение заработной платы на треть;\n"
        "2) возвращение уволенных товарищей;\n3) признание независимого профсоюза.\n\n"
        "Варианты ответа:\nа) согласиться с требованиями;\nб) отказаться от переговоров.\n\n"
        "После списков идёт новый абзац, и он начинается с отступа, как положено.\n",
        encoding="utf-8",
    )
    editions = build(source, tmp_path / "out", "pdf", "fb2")
    lines = {line.text.split()[0]: line for line in printed_lines(editions["pdf"])}
    assert "1)" in lines and "3)" in lines and "1." not in lines  # "1)" as written, not "1."
    assert "а)" in lines and "•" not in lines  # the letters the source gave, and no bullet beside them
    flush = lines["Требования"].left  # after the lead: no indent
    assert lines["Варианты"].left > flush + 5 and lines["После"].left > flush + 5  # after a list: indented
    fb2 = editions["fb2"].read_text(encoding="utf-8")
    assert "<p>1) повышение" in fb2.replace("\u00a0", " ") and "• а)" not in fb2


_DEMANDS = (
    "# Вимоги страйкового комітету\n\nКомітет висуває адміністрації шахти такі вимоги:\n\n"
    "а) підвищити тарифні ставки всім працівникам підземних дільниць щонайменше на тридцять відсотків "
    "з першого числа наступного місяця, а борги із зарплати виплатити повністю протягом тижня;\n\n"
    "б) відновити на роботі всіх звільнених за участь у страйку;\n\nв) укласти новий колективний договір.\n\n"
    "Порядок переговорів:\n\ni. Комітет передає вимоги письмово.\n\nii. Адміністрація відповідає.\n\n"
    "iii. Якщо відповіді немає, збори трудового колективу вирішують, чи розширювати страйк на інші "
    "шахти об'єднання, і про це повідомляють усі профспілки регіону.\n"
)


def test_a_list_s_own_labels_hang_where_numbers_would(tmp_path):
    """Items that carry their own labels ("а)", "iii.") were set with the label as the text's
    first word: the item's second line ran back under the label. Now the label hangs, right
    against the text, and every line of the item starts where its first line's text does."""
    from pdflines import printed_lines

    source = tmp_path / "demands.md"
    source.write_text(_DEMANDS, encoding="utf-8")
    lines = printed_lines(build(source, tmp_path / "out", "pdf")["pdf"])
    texts = [line.text for line in lines]
    for label in ("а)", "iii."):
        at = next(i for i, text in enumerate(texts) if text.startswith(label + " "))
        first, second = lines[at], lines[at + 1]
        assert first.words[0].right < first.words[1].left  # the label before its text…
        assert abs(second.left - first.words[1].left) < 0.5  # …and the next line under the text
    assert abs(lines[texts.index("в) укласти новий колективний договір.")].words[1].left - first.words[1].left) > 5


def test_a_paragraph_that_opens_a_table_or_a_list_with_a_colon_is_not_left_behind(tmp_path):
    """ "…the figures were these:" at the foot of a page, its table on the next: a line that
    announces what follows goes over with it (the paragraph's last two lines at least)."""
    parts = []
    for number in range(1, 31):  # (at these many offsets from a page's foot, one table went over alone)
        text = " ".join(["Текст перед таблицей, который занимает место на странице."] * (number % 9 + 1))
        if number % 2:
            follows = "| Район | Шахт |\n|:--|--:|\n" + "".join(f"| Район {number} {x} | {ord(x)} |\n" for x in "абвгд")
        else:
            follows = "".join(f"- Район {number} {x}, где бастовали все шахты без исключения;\n" for x in "абвгд")
        parts.append(f"{text} Итак, {number}:\n\n{follows}")
    source = tmp_path / "lead-ins.md"
    source.write_text("# Таблицы\n\n" + "\n".join(parts), encoding="utf-8")
    html = build(source, tmp_path / "out", "html")["html"].read_text(encoding="utf-8")
    assert html.count('class="lead-in"') == 30
    pages = pdf_pages(build(source, tmp_path / "out", "pdf")["pdf"])
    for number in range(1, 31):
        page = next(page for page in pages if re.search(rf"(?<!\d){number}:", page))
        assert re.search(rf"Район\s{number}\sа", page), (number, page)
