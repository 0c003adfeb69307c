"""The URLs inside a stylesheet: each one is asked about, with the file and line it is on.

A theme or a user's stylesheet may point at images or fonts beside it; it may also, copied
from the web, point at the network or outside the project. Every `url(…)` is handed to a
policy that answers with the URL to write instead, or None to refuse it (the reference
becomes `none`, which CSS ignores). `@import` is never followed: a stylesheet is one file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Protocol


class UrlPolicy(Protocol):
    def __call__(self, url: str, stylesheet: Path, line: int) -> str | None:
        """The URL to write for `url` (on `line` of `stylesheet`), or None to refuse it."""

    def warn(self, origin: str, message: str) -> None:
        """Tell the user something about a reference (once, however many editions ask)."""


_REFERENCE = re.compile(
    r"""(?P<import>@import\b[^;]*;?)|url\(\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^)\s]*))\s*\)""",
    re.IGNORECASE,
)
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def rewrite_urls(css: str, path: Path, policy: UrlPolicy) -> str:
    css = _COMMENT.sub(lambda match: "\n" * match.group().count("\n"), css)  # keeps line numbers

    def line_of(position: int) -> int:
        return css.count("\n", 0, position) + 1

    def replace(match: re.Match[str]) -> str:
        line = line_of(match.start())
        if match.group("import"):
            policy.warn(f"{path}:{line}", "@import is not followed (put the rules in this stylesheet)")
            return ""
        url = (match.group("double") or match.group("single") or match.group("bare") or "").strip()
        if not url:
            return "none"
        rewritten = policy(url, path, line)
        return f'url("{rewritten}")' if rewritten is not None else "none"

    return _REFERENCE.sub(replace, css)


def css_problems(css: str) -> list[tuple[int, str]]:
    """Syntax problems a reader of the stylesheet should fix, with their lines.

    Browsers and WeasyPrint skip what they cannot parse without a word; a user who wrote
    `color red` deserves to hear which line was ignored.
    """
    import tinycss2

    problems: list[tuple[int, str]] = []

    def check_declarations(content, line: int) -> None:
        for item in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
            if item.type == "error":
                problems.append((item.source_line, "ignored: not a `property: value` declaration"))
            elif item.type == "declaration" and not any(
                token.type not in ("whitespace", "comment") for token in item.value
            ):
                problems.append((item.source_line, f"ignored: {item.name} has no value"))
            elif item.type in ("qualified-rule", "at-rule") and item.content is not None:
                check_rule(item)

    def check_rule(rule) -> None:
        if rule.type == "error":
            reason = "a selector without its { … } block" if "EOF reached" in rule.message else rule.message
            problems.append((rule.source_line, f"ignored: {reason}"))
            return
        if any(token.type == "literal" and token.value == "}" for token in rule.prelude):
            problems.append((rule.source_line, "a } without its {"))
        if rule.content is not None:
            check_declarations(rule.content, rule.source_line)

    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        check_rule(rule)
    return sorted(problems)
