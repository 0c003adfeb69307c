"""What of a web page is its article, as a reader mode finds it.

The element that holds the story (`article_of`, `story`), the parts of the site inside it
(`site_parts`: share bars, related stories, other stories' cards, comments, hidden parts),
the lines about the story rather than of it (`title_block`: a subtitle, a byline, a credit
line), and, among the blocks read, the story's title heading under the site's lines
(`title_heading`) and a heading that only echoes the paragraph under it. Measured on
Mozilla Readability's test pages: bench/corpus.py.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from lxml import etree

from publish.model import Block, Heading, Image, Lead, ListBlock, Paragraph, Rule, plain_text, walk_blocks
from publish.readers.metadata import iso_date
from publish.text import one_line

# Elements that are never the text: what runs, loads, asks or leads elsewhere (the reader skips them too).
DROPPED = {
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "form",
    "input",
    "button",
    "select",
    "textarea",
    "nav",
    "aside",
    "svg",
    "canvas",
    "video",
    "audio",
    "map",
    "dialog",
    "head",
    "link",
    "meta",
    "base",
    "footer",
}  # fmt: skip  (an article's own footer: tags, share buttons, "more from the author")

# A class naming a line of a story's header, as the last word of its name ("post_datetimes").
# The same, said by ARIA roles: what the page marks as its site's landmarks and controls.
DROPPED_ROLES = {
    "button", "navigation", "search", "banner", "contentinfo", "complementary", "menu", "menubar", "toolbar",
    "dialog", "alertdialog", "tooltip",
}  # fmt: skip


# A chart's labels, set over its picture at measured places (ai2html, news sites' charting
# tool): "$915", "billion", "600" read as a line of the text without the picture under them.
_LABELS_OVER_PICTURE = re.compile(r"(?:^|\s)g-aiAbs(?:$|\s)")


def dropped(element: etree._Element) -> bool:
    """Whether `element` is never the text, by its tag, its role, or as a chart's labels."""
    role = (element.get("role") or "").strip().lower()
    return (
        element.tag in DROPPED
        and not (element.tag == "aside" and role == "note")  # (the text's own aside: a sidebar, as ours are marked)
        or role in DROPPED_ROLES
        or bool(_LABELS_OVER_PICTURE.search(element.get("class") or ""))
        or element.tag == "div"
        and element.get("title") in ("header", "footer")  # (LibreOffice's page header, footer)
    )


_TITLE_BLOCK_CLASS = re.compile(r"(?:^|[-_])(subtitle|author|byline|dateline|date|datetime|publisher)s?$")


def _title_block_kind(element: etree._Element) -> str | None:
    """Which line of a story's header `element` is by its class: "subtitle", "author", "date"…"""
    if not isinstance(element.tag, str):
        return None
    for name in (element.get("class") or "").lower().split():
        found = _TITLE_BLOCK_CLASS.search(name)
        if found:
            return "date" if found[1] == "datetime" else found[1]
    return None


# A class or id that names notes (Word's, LibreOffice's, Pandoc's pages): they are the text's.
NOTES_CLASS = re.compile(r"\b(?:foot|end)?notes?\b|footnote|endnote|sdfootnote|sdendnote|\b_?(?:ftn|edn)\d*\b", re.I)


def text_length(element: etree._Element) -> int:
    return len(one_line(element.text_content()))


def prose(element: etree._Element) -> int:
    """How much prose `element` holds: the characters of its paragraphs that are not link text
    (a teaser card is a headline link and a line; an article, paragraphs)."""
    paragraphs = [element] if element.tag == "p" else list(element.iter("p"))
    total = 0
    for paragraph in paragraphs:
        text = len(one_line(paragraph.text_content()))
        linked = sum(len(one_line(link.text_content())) for link in paragraph.iter("a"))
        total += max(text - linked, 0)
    return total


# The phrasing elements whose words are a `<div>`'s own (a blog post of line breaks); any other
# child is a block of its own, whose prose scores itself (a `<header>` holding a whole page is not
# its parent's line).
_PHRASING = {
    "span", "b", "i", "em", "strong", "u", "s", "small", "big", "font", "sub", "sup", "code", "abbr",
    "cite", "q", "mark", "time", "br", "label", "tt", "var", "kbd", "samp", "dfn", "bdi", "bdo", "ins",
    "del", "strike", "data", "ruby",
}  # fmt: skip


def story(body: etree._Element) -> etree._Element:
    """The element holding the page's one story, as reader modes find it: each paragraph's
    prose (a `<p>`'s, or the text a `<div>` holds between its blocks: a blog post of line
    breaks) scores its parent, half as much its grandparent; the best scored, widened to an
    ancestor up to five levels above that holds a quarter more prose (a story cut into
    sections)."""
    scores: dict[etree._Element, float] = {}
    for paragraph in body.iter("p", "div", "td"):
        words = prose(paragraph) if paragraph.tag == "p" else _own_prose(paragraph)
        parent = paragraph.getparent() if paragraph.tag == "p" else paragraph
        if parent is None or words < 25:
            continue
        scores[parent] = scores.get(parent, 0.0) + words
        grandparent = parent.getparent()
        if grandparent is not None:
            scores[grandparent] = scores.get(grandparent, 0.0) + words / 2
    if not scores:
        return body
    best = max(scores, key=scores.__getitem__)
    held = _story_prose(best)
    for ancestor in list(best.iterancestors())[:5]:
        if ancestor is body:
            break
        more = _story_prose(ancestor)
        if more * 4 >= held * 5:
            best, held = ancestor, more
    return best


def _story_prose(element: etree._Element) -> int:
    return prose(element) + sum(_own_prose(each) for each in element.iter("div", "td"))


def _own_prose(element: etree._Element) -> int:
    """The characters of text `element` holds itself, between its blocks and not in links."""
    total = len((element.text or "").strip())
    for child in element:
        if child.tag in _PHRASING:
            total += len(one_line(child.text_content()))
        total += len((child.tail or "").strip())
    return total


def without_echoing_headings(blocks: list[Block]) -> list[Block]:
    """`blocks` without a heading whose words are the paragraph's under it (a site's teaser
    of its own first paragraph, set as a heading over it)."""
    kept: list[Block] = []
    for index, block in enumerate(blocks):
        after = blocks[index + 1] if index + 1 < len(blocks) else None
        if (
            isinstance(block, Heading)
            and isinstance(after, Paragraph | Lead)
            and _title_words(plain_text(block.children)) == _title_words(plain_text(after.children))
        ):
            continue
        kept.append(block)
    return kept


MAX_TITLE = 200  # the longest lone <h1> that is a title, in characters (a longer one is a caption set big)
MAX_ABOVE_TITLE = 12  # the most site lines (kicker, breadcrumbs, date, "5 min read") above a story's title


def title_heading(blocks: list[Block], page_title: str, lone_h1: bool = True) -> int | None:
    """Where the story's title heading stands in `blocks`: a lone <h1>, or a heading saying
    what the page's <title> (or og:title) says, opening the text — or opening it after no more
    than a few short lines of the site's (a kicker, breadcrumbs, a date, a login link), which
    go with it; pictures above it stay. (`lone_h1` False: the title is known, from an EPUB's
    package; a lone <h1> saying something else is a heading of the text.)"""
    top = [
        index
        for index, block in enumerate(blocks)
        if isinstance(block, Heading) and block.level == 1 and len(plain_text(block.children)) <= MAX_TITLE
    ]
    said = _title_words(page_title)
    named = [
        index
        for index, block in enumerate(blocks[: MAX_ABOVE_TITLE + 1])
        if isinstance(block, Heading) and said and _title_words(plain_text(block.children)) == said
    ]
    for index in (*top[:1], *named[:1]) if len(top) == 1 and lone_h1 else named[:1]:
        if index <= MAX_ABOVE_TITLE and all(_site_line(block) for block in blocks[:index]):
            return index
    return None


def page_title(named: list[str], headings: list[str]) -> str:
    """The page's title among what it names itself (og:title, then <title>): the first a
    heading of the page says, whole or before the site's name ("Title | Site"), as the
    heading says it; else the first. (A site may give og:title its own name on every page.)"""
    for name in named:
        said = _title_words(name)
        for heading in headings:
            words = _title_words(heading)
            if words and (said == words or len(words) >= 3 and said[: len(words)] == words):
                return heading
    return next((name for name in named if name), "")


def _title_words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _site_line(block: Block) -> bool:
    """Whether a block above a story's title is the site's: a picture, a rule, or a short
    line (under a hundred characters; a list of a few such words)."""
    if isinstance(block, Image | Rule):
        return True
    if isinstance(block, ListBlock):
        words = sum(len(plain_text(b.children)) for b in walk_blocks((block,)) if isinstance(b, Paragraph))
        return words < 100
    return isinstance(block, Paragraph | Heading) and len(plain_text(block.children)) < 100


def title_block(article: etree._Element) -> dict[etree._Element, str]:
    """The lines under an article's title that are about it, not of it: a subtitle, the
    author, the date (Pandoc's title block, a blog's byline), each with what it is."""
    found: dict[etree._Element, str] = {}
    for group in article.iter("hgroup"):
        parts = [child for child in group if isinstance(child.tag, str) and text_length(child)]
        heading = next((index for index, part in enumerate(parts) if part.tag in ("h1", *_HEADINGS)), None)
        if heading is not None and heading + 1 < len(parts):
            found[parts[heading + 1]] = "subtitle"
    for header in article.iter("header"):
        for element in header.iter():
            kind = _title_block_kind(element)
            if kind and element not in found and not any(ancestor in found for ancestor in element.iterancestors()):
                found[element] = kind
    if not any(kind in ("author", "byline") for kind in found.values()):
        marked = article.xpath(".//*[(@rel or @itemprop or @class or @id) and not(ancestor-or-self::math)]")
        # (in C, formulas' elements not visited: a textbook's are 250 000)
        credit = next((element for element in marked if _is_credit(element)), None)
        if credit is not None and credit is not article:
            found[credit] = "credit"  # (left out of the text; not an author's name: "Posted on 21 April")
    return found


_CREDIT = re.compile(r"byline|author|dateline|writtenby|p-author", re.I)
_CREDIT_WORDS = re.compile(r"(?i)(?<!\w)(?:by|posted|published|on|автор|авторы|от|опубликовано)(?!\w)|[,|·•/—–:]")


def only_credit(text: str, authors: Collection[str], date: str) -> bool:
    """Whether a short line under a story's title says only who wrote it and when ("Иван
    Петров, 20 ноября 2026", "By Jane Doe | March 3, 2024"): the title block shows both
    already, from the page's own metadata, and a reader mode leaves the line out."""
    if not text.strip() or len(text) > 120:
        return False
    rest, named = f" {text} ", False
    for author in (author for author in authors if author.strip()):
        named = named or author.lower() in rest.lower()
        rest = re.sub(re.escape(author), " ", rest, flags=re.I)
    rest = " ".join(_CREDIT_WORDS.sub(" ", rest).split())
    if not rest:
        return named
    found = iso_date(rest)
    return bool(found) and (named or bool(date) and found == date[: len(found)])


def _is_credit(element: etree._Element) -> bool:
    """Whether `element` is a story's credit line, as reader modes know one: marked as the
    author's (`rel`, `itemprop`) or named a byline or dateline by its class or id, and short
    (under a hundred characters: a longer one is an author's note, which is the text's)."""
    if not isinstance(element.tag, str) or element.tag in ("html", "body", "article", "main"):
        return False
    marked = element.get("rel") == "author" or "author" in (element.get("itemprop") or "")
    named = _CREDIT.search(f"{element.get('class') or ''} {element.get('id') or ''}")
    return bool(marked or named) and 0 < _text_up_to(element, 100) < 100


def _text_up_to(element: etree._Element, most: int) -> int:
    """The characters of `element`'s text (spaces run together), counted no further than
    `most`: a credit line is short, and a page of nested bylines is not read over and over."""
    total = 0
    for piece in element.itertext():
        total += len(" ".join(piece.split()))
        if total >= most:
            break
    return total


_CONTAINERS = ("div", "section", "ul", "ol", "table", "span", "p", "a", "figure", "header", "dl", "center")


# Class and id words that name a site's parts, and those that name a text's (which win).
_SITE = re.compile(
    r"(?:^|[\s_-])(?:share\w*|sharing|social\w*|related\w*|recommend(?:ed|ations)?|comments?|comentarios|commentaires|kommentare|disqus|sidebar|newsletter"
    r"|subscribe|subscription|signup|promo|promoted|sponsor(?:ed)?|advert(?:isement)?|ads?|banner|breadcrumbs?"
    r"|popup|modal|cookies?|gdpr|outbrain|taboola|skip|menu|masthead|pagination|pager|rss|toolbar|tools"
    r"|(?:author|user)-bio|more-stories|most-popular|trending|footer|navigation|video|player|vjs|gallery|carousel|slideshow"
    r"|print|jump|actions|kudos|editsection)(?:$|[\s_-])",
    re.I,
)


_HEADINGS = ("h2", "h3", "h4", "h5", "h6")


# A heading over a list of other stories: "Related", "More from…", "Read also", "Читайте также"
_OTHER_STORIES = re.compile(
    r"related|\bmore\b|\balso\b|recommend|popular|trending|latest|\bnext\b|see also|you (?:may|might)"
    r"|читайте|ещё|еще|по теме|похож|популярн|другие|рекоменд|чит(?:ать|айте) также",
    re.I,
)


_TEXT_NAMED = re.compile(r"(?:^|[\s_-])(?:article|body|content|entry|main|post|story|text|caption)s?(?:$|[\s_-])", re.I)


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _hidden(element: etree._Element) -> bool:
    """Whether the page hides `element` (a formula's MathML hidden behind its picture, as
    Wikipedia serves it, is the formula all the same)."""
    hidden = (
        element.get("hidden") is not None
        or element.get("aria-hidden") == "true"
        or bool(_HIDDEN_STYLE.search(element.get("style") or ""))
    )
    return hidden and element.find(".//math") is None


def _site_named(element: etree._Element) -> bool:
    """Whether `element`'s class or id names it a part of the site, not of the text."""
    if element.tag == "p":
        return False  # (a paragraph is the text's, whatever its class)
    identifier = element.get("id") or ""
    if len(re.split(r"[-_]", identifier)) > 3:
        identifier = ""  # (a heading's slug, "sharing-with-a-single-developer", names no part)
    return any(
        _SITE.search(names) and not _TEXT_NAMED.search(names) and not NOTES_CLASS.search(names)
        for names in (f"{element.get('class') or ''} {identifier}", identifier)
    )  # (its id alone may say it: `<section id="comments" class="comments-article">`)


MIN_STORY = 500  # the prose, in characters, that makes a story beside a list of others' cards


def _story_cards(element: etree._Element) -> bool:
    """A list or block of other stories as cards: three items or more, most of them a short
    block (under 600 characters) headed by a linked headline, with a picture, a summary, a
    source. A story's own sections are longer, and their headings, when linked, link within
    the page (a permalink's ¶). (A page that is only such lists, a front page, keeps them:
    see `_site_parts`.)"""
    if element.tag not in ("ul", "ol", "div", "section"):
        return False
    items = [child for child in element if isinstance(child.tag, str) and not _site_named(child)][:50]
    cards = sum(_is_card(item) for item in items)
    return cards >= 3 and cards * 2 >= len(items)


def _is_card(item: etree._Element) -> bool:
    heading = _heading_within(item, 3)
    if heading is None or _text_up_to(item, 600) >= 600:
        return False
    words = len(one_line(heading.text_content()))
    if words and any(_leads_away(link) for link in heading.iterancestors("a")):
        return True  # (the whole card a link, its headline inside)
    links = (a for a in heading.iter("a") if _leads_away(a))
    return words > 0 and sum(len(one_line(a.text_content())) for a in links) * 2 > words


def _leads_away(link: etree._Element) -> bool:
    return not (link.get("href") or "").startswith("#")


def _heading_within(element: etree._Element, levels: int) -> etree._Element | None:
    """The first heading (h2–h6) `element` is or holds no more than `levels` elements down."""
    layer = [element]
    for _ in range(levels + 1):
        found = next((each for each in layer if each.tag in _HEADINGS), None)
        if found is not None:
            return found
        layer = [child for each in layer for child in each if isinstance(child.tag, str)][:200]
    return None


def _link_list(element: etree._Element) -> bool:
    """A block of three links or more, mostly links with little prose of its own: other
    stories, tags. Not a list the story gives a heading of its own ("New contributors"), as
    a report of work done or a reading list does ("Related stories" and kin are the site's),
    nor a list inside a list's item."""
    if element.tag not in ("div", "section", "ul", "ol", "table"):
        return False
    parent = element.getparent()
    if element.tag in ("ul", "ol") and parent is not None and parent.tag == "li":
        return False  # (a list in an item whose list is not one of links: the item's own, "In progress:")
    heading = element.getprevious()
    if heading is not None and heading.tag in _HEADINGS and not _OTHER_STORIES.search(one_line(heading.text_content())):
        return False
    links = list(element.iter("a"))
    if len(links) < 3:
        return False  # (one linked card or button is not a list)
    text = text_length(element)
    linked = sum(text_length(link) for link in links)
    return text > 0 and linked * 2 > text and text - linked < 200


def article_of(page: etree._Element) -> etree._Element:
    """The element that holds the page's text: its `<article>` with the most prose (text
    of paragraphs, not of links), or `<main>`, when it holds at least half the page's prose;
    else — every article a teaser card, the story in a `<div>` — the element whose
    paragraphs hold the most prose, as reader modes find it, or the `<article>` holding it
    (its pictures and captions beside the paragraphs); a page that marks no article too,
    where that element holds two fifths of the prose, else the whole page."""
    body = next(iter(page.xpath("//body")), page)
    whole = prose(body)
    marked = False
    for path in ("//article", "//main", "//*[@role='main']"):
        found = page.xpath(path)
        marked = marked or bool(found)
        if found:
            best = max(found, key=prose)
            if whole == 0 or prose(best) * 2 >= whole:
                return best
    if not marked and _a_document(body):
        return body  # a document saved as a page (LibreOffice's): no site around its text
    best = story(body)
    holder = next(best.iterancestors("article"), None)
    if holder is not None:
        return holder  # (the story's own article: its title, pictures and captions beside the paragraphs)
    if not marked and prose(best) * 5 < whole * 2:
        return body  # a page that marks no article and has no one story: all of it
    return best


_LANDMARKS = {"nav", "aside", "footer", "header", "form", "iframe", "button", "input", "select", "menu"}
_TEXT_BLOCKS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "dl", "table", "blockquote", "pre", "hr", "figure",
    "address", "center", "br",
}  # fmt: skip


def _a_document(body: etree._Element) -> bool:
    """Whether a page is a document saved as one: inside its wrappers, only headings,
    paragraphs, lists, tables and the like, and nothing only a site has."""
    holder = body
    while len(holder) == 1 and holder[0].tag in ("div", "section"):
        holder = holder[0]
    blocks = all(
        not isinstance(child.tag, str) or child.tag in _TEXT_BLOCKS or _title_block(child) or dropped(child)
        for child in holder
    )
    return blocks and not any(_the_site_s(element) for element in holder.iter(etree.Element))


def _title_block(element: etree._Element) -> bool:
    """A `<header>` with no links in it: a document's title block (Pandoc's), not a site's."""
    return element.tag == "header" and element.find(".//a") is None


def _the_site_s(element: etree._Element) -> bool:
    """Whether `element` is a part only a site has (a landmark, a control, a part named so, a
    block of links): a page with none is a document, all of it its text."""
    role = (element.get("role") or "").strip().lower()
    return (
        element.tag in _LANDMARKS
        and not _title_block(element)
        or role in DROPPED_ROLES
        or (element.tag in _CONTAINERS and (_site_named(element) or _link_list(element)))
    )


def site_parts(article: etree._Element, note_elements: Collection[etree._Element]) -> set[etree._Element]:
    """What of the site stands inside the text's container, as a reader mode leaves it out:
    what is hidden (`hidden`, `display: none`), what its class or id names as the site's
    (share bars, related stories, comments, newsletters, ads) and not as the text's, and
    blocks of links with little prose among them (a list of other stories, a tag cloud). A
    part that holds notes, or the story's paragraphs (see `story`), is the text's."""
    told = story(article)  # (what holds the story's paragraphs, and what holds it, is the text's)
    holding = {told, *told.iterancestors()}

    noted = {ancestor for element in note_elements for ancestor in element.iterancestors()}
    parts: set[etree._Element] = set()
    cards: set[etree._Element] = set()  # lists of other stories' cards
    for element in article.iter(*_CONTAINERS):
        if element is article or element in noted or element in note_elements:
            continue
        if any(ancestor in parts for ancestor in element.iterancestors()):
            continue
        if _hidden(element) or (_site_named(element) and element not in holding):
            parts.add(element)
        elif _link_list(element) or _story_cards(element):
            (parts if _link_list(element) else cards).add(element)
            heading = element.getprevious()
            if heading is not None and heading.tag in _HEADINGS:  # ("Related stories": no longer heading anything)
                parts.add(heading)
    left = prose(article) - sum(prose(part) for part in parts | cards)
    front_page = told.tag in ("ul", "ol") and told not in cards  # (its story a list of stories)
    if left >= MIN_STORY and not front_page:  # (else the cards are what the page has to read)
        parts |= cards
    return parts
