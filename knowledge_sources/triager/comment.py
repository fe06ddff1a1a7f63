"""The one short comment the triager leaves on an issue: what it did and why, with links."""

from __future__ import annotations

from knowledge_sources.triager.decide import Triage


def render_comment(triage: Triage, why: str) -> str:
    """Markdown: the labels added, the duplicates found (linked, with their similarity)."""
    lines = [f"Triaged ({why})."]
    if triage.labels:
        names = ", ".join(f"`{lab.name}`" for lab in triage.labels)
        lines.append(f"- Labels: {names}, chosen from this repository's labels.")
    else:
        lines.append("- Labels: none of this repository's labels fit.")
    for dup in triage.duplicates:
        other = dup.issue
        link = f"[#{other.number}]({other.url})" if other.url else f"#{other.number}"
        lines.append(
            f"- Likely duplicate of {link} ({other.title}): similar text "
            f"(similarity {dup.similarity:.2f}), and on reading both they report the same thing."
        )
    if not triage.duplicates:
        lines.append("- No earlier issue looks like the same report.")
    lines.append("")
    lines.append("A person can correct any of this; comment `/triage` to have it looked at again.")
    return "\n".join(lines)
