"""Titles as word processors write them into web pages, made the page's title.

Google Docs' page export writes the Title paragraph as `<p class="c3 title" id="h.…">` and the
Subtitle as `<p class="… subtitle" id="h.…">`, and names the page (`<title>`) by the file's
name in Drive ("Untitled document"); Word's "Save as Web Page" writes `<p class=MsoTitle>` and
`<p class=MsoSubtitle>`. Read as they are, the title is a paragraph of the text and the book is
named after the file. So, before the page is read, the first such Title paragraph becomes the
page's `<h1>` and its name, with the Subtitle under it in one `<hgroup>`.
"""

from __future__ import annotations

from lxml import etree

from publish.text import one_line


def titles_as_titles(page: etree._Element) -> None:
    """The word processor's Title paragraph in `page` made its title (`page` is changed)."""
    title = next((p for p in page.iter("p") if _styled(p, "title") and one_line(p.text_content())), None)
    if title is None:
        return
    title.tag = "h1"
    following = title.getnext()
    if following is not None and following.tag == "p" and _styled(following, "subtitle"):
        group = etree.Element("hgroup")
        title.addprevious(group)
        group.extend([title, following])  # (moves both; their tails with them)
    head = page.find("head")
    if head is not None:
        named = head.find("title")
        if named is None:
            named = etree.SubElement(head, "title")
        named.text = one_line(title.text_content())


def _styled(paragraph: etree._Element, style: str) -> bool:
    """Whether `paragraph` is in the word processor's `style` ("title", "subtitle"): Word's
    `Mso` class of that name, or Google Docs' class beside its heading id `h.…`."""
    classes = (paragraph.get("class") or "").lower().split()
    word = f"mso{style}" in classes
    docs = style in classes and (paragraph.get("id") or "").startswith("h.")
    return word or docs
