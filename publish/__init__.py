"""publish: turns a folder of source texts into EPUB, print PDF and HTML editions."""

__version__ = "0.1.0"
