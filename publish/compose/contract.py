"""What the compositor relies on in WeasyPrint's internals, checked before each layout.

Each module that replaces or calls a private WeasyPrint function names it in a contract: the
modules and classes that must have those names, and the functions that must still look
each name up when they run (a replacement set on a module is only seen by functions that
read the name from the module's globals at call time). A WeasyPrint that changed either is
refused with `ContractBroken`, loudly, rather than laid out wrongly.
"""

from __future__ import annotations

from collections.abc import Mapping


class ContractBroken(RuntimeError):
    """The installed WeasyPrint no longer has, or no longer looks up, what publish replaces."""


def check(has: Mapping[object, tuple[str, ...]], looked_up: Mapping[tuple[object, str], tuple[str, ...]]) -> None:
    """`has`: owner (a module or class) → names it must have; `looked_up`: (owner, function)
    → names the function must look up when it runs."""
    for owner, names in has.items():
        missing = [name for name in names if not hasattr(owner, name)]
        if missing:
            raise ContractBroken(f"WeasyPrint has no {', '.join(missing)} in {_name(owner)}")
    for (owner, function), names in looked_up.items():
        unused = [name for name in names if name not in getattr(owner, function).__code__.co_names]
        if unused:
            raise ContractBroken(f"WeasyPrint's {_name(owner)}.{function} no longer calls {', '.join(unused)}")


def _name(owner: object) -> str:
    return getattr(owner, "__name__", repr(owner))
