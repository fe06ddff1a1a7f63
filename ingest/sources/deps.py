"""Installed Python distributions: each one's long description (its README, usually) as a
``dependency_doc`` entry, tagged with the package and its version.

Source URI: ``pydist://<normalised name>``, one entry per distribution and no version in the
URI, so after an upgrade the next run replaces that entry's body, version and tags (only
changed chunks are embedded again) instead of adding a second one. A distribution that is no
longer installed is marked gone (by a run over all of them, or when named: it is reported as
not installed and its stored entry is marked gone).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from email.message import Message
from importlib.metadata import Distribution, distributions
from typing import cast

from blackboard.models.vocabulary import EntryKind
from ingest.formats import format_of_content_type
from ingest.model import Skip, SourceDoc
from ingest.settings import IngestSettings
from ingest.stored import Scope

URI_PREFIX = "pydist://"
DEPS_STORE = "deps"
NO_DESCRIPTION = {"", "UNKNOWN", "UNKNOWN\n"}


def normalise(name: str) -> str:
    """PEP 503 name normalisation (``Foo_Bar`` -> ``foo-bar``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def dist_uri(name: str) -> str:
    """The source URI of a distribution's documentation."""
    return f"{URI_PREFIX}{normalise(name)}"


@dataclass(frozen=True)
class InstalledDist:
    """One installed distribution (the first found on the path when a name repeats).

    ``distribution`` gives access to its files (to tell which one a docs directory belongs to).
    """

    name: str
    version: str
    metadata: Message
    distribution: Distribution | None = field(default=None, compare=False, repr=False)

    @property
    def key(self) -> str:
        """The PEP 503 normalised name."""
        return normalise(self.name)

    def tags(self) -> tuple[str, str]:
        """``package:<name>`` and ``<name>==<version>`` (normalised name)."""
        return (f"package:{self.key}", f"{self.key}=={self.version}")


def installed(path: list[str] | None = None) -> dict[str, InstalledDist]:
    """Installed distributions by normalised name (``path`` defaults to ``sys.path``)."""
    found: dict[str, InstalledDist] = {}
    dists = distributions(path=path) if path is not None else distributions()
    for dist in dists:
        metadata = _metadata(dist)
        name = metadata.get("Name") if metadata is not None else None
        if metadata is None or not name:
            continue
        found.setdefault(
            normalise(str(name)), InstalledDist(str(name), dist.version, metadata, dist)
        )
    return found


def _metadata(dist: Distribution) -> Message | None:
    try:
        return cast(Message, dist.metadata)
    except (OSError, ValueError):
        return None


def deps_scope(names: Collection[str] = ()) -> Scope:
    """Every distribution's entry, or only the named ones'."""
    kinds = (EntryKind.DEPENDENCY_DOC.value,)
    if names:
        return Scope(uris=tuple(dist_uri(n) for n in names), kinds=kinds)
    return Scope(prefixes=(URI_PREFIX,), kinds=kinds)


def dependency_sources(
    dists: dict[str, InstalledDist], settings: IngestSettings, names: Collection[str] = ()
) -> Iterator[SourceDoc | Skip]:
    """The documentation of ``dists`` (only ``names`` if given), in name order."""
    wanted = sorted({normalise(n) for n in names}) if names else sorted(dists)
    for key in wanted:
        dist = dists.get(key)
        if dist is None:
            # No URI: the name is not seen, so a stored entry for it is marked gone.
            yield Skip(key, "not installed")
            continue
        yield _source(dist, settings)


def _source(dist: InstalledDist, settings: IngestSettings) -> SourceDoc | Skip:
    label = f"{dist.name} {dist.version}"
    uri = dist_uri(dist.name)
    body = description(dist.metadata)
    if body.strip() in NO_DESCRIPTION:
        return Skip(label, "no long description in its metadata", uri)
    size = len(body.encode("utf-8", "surrogatepass"))
    if size > settings.max_file_bytes:
        return Skip(label, f"too large ({size} bytes > limit {settings.max_file_bytes})", uri)
    if "\x00" in body:
        return Skip(label, "binary content (NUL characters)", uri)
    content_type = dist.metadata.get("Description-Content-Type")
    summary = str(dist.metadata.get("Summary") or "").strip()
    # no version in the title: it heads passages before the first heading, which an upgrade
    # would otherwise re-embed; the version is in the tags, meta and source_version
    title = dist.name + (f": {summary}" if summary else "")
    meta: dict[str, object] = {
        "store": DEPS_STORE,
        "package": dist.name,
        "version": dist.version,
        "summary": summary,
        "content_type": str(content_type or "text/x-rst"),
    }
    return SourceDoc(
        source_uri=uri,
        label=label,
        kind=EntryKind.DEPENDENCY_DOC,
        title=title,
        body=body.replace("\r\n", "\n"),
        format=format_of_content_type(str(content_type) if content_type else None),
        tags=(f"store:{DEPS_STORE}", *dist.tags()),
        meta=meta,
        source_version=dist.version,
    )


def description(metadata: Message) -> str:
    """The long description: the metadata body (Metadata 2.1+) or its Description field."""
    payload = metadata.get_payload()
    if isinstance(payload, str) and payload.strip():
        return payload
    field = metadata.get("Description")
    return _dedent_description(str(field)) if field else ""


def _dedent_description(text: str) -> str:
    """Old metadata folds the Description field with 8 spaces (or ``|``) on every line."""
    lines = text.split("\n")
    out = [lines[0]]
    for line in lines[1:]:
        if line.startswith(("        ", "       |")):
            out.append(line[8:])
        else:
            out.append(line)
    return "\n".join(out)
