"""Settings, resolved in one place: defaults < `publish.toml` < the command line.

`publish.toml` sits in the project folder: the current one, or the nearest above it that has one
(see find_project). Its keys are the settings of publish.settings (every one optional), and a
`[metadata]` table of what sources do not say themselves:

    [metadata]
    publisher = "…"
    author = "…"                      # or a list
    rights = "…"
"""

from __future__ import annotations

import difflib
import logging
import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from publish.errors import SettingsError
from publish.limits import check_nesting
from publish.readers.metadata import genre_problem
from publish.resources import check_inside
from publish.settings import BY_KEY, BY_NAME, BuildOptions, Setting, SettingError

log = logging.getLogger(__name__)

CONFIG_FILE = "publish.toml"


def find_project(start: Path | None = None) -> Path:
    """The project a command run in `start` (the current folder) works on: the nearest folder,
    from `start` up, that holds a `publish.toml` of the user's own (one another user left in a
    folder above, /tmp say, is not taken), else `start` itself — as git and pyproject.toml
    are found."""
    start = start or Path.cwd()
    if (start / CONFIG_FILE).is_file():
        return start
    for folder in start.resolve().parents:
        candidate = folder / CONFIG_FILE
        try:
            if candidate.is_file() and candidate.stat().st_uid == os.getuid():
                return folder
        except OSError:
            continue
    return start


def load_config(project: Path) -> dict[str, Any]:
    """The settings `publish.toml` gives, as BuildOptions fields; {} when there is no file."""
    path = project / CONFIG_FILE
    if not path.is_file():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
        check_nesting(text, path)
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        raise SettingsError(f"not valid TOML: {error}", path, int(line.group(1)) if line else None) from None
    except UnicodeDecodeError:
        raise SettingsError("not UTF-8 text (save it as UTF-8)", path) from None
    settings: dict[str, Any] = {}
    for key, value in data.items():
        if key == "metadata":
            if not isinstance(value, dict):
                raise SettingsError("metadata: a [metadata] table of what sources do not say themselves", path)
            settings["metadata_defaults"] = _metadata_defaults(value, path, text)
            continue
        setting = BY_KEY.get(key)
        if setting is None:
            raise SettingsError(_unknown(key, BY_KEY, "settings"), path, _line_of(key, text))
        settings[setting.name] = _from_toml(setting, value, project, path, _line_of(key, text))
    return settings


_TOML_KINDS: dict[type, tuple[type, str]] = {
    bool: (bool, "true or false"),
    tuple: (list, "a list in brackets"),
    str: (str, "text in quotes"),
}


def _from_toml(setting: Setting, value: Any, project: Path, path: Path, line: int | None) -> Any:
    """A publish.toml value as its BuildOptions field holds it: lists as tuples, paths from the project."""
    kind, said = _TOML_KINDS.get(setting.kind, (str, "text in quotes"))
    items: list[Any] = value if isinstance(value, list) else []
    if not isinstance(value, kind) or not all(isinstance(item, str) for item in items):
        raise SettingsError(f"{setting.key!r} must be {said}, not {value!r}", path, line)
    if setting.kind is tuple:
        return tuple(items)
    if setting.kind is Path:
        return project / str(value)
    if setting.key == "style" and str(value).endswith(".css"):
        check_inside(project / str(value), (project,), "stylesheet `style` names")  # the project's own
        return str(project / str(value))
    return setting.canonical(value)


_METADATA_KEYS = {
    "publisher": "publisher",
    "author": "authors",
    "authors": "authors",
    "rights": "rights",
    "subtitle": "subtitle",
    "description": "description",
    "keywords": "keywords",
    "genre": "genre",
}


def _unknown(key: str, known: Mapping[str, Any], what: str) -> str:
    """An unknown key, said with the known one it was most likely meant to be."""
    close = difflib.get_close_matches(key.replace("_", "-"), list(known), n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"unknown key {key!r} ({hint}the {what}: {', '.join(known)})"


def _line_of(key: str, text: str) -> int | None:
    """The line of `text` (a TOML file) where `key` is set, if it can be found."""
    found = re.search(rf"^[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*=", text, re.M)
    return text.count("\n", 0, found.start()) + 1 if found else None


def _metadata_defaults(table: dict[str, Any], path: Path, text: str = "") -> tuple[tuple[str, Any], ...]:
    defaults: dict[str, Any] = {}
    for key, value in table.items():
        field = _METADATA_KEYS.get(key)
        if field is None:
            raise SettingsError(_unknown(key, _METADATA_KEYS, "[metadata] keys"), path, _line_of(key, text))
        elif field in ("authors", "keywords"):
            names = [value] if isinstance(value, str) else value
            if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
                raise SettingsError(f"[metadata] {key}: a name or a list of names in quotes, not {value!r}", path)
            defaults[field] = tuple(name.strip() for name in names if name.strip())
        elif not isinstance(value, str):
            raise SettingsError(f"[metadata] {key}: text in quotes, not {value!r}", path)
        elif field == "genre" and genre_problem(value):
            raise SettingsError(f"[metadata] {genre_problem(value)}", path, _line_of(key, text))
        else:
            defaults[field] = value
    return tuple(sorted(defaults.items()))


def resolve_options(command_line: Mapping[str, Any], project: Path | None = None) -> BuildOptions:
    """BuildOptions from defaults, then publish.toml, then the options given on the command line.

    `command_line` holds BuildOptions fields; a value of None (or an empty tuple) was not given.
    """
    project = project or Path.cwd()
    from_file = load_config(project)
    given = {name: BY_NAME[name].canonical(value) if name in BY_NAME else value
             for name, value in command_line.items() if value not in (None, ())}  # fmt: skip
    settings = {"project": project, **from_file, **given}
    if "out_dir" not in settings and project.resolve() != Path.cwd().resolve():  # run from inside the project
        settings["out_dir"] = project / BuildOptions.out_dir
    if "out_dir" not in given:  # what the project says (or dist/): inside it, links followed
        out_dir = Path(settings.get("out_dir", BuildOptions.out_dir))
        reached = (project / out_dir).resolve()
        if not reached.is_relative_to(project.resolve()):
            where = f"{CONFIG_FILE}: out" if "out_dir" in from_file else "dist"
            written = os.path.relpath(project / out_dir, project)  # as publish.toml has it
            raise SettingsError(
                f"{where}: {written} leads out of the project, to {reached}; "
                "editions are written there only when -o says so"
            )
    try:
        return BuildOptions(**settings)
    except SettingError as error:  # said with where the value was given
        setting = error.setting
        if setting.name in given:
            raise SettingsError(f"{setting.flag}: {error.message}") from None
        raise SettingsError(
            f"{setting.key}: {error.message}", project / CONFIG_FILE, _line_in(project, setting.key)
        ) from None


def _line_in(project: Path, key: str) -> int | None:
    try:
        return _line_of(key, (project / CONFIG_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None
