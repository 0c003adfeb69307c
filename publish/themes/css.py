"""Stylesheets read as CSS is read: tokens, not text matched by patterns.

A theme or a user's stylesheet may point at images or fonts beside it; it may also, copied
from the web or written by someone hostile, point at the network or outside the project, and
CSS has many ways to spell a URL (`url(…)`, `u\\72l(…)`, `url(http\\3A //…)`, `image-set("…")`).
The stylesheet is tokenized (tinycss2, as WeasyPrint does), so escapes are decoded before a
URL is looked at; every URL is handed to a policy that answers with the URL to write instead,
or None to refuse it (the reference becomes `none`, which CSS ignores). `@import` is never
followed: a stylesheet is one file.

Custom properties (`var(--accent-color)`) are resolved here too, rule by rule, because many
e-readers do not understand `var()`: the values the top level's `:root` rules give, and inside
an `@media` block those its own `:root` adds.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import tinycss2
import tinycss2.ast

from publish.text import one_line

# Functions that are a URL: url("…") and CSS Values 4's src("…").
_URL_FUNCTIONS = frozenset({"url", "src"})
# Functions whose string arguments are URLs of images to load.
_IMAGE_FUNCTIONS = frozenset({"image-set", "-webkit-image-set", "cross-fade", "-webkit-cross-fade", "image"})
# At-rules holding rules (the rest hold declarations, and perhaps at-rules of their own).
_RULE_BLOCKS = frozenset({"media", "supports", "document", "-moz-document", "layer", "container", "scope"})
_DEPTH = 10  # custom properties referring to custom properties: this deep at most


class UrlPolicy(Protocol):
    def __call__(self, url: str, stylesheet: Path, line: int) -> str | None:
        """The URL to write for `url` (on `line` of `stylesheet`), or None to refuse it."""

    def warn(self, origin: str, message: str) -> None:
        """Tell the user something about a reference (once, however many editions ask)."""


def parse(css: str) -> list:
    """A stylesheet's rules, comments and white space kept (each step below reads the same
    parse: a stylesheet is tokenized once)."""
    return tinycss2.parse_stylesheet(css)


def rewrite_urls(rules: list, path: Path, policy: UrlPolicy) -> list:
    """The rules with every URL as the policy says, and no @import."""
    kept = []
    for rule in rules:
        if rule.type == "at-rule" and rule.lower_at_keyword == "import":
            policy.warn(f"{path}:{rule.source_line}", "@import is not followed (put the rules in this stylesheet)")
            continue
        if rule.type in ("qualified-rule", "at-rule"):
            _rewrite(rule.prelude, path, policy)
            if rule.content is not None:
                _rewrite(rule.content, path, policy)
        kept.append(rule)
    return kept


def _rewrite(nodes: list, path: Path, policy: UrlPolicy) -> None:
    for index, node in enumerate(nodes):
        if node.type == "url":
            nodes[index] = _reference(node.value, node.source_line, path, policy)
        elif node.type == "function" and node.lower_name in _URL_FUNCTIONS | _IMAGE_FUNCTIONS and _has_var(node):
            # a custom property's value is only known once they are resolved, after this: a URL
            # put together from one would pass unseen, so none is taken
            where = f"{path}:{node.source_line}"
            policy.warn(where, f"var() inside {node.name}() is not followed (write the address itself); not loaded")
            nodes[index] = tinycss2.ast.IdentToken(node.source_line, 0, "none")
        elif node.type == "function" and node.lower_name in _URL_FUNCTIONS:
            strings = [argument.value for argument in node.arguments if argument.type == "string"]
            nodes[index] = _reference(strings[0] if strings else "", node.source_line, path, policy)
        elif node.type == "function" and node.lower_name in _IMAGE_FUNCTIONS:
            for position, argument in enumerate(node.arguments):
                if argument.type == "string":
                    argument = node.arguments[position] = _reference(argument.value, argument.source_line, path, policy)
                if argument.type == "ident" and argument.value == "none":
                    nodes[index] = argument  # an image of which a part is refused: none at all
                    break
            else:
                _rewrite(node.arguments, path, policy)
        elif node.type == "function":
            _rewrite(node.arguments, path, policy)
        elif node.type in ("() block", "[] block", "{} block"):
            _rewrite(node.content, path, policy)


def _has_var(function) -> bool:
    """Whether a function's arguments use var() (at any depth)."""
    return any(node.type == "function" and node.lower_name == "var" for node in _components(function.arguments))


def _components(nodes) -> Iterator:
    """Every component value in `nodes`, and those inside its functions and blocks, in order."""
    for node in nodes or ():
        yield node
        if node.type == "function":
            yield from _components(node.arguments)
        elif node.type in ("() block", "[] block", "{} block"):
            yield from _components(node.content)


def referenced_urls(css: str, stylesheet: bool) -> list[str]:
    """Every URL `css` (a stylesheet, or a declaration or a value) refers to, read as CSS reads
    it (escapes decoded), by the functions the policy above rewrites; an @import as "@import"."""
    rules = parse(css) if stylesheet else tinycss2.parse_component_value_list(css)
    found: list[str] = []
    for rule in rules:
        if rule.type == "at-rule" and rule.lower_at_keyword == "import":
            found.append("@import")
        parts = [rule.prelude, rule.content] if rule.type in ("qualified-rule", "at-rule") else [[rule]]
        for node in (node for part in parts for node in _components(part)):
            if node.type == "url":
                found.append(node.value)
            elif node.type == "function" and node.lower_name in _URL_FUNCTIONS | _IMAGE_FUNCTIONS:
                strings = [argument.value for argument in node.arguments if argument.type == "string"]
                found.extend(strings or ([""] if node.lower_name in _URL_FUNCTIONS else []))
    return found


def _reference(url: str, line: int, path: Path, policy: UrlPolicy):
    url = url.strip()
    written = policy(url, path, line) if url else None
    if written is None:
        return tinycss2.ast.IdentToken(line, 0, "none")
    return tinycss2.parse_one_component_value(f'url("{_escaped(written)}")')


def _escaped(url: str) -> str:
    return url.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")


def resolve_custom_properties(css: str | list) -> str:
    """`css` (text or parsed rules) with every `var(--name)` replaced by the value the `:root`
    rules give it (the fallback, or `initial`, when none does), and those `--name` declarations gone."""
    rules = parse(css) if isinstance(css, str) else css
    return _resolved_rules(rules, _root_values(rules, {}))


def _root_values(rules: list, inherited: dict[str, list]) -> dict[str, list]:
    values = dict(inherited)
    for rule in rules:
        if rule.type == "qualified-rule" and tinycss2.serialize(rule.prelude).strip() == ":root":
            for declaration in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True):
                if declaration.type == "declaration" and declaration.name.startswith("--"):
                    values[declaration.name] = _stripped(declaration.value)
    return values


def _resolved_rules(rules: list, values: dict[str, list]) -> str:
    parts = []
    for rule in rules:
        if rule.type == "qualified-rule":
            is_root = tinycss2.serialize(rule.prelude).strip() == ":root"
            body = _resolved_declarations(rule.content, values, drop_custom=is_root)
            if is_root and not body.strip():
                continue
            parts.append(f"{tinycss2.serialize(rule.prelude)}{{{body}}}")
        elif rule.type == "at-rule" and rule.content is not None:
            prelude = tinycss2.serialize(_substituted(rule.prelude, values, 0))
            if rule.lower_at_keyword in _RULE_BLOCKS:
                inner = tinycss2.parse_rule_list(rule.content)
                body = _resolved_rules(inner, _root_values(inner, values))
            else:
                body = _resolved_declarations(rule.content, values, drop_custom=False)
            parts.append(f"@{rule.at_keyword}{prelude}{{{body}}}")
        else:
            parts.append(tinycss2.serialize([rule]))
    return "".join(parts)


def _resolved_declarations(content: list, values: dict[str, list], drop_custom: bool) -> str:
    parts = []
    for item in tinycss2.parse_blocks_contents(content):
        if item.type == "declaration":
            if drop_custom and item.name.startswith("--"):
                continue
            value = tinycss2.serialize(_substituted(_stripped(item.value), values, 0))
            important = " !important" if item.important else ""
            parts.append(f"{item.name}: {value}{important};")
        elif item.type == "at-rule" and item.content is not None:  # @top-left { … } inside @page
            body = _resolved_declarations(item.content, values, drop_custom=False)
            parts.append(f"@{item.at_keyword}{tinycss2.serialize(item.prelude)}{{{body}}}")
        elif item.type in ("whitespace", "comment") or item.type != "error":
            parts.append(tinycss2.serialize([item]))
    return "".join(parts)


def _substituted(nodes: list, values: dict[str, list], depth: int) -> list:
    result: list = []
    for node in nodes:
        if node.type == "function" and node.lower_name == "var" and depth < _DEPTH:
            result += _substituted(_var_value(node, values), values, depth + 1)
        elif node.type == "function":
            node.arguments = _substituted(node.arguments, values, depth)
            result.append(node)
        elif node.type in ("() block", "[] block", "{} block"):
            node.content = _substituted(node.content, values, depth)
            result.append(node)
        else:
            result.append(node)
    return result


def _var_value(function, values: dict[str, list]) -> list:
    arguments = [argument for argument in function.arguments if argument.type != "comment"]
    names = [argument for argument in arguments if argument.type == "ident"]
    name = names[0].value if names else ""
    if name in values:
        return values[name]
    commas = [index for index, argument in enumerate(arguments) if argument.type == "literal" and argument.value == ","]
    if commas:
        return _stripped(arguments[commas[0] + 1 :])
    return [tinycss2.ast.IdentToken(function.source_line, 0, "initial")]


def _stripped(tokens: list) -> list:
    tokens = [token for token in tokens if token.type != "comment"]
    while tokens and tokens[0].type == "whitespace":
        tokens = tokens[1:]
    while tokens and tokens[-1].type == "whitespace":
        tokens = tokens[:-1]
    return tokens


def _is_selector(prelude: list) -> bool:
    """Whether a rule's prelude is a selector list a browser would apply (page margins and
    keyframes' percentages are not qualified rules' preludes, and are not asked)."""
    import cssselect2

    try:
        cssselect2.compile_selector_list(prelude)
    except cssselect2.SelectorError:
        return False
    return True


def css_problems(css: str | list) -> list[tuple[int, int, str]]:
    """Syntax problems a reader of the stylesheet should fix, with their lines and columns.

    Browsers and WeasyPrint skip what they cannot parse without a word; a user who wrote
    `color red` deserves to hear which line was ignored.
    """
    problems: list[tuple[int, int, str]] = []

    def check_declarations(content, line: int) -> None:
        for item in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
            if item.type == "error":
                problems.append((item.source_line, item.source_column, "ignored: not a `property: value` declaration"))
            elif item.type == "declaration" and not any(
                token.type not in ("whitespace", "comment") for token in item.value
            ):
                problems.append((item.source_line, item.source_column, f"ignored: {item.name} has no value"))
            elif item.type in ("qualified-rule", "at-rule") and item.content is not None:
                check_rule(item)

    def check_rule(rule) -> None:
        if rule.type == "error":
            reason = "a selector without its { … } block" if "EOF reached" in rule.message else rule.message
            problems.append((rule.source_line, rule.source_column, f"ignored: {reason}"))
            return
        if any(token.type == "literal" and token.value == "}" for token in rule.prelude):
            problems.append((rule.source_line, rule.source_column, "a } without its {"))
        elif rule.type == "qualified-rule" and not _is_selector(rule.prelude):
            shown = one_line(tinycss2.serialize(rule.prelude))[:40]
            problems.append(
                (
                    rule.source_line,
                    rule.source_column,
                    f"ignored: `{shown}` is not a selector (a stray character before it?)",
                )
            )
        if rule.content is not None:
            check_declarations(rule.content, rule.source_line)

    for rule in parse(css) if isinstance(css, str) else css:
        if rule.type not in ("whitespace", "comment"):
            check_rule(rule)
    return sorted(problems)
