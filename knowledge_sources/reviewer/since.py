"""What changed on a pull request since the head its last review read.

Both heads' trees come from Gitea (``GetTree``); a file whose blob is the same at both is
unchanged, and for the others the two versions are compared line by line (``difflib``): the
new file's lines that were added or replaced since are the ones a re-review may comment on.
When the old head is gone (a force-push that Gitea collected) there is nothing to compare
with, and the caller reviews the whole pull request again, saying why.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from blackboard.connectors.gitea.api import GiteaAPI
from blackboard.connectors.gitea.errors import GiteaNotFoundError, GiteaValidationError


async def changed_since(
    api: GiteaAPI, repo: str, old: str, new: str, paths: Iterable[str]
) -> dict[str, set[int]] | None:
    """Path -> line numbers of the file at ``new`` that differ from ``old`` (an empty set: the
    file did not change); ``None`` when ``old`` cannot be read any more."""
    owner, name = repo.split("/", 1)
    try:
        before = _blobs(await api.tree(owner, name, old))
    except (GiteaNotFoundError, GiteaValidationError):  # Gitea answers 400 for a lost sha
        return None
    after = _blobs(await api.tree(owner, name, new))
    changed: dict[str, set[int]] = {}
    for path in paths:
        if path not in after or before.get(path) == after[path]:
            changed[path] = set()
            continue
        old_text = await api.raw_file(owner, name, path, ref=old) if path in before else ""
        new_text = await api.raw_file(owner, name, path, ref=new)
        changed[path] = new_lines(old_text, new_text)
    return changed


def new_lines(old: str, new: str) -> set[int]:
    """Line numbers (from 1) of ``new`` that are not in ``old`` at the same place."""
    matcher = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False)
    return {
        number + 1
        for tag, _i1, _i2, j1, j2 in matcher.get_opcodes()
        if tag in ("replace", "insert")
        for number in range(j1, j2)
    }


def _blobs(tree: list[dict[str, object]]) -> dict[str, str]:
    return {str(e["path"]): str(e.get("sha")) for e in tree if e.get("type") == "blob"}
