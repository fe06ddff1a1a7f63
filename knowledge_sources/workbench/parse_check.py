"""The first stage of the gate: does the edited file still parse? Python, JSON, YAML and TOML.

Each format is read by its own parser (``ast``, ``json``, PyYAML's safe loader, ``tomllib``);
other files pass. The answer is ``None`` or one line naming the position and the parser's words.
"""

from __future__ import annotations

import ast
import json
import tomllib
from collections.abc import Callable
from pathlib import PurePosixPath

import yaml


def _python(text: str) -> None:
    ast.parse(text)


def _json(text: str) -> None:
    json.loads(text)


def _yaml(text: str) -> None:
    for _ in yaml.safe_load_all(text):
        pass


def _toml(text: str) -> None:
    tomllib.loads(text)


PARSERS: dict[str, tuple[str, Callable[[str], None]]] = {
    ".py": ("Python", _python),
    ".pyi": ("Python", _python),
    ".json": ("JSON", _json),
    ".yaml": ("YAML", _yaml),
    ".yml": ("YAML", _yaml),
    ".toml": ("TOML", _toml),
}


def parse_error(path: str, text: str) -> str | None:
    """Why ``text`` (the content of ``path``) does not parse, or ``None`` when it does."""
    known = PARSERS.get(PurePosixPath(path).suffix.lower())
    if known is None:
        return None
    language, parse = known
    try:
        parse(text)
    except SyntaxError as error:
        return f"{path}:{error.lineno}:{error.offset}: {language} syntax error: {error.msg}"
    except json.JSONDecodeError as error:
        return f"{path}:{error.lineno}:{error.colno}: {language} error: {error.msg}"
    except yaml.YAMLError as error:
        return f"{path}: {language} error: {' '.join(str(error).split())}"
    except tomllib.TOMLDecodeError as error:
        return f"{path}: {language} error: {error}"
    return None
