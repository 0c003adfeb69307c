"""The one error type a user ever sees: what went wrong, in which file, on which line."""

from __future__ import annotations

import re
from pathlib import Path

# C0 and C1 controls (DEL too) but line feeds and tabs: what a terminal would act on
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def shown(text: str) -> str:
    """`text` safe to print on a terminal: control characters (an escape sequence in a file
    name from someone's repository could retitle the window or rewrite the screen) are
    written as escapes, `\\x1b`."""
    return _CONTROLS.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


class PublishError(Exception):
    """A problem with the user's input that stops one source from building.

    The CLI prints it as ``error: path:line: message`` and moves on to the next source;
    anything else that escapes is a bug in publish and shows a traceback under --debug.
    """

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return where + self.message


class SettingsError(PublishError):
    """A setting (a command-line option or a key of publish.toml) that cannot work: found
    before any source is read, and the command exits with 2, as for a mistyped option."""
