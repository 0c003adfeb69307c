"""The names of the editions and of their options, for the command line and the settings.

Constants only, importing nothing: `publish --version` or `--help` must not load the pipeline
to learn what it may be asked."""

from __future__ import annotations

FORMATS = ("epub", "pdf", "html", "fb2", "fb2.zip", "kepub")  # fb2.zip: the FB2, zipped as libraries keep it
SUFFIXES = {"kepub": "kepub.epub"}  # a file's suffix where it is not the format's name (Kobo wants .kepub.epub)
DEFAULT_FORMATS = ("epub", "pdf")
DEFAULT_THEME = "classic"
PAGE_SIZES = ("A4", "A5", "A6", "letter")
# WeasyPrint's PDF variants (weasyprint.pdf.VARIANTS), named here so the CLI need not import it.
PDF_VARIANTS = (
    "none",
    *("pdf/a-1b", "pdf/a-2b", "pdf/a-3b", "pdf/a-2u", "pdf/a-3u", "pdf/a-4u", "pdf/a-1a", "pdf/a-2a", "pdf/a-3a"),
    *("pdf/a-4e", "pdf/a-4f", "pdf/ua-1", "pdf/ua-2", "pdf/x-1a", "pdf/x-3", "pdf/x-4", "pdf/x-5g"),
)


COLLECTION_SUFFIX = ".book.toml"  # a journal issue or anthology: see publish.collection


def edition_name(source_name: str) -> str:
    """The name a source's editions take: its own without the suffix (`issue-5.book.toml`
    and `issue-5.md` both make `issue-5.epub`)."""
    if source_name.lower().endswith(COLLECTION_SUFFIX):
        return source_name[: -len(COLLECTION_SUFFIX)]
    return source_name.rsplit(".", 1)[0] if "." in source_name.lstrip(".") else source_name
