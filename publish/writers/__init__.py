"""Writers: package the rendered HTML into editions (EPUB, PDF, standalone HTML)."""
