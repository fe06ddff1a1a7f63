"""Loading souls from files: one soul per ``*.md`` file, validated, with clear errors.

The default directory is the repository's (and the installed wheel's) ``souls/`` folder, next
to the ``knowledge_sources`` package; ``GA_SOULS_DIR`` (``ModelSettings.souls_dir``, passed in by
the caller) points elsewhere. The directory's own
description (``<directory name>.md``) and ``README.md`` are not souls and are skipped.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from knowledge_sources.souls.errors import SoulError, SoulsInvalidError
from knowledge_sources.souls.front_matter import FrontMatterError, split_front_matter
from knowledge_sources.souls.schema import Soul


def default_souls_dir() -> Path:
    """The ``souls/`` folder beside the installed package (the shipped team)."""
    import knowledge_sources

    return Path(knowledge_sources.__file__).resolve().parent.parent / "souls"


def soul_files(directory: Path) -> list[Path]:
    """The soul files in ``directory``, sorted by name."""
    skipped = {f"{directory.name}.md".lower(), "readme.md"}
    return sorted(
        p
        for p in directory.glob("*.md")
        if p.is_file() and p.name.lower() not in skipped and not p.name.startswith((".", "_"))
    )


def load_soul(path: Path) -> Soul:
    """Read and validate one soul file; ``SoulError`` names the file and each bad field."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SoulError(path, [("", f"cannot read the file: {exc}")]) from exc
    try:
        data, body = split_front_matter(text)
    except FrontMatterError as exc:
        raise SoulError(path, [("", str(exc))]) from exc
    if "resume" in data:
        raise SoulError(path, [("resume", "write the résumé as the markdown body, not a field")])
    try:
        soul = Soul.model_validate({**data, "resume": body, "source": path})
    except ValidationError as exc:
        raise SoulError(path, _problems(exc)) from exc
    if soul.name != path.stem:
        raise SoulError(
            path, [("name", f"{soul.name!r} does not match the file name {path.name!r}")]
        )
    return soul


def load_souls(directory: Path | None = None) -> dict[str, Soul]:
    """Every soul in ``directory`` (default: ``default_souls_dir()``), by name.

    All files are checked before anything is returned: ``SoulsInvalidError`` lists every bad
    file at once.
    """
    directory = directory.expanduser() if directory else default_souls_dir()
    if not directory.is_dir():
        raise SoulsInvalidError([SoulError(directory, [("", "no such souls directory")])])
    souls: dict[str, Soul] = {}
    errors: list[SoulError] = []
    for path in soul_files(directory):
        try:
            soul = load_soul(path)
        except SoulError as exc:
            errors.append(exc)
            continue
        souls[soul.name] = soul
    errors += _unknown_teammates(souls)
    if errors:
        raise SoulsInvalidError(errors)
    return souls


def _unknown_teammates(souls: dict[str, Soul]) -> list[SoulError]:
    """A schedule that hands its scans' tasks to a name not on the team."""
    errors: list[SoulError] = []
    for soul in souls.values():
        wrong = [s.to for s in (soul.schedule.scans if soul.schedule else []) if s.to]
        wrong = [name for name in wrong if name not in souls]
        if wrong and soul.source is not None:
            known = ", ".join(sorted(souls))
            problems = [
                ("schedule.scans.to", f"{n!r} is not on the team (known: {known})") for n in wrong
            ]
            errors.append(SoulError(soul.source, problems))
    return errors


def _problems(exc: ValidationError) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    for error in exc.errors(include_url=False):
        field = ".".join(str(part) for part in error["loc"]) or "(file)"
        message = error["msg"]
        if error["type"] not in ("missing",) and "input" in error:
            shown = repr(error["input"])
            message = f"{message} (got {shown[:80]})"
        problems.append((field, message))
    return problems
