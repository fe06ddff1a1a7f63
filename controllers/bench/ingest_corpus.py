"""A generated markdown corpus for ``bench ingest``: deterministic, varied, realistic in shape.

Files hold a title, sections and subsections of prose (sentences drawn from a fixed
vocabulary), with the odd list and code block; section lengths vary so chunks do too, as in
real documentation. No two paragraphs repeat, so nothing is deduplicated by content hash.
"""

from __future__ import annotations

import random
from pathlib import Path

from blackboard.splitting import Format, SplitOptions, document_title, split_document

PROSE = (
    "the service stores every reading in an archive and raises an alert when a sensor stops "
    "answering operators configure thresholds retention intervals and the pager token through "
    "environment variables a nightly job compacts old data while backups copy the metadata "
    "database offsite each request carries a trace id so logs can be joined across hosts the "
    "scheduler retries failed jobs with exponential backoff and gives up after five attempts "
    "clients authenticate with short lived tokens issued by the gateway caches expire after "
    "ten minutes unless a writer invalidates them first migrations run before the new binary "
    "starts and never drop a column in the same release that stops using it metrics are "
    "scraped every fifteen seconds dashboards show latency percentiles error budgets and queue "
    "depth upgrades roll through one node at a time so capacity never falls below two thirds"
)
WORDS = PROSE.split()
TOPICS = (
    "Installation",
    "Configuration",
    "Backups",
    "Monitoring",
    "Alerting",
    "Upgrades",
    "Security",
    "Networking",
    "Storage",
    "Scheduling",
    "Troubleshooting",
    "Architecture",
    "Authentication",
    "Caching",
    "Logging",
    "Deployment",
    "Recovery",
    "Capacity",
    "Testing",
    "Releases",
)


def _sentence(rng: random.Random, serial: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
    words.insert(rng.randint(1, len(words) - 1), f"item-{serial}")
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, serial: list[int]) -> str:
    sentences = []
    for _ in range(rng.randint(1, 6)):
        serial[0] += 1
        sentences.append(_sentence(rng, serial[0]))
    return " ".join(sentences)


def _document(rng: random.Random, number: int, serial: list[int]) -> str:
    topic = rng.choice(TOPICS)
    out = [f"# {topic} guide {number}", "", _paragraph(rng, serial), ""]
    for section in range(rng.randint(2, 6)):
        out += [f"## {rng.choice(TOPICS)} step {section + 1}", ""]
        for _ in range(rng.randint(1, 5)):
            out += [_paragraph(rng, serial), ""]
        roll = rng.random()
        if roll < 0.2:
            out += [f"- {_sentence(rng, serial[0])}" for _ in range(rng.randint(2, 5))] + [""]
        elif roll < 0.3:
            out += ["```bash", f"service-ctl restart --node {number} --step {section}", "```", ""]
        if rng.random() < 0.3:
            out += [f"### Notes on {topic.lower()} {section}", "", _paragraph(rng, serial), ""]
    return "\n".join(out)


def write_corpus(
    target: Path, min_chunks: int, options: SplitOptions, seed: int = 11
) -> tuple[int, int]:
    """Write documents under ``target`` until they split into ``min_chunks``; (files, chunks)."""
    rng = random.Random(seed)
    serial = [0]
    files = chunks = 0
    while chunks < min_chunks:
        text = _document(rng, files, serial)
        folder = target / f"part-{files // 50:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"doc-{files:04d}.md").write_text(text, encoding="utf-8")
        title = document_title(text, Format.MARKDOWN) or ""
        chunks += len(split_document(text, Format.MARKDOWN, title, options))
        files += 1
    return files, chunks
