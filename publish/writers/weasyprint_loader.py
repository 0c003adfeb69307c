"""WeasyPrint, imported without a fifth of a second of looking for libraries by other names.

WeasyPrint loads GObject, Pango, HarfBuzz and fontconfig by trying each one's Windows, Linux
and macOS names in turn, and cffi asks `ctypes.util.find_library` about every name it cannot
open as it stands. On Linux each name that is not there costs ldconfig, gcc and ld run one
after the other (10–14 ms); an import tries 16 such names, 190 ms of the 490 the import
takes, paid again by every build's process. While WeasyPrint is imported here, a name is
looked up in the dynamic linker's cache alone (`ldconfig -p`, through ctypes' own helper);
a miss costs nothing more, and each library's Linux file name (`libpango-1.0.so.0`), which
is among the names tried, is opened by the dynamic linker directly as before. If WeasyPrint
cannot load a library that way, it is imported again with `find_library` as it is, which
also searches gcc's and ld's paths.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import io
import sys
from collections.abc import Callable, Iterator
from types import ModuleType


def import_weasyprint() -> ModuleType:
    """The `weasyprint` package, loaded the quick way where it can be."""
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    in_linker_cache = _linker_cache_lookup()
    if in_linker_cache is not None:
        try:
            with _finding_libraries_with(in_linker_cache), contextlib.redirect_stdout(io.StringIO()):
                import weasyprint  # noqa: F401 (loaded for sys.modules)
        except OSError:  # a library outside the linker's cache: forget the half-made import
            for name in [name for name in sys.modules if name == "weasyprint" or name.startswith("weasyprint.")]:
                del sys.modules[name]
    import weasyprint

    return weasyprint


def _linker_cache_lookup() -> Callable[[str], str | None] | None:
    """ctypes' own search of `ldconfig -p` (glibc Linux), or None where it has none."""
    if not sys.platform.startswith("linux"):
        return None  # find_library is quick elsewhere (no compiler runs)
    return getattr(ctypes.util, "_findSoname_ldconfig", None)


@contextlib.contextmanager
def _finding_libraries_with(lookup: Callable[[str], str | None]) -> Iterator[None]:
    original = ctypes.util.find_library
    ctypes.util.find_library = lookup  # type: ignore[assignment]
    try:
        yield
    finally:
        ctypes.util.find_library = original
