"""Editing a file with Neovim's Ex commands (``:%s/a/b/g``, ``:g/re/d``, ranges), where installed.

Neovim runs headless in silent Ex mode (``nvim -u NONE -i NONE -n -es``: no config, plugins,
shada or swap file) on the one file, reading the commands and a final ``:wq`` from stdin.
Only text-editing commands are allowed — substitute,
global/vglobal, delete, move, copy, join, indent — each checked before Neovim starts: no shell,
no writes, no expression replacements (``\\=``), no command chaining with ``|``. Without an
``nvim`` binary the tool reports that it is unavailable.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from knowledge_sources.workbench.errors import WorkbenchError

ALLOWED = {
    "s", "su", "sub", "substitute", "g", "gl", "global", "v", "vg", "vglobal",
    "d", "de", "del", "delete", "m", "mo", "move", "t", "co", "copy", "j", "jo", "join",
    ">", "<",
}  # fmt: skip
_RANGE = re.compile(
    r"^(?:%|[.$]|\d+|'[a-z<>]|/(?:\\.|[^\\/])*/|\?(?:\\.|[^\\?])*\?|[+\-]\d*|[,;]|\s)*"
)
_NAME = re.compile(r"^([a-zA-Z]+|[<>])(!?)")
_UNESCAPED_BAR = re.compile(r"(?<!\\)\|")
TIMEOUT_S = 20.0


class NeovimUnavailableError(WorkbenchError):
    """No Neovim binary on this machine."""


def nvim_binary() -> str | None:
    """The ``nvim`` executable on PATH, or ``None``."""
    return shutil.which("nvim")


def check_ex_command(command: str) -> None:
    """Refuse anything but the allowed text-editing Ex commands."""
    text = command.strip().lstrip(":")
    if any(ord(c) < 32 for c in text) or _UNESCAPED_BAR.search(text) or "\\=" in text:
        raise WorkbenchError(
            f"Ex command {command!r}: one command per entry, no control characters, '|' or '\\='"
        )
    rest = text[_RANGE.match(text).end() :]  # type: ignore[union-attr]  # the pattern always matches
    name = _NAME.match(rest)
    if name is None or name.group(1) not in ALLOWED or (name.group(2) and name.group(1)[0] != "g"):
        raise WorkbenchError(
            f"Ex command {command!r} is not allowed; use s, g, v, d, m, t/co, j, > or <"
        )
    if name.group(1) in {"g", "gl", "global", "v", "vg", "vglobal"}:
        body = rest[name.end() :]
        if not body:
            raise WorkbenchError(f"Ex command {command!r}: :g needs /pattern/command")
        delimiter = re.escape(body[0])
        pattern = re.match(rf"{delimiter}(?:\\.|(?!{delimiter}).)*{delimiter}?", body)
        nested = body[pattern.end() :] if pattern else ""
        if nested.strip():
            check_ex_command(nested)


def run_ex(path: Path, commands: list[str], binary: str | None = None) -> None:
    """Apply ``commands`` to ``path`` in a headless Neovim and write the file."""
    nvim = binary or nvim_binary()
    if nvim is None or not Path(nvim).exists():
        raise NeovimUnavailableError(
            "the Neovim tool is unavailable: no nvim on this machine (apt install neovim); "
            "use search_replace or replace_lines instead"
        )
    if not commands:
        raise WorkbenchError("give at least one Ex command")
    for command in commands:
        check_ex_command(command)
    script = "\n".join(["set nomodeline", *(c.strip().lstrip(":") for c in commands), "wq"]) + "\n"
    try:
        done = subprocess.run(
            [nvim, "-u", "NONE", "-i", "NONE", "-n", "-es", str(path)],
            input=script,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            cwd=path.parent,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise WorkbenchError(f"Neovim did not finish within {TIMEOUT_S:g} s") from error
    if done.returncode != 0:
        said = (done.stdout + done.stderr).strip()[:500] or "a pattern not found is an error"
        raise WorkbenchError(
            f"Neovim refused the commands (exit {done.returncode}: {said}); the file is unchanged. "
            "Check each pattern matches, or add the 'e' flag to :s"
        )
