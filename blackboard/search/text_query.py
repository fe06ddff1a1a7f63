"""The full-text leg's queries: any-word recall, with all-words, phrases and identifiers first.

A question never has every one of its words in one passage, so matching runs on the OR of the
question's lexemes (``to_tsvector`` drops stop words and stems the rest) and ranks by
``ts_rank_cd`` normalised by passage length. Passages that match ``websearch_to_tsquery`` (every
word, or a quoted phrase) or contain one of the query's identifiers (``GA_API_TOKEN``,
``http_version``, a back-quoted name) as a phrase sort above the rest.
"""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, Float, case, cast, func, literal, literal_column
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import text

from blackboard.models import Chunk

CONFIG: ColumnElement[str] = literal_column("'english'")
RANK_NORMALISATION = 1 | 32
"""``ts_rank_cd`` flags: divide by 1 + log(length), then map into [0, 1) (rank / (rank + 1))."""

_IDENTIFIER = re.compile(
    r"`([^`]{1,200})`"  # anything back-quoted
    r"|\b([A-Za-z][A-Za-z0-9]*(?:[_.:/-][A-Za-z0-9]+)+)\b"  # snake_case, dotted.name, a-b
    r"|\b([a-z]+[A-Z][A-Za-z0-9]*|[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*)\b"  # camelCase, CamelCase
)

MAX_TEXT_CANDIDATES = 5000
"""About how many chunks the any-word match may rank: the query's rarest lexemes are kept
while their expected matches (share of chunks x chunks) stay within this; at least one is
always kept. A common word ('request' in an HTTP library's docs) would otherwise make the
leg rank most of the board on every query."""

_LEXEMES = text(
    "WITH words AS ("
    "  SELECT unnest(tsvector_to_array(to_tsvector('english', :query))) AS word"
    "), stats AS ("
    "  SELECT unnest(most_common_elems::text::text[]) AS word,"
    "         unnest(most_common_elem_freqs) AS share"
    "  FROM pg_stats"
    "  WHERE schemaname = current_schema() AND tablename = 'chunks' AND attname = 'tsv'"
    ")"
    " SELECT words.word, coalesce(stats.share, 0),"
    "  (SELECT reltuples FROM pg_class WHERE oid = 'chunks'::regclass)"
    " FROM words LEFT JOIN stats ON stats.word = words.word"
    " ORDER BY 2, 1"
)
"""The query's lexemes (stop words dropped, stemmed) with the share of chunks holding each,
from the planner's statistics (``most_common_elems`` of the tsvector column; a lexeme absent
there is rarer than any listed), and the table's estimated row count."""


def identifiers(query: str) -> list[str]:
    """Code-like names in ``query``: back-quoted text, snake/dotted/kebab and camel case."""
    found: list[str] = []
    for match in _IDENTIFIER.finditer(query):
        name = next(group for group in match.groups() if group)
        if name not in found:
            found.append(name)
    return found


async def any_lexeme_query(session: AsyncSession, query: str) -> str | None:
    """The OR of the query's selective lexemes as tsquery text (``'hnsw' | 'recal'``), rarest
    first within ``MAX_TEXT_CANDIDATES``; None if only stop words are left."""
    rows = (await session.execute(_LEXEMES, {"query": query})).all()
    kept: list[str] = []
    expected = 0.0
    for word, share, chunks in rows:
        expected += float(share) * max(float(chunks or 0), 0.0)
        if kept and expected > MAX_TEXT_CANDIDATES:
            break
        kept.append(str(word))
    if not kept:
        return None
    return " | ".join(_quoted(word) for word in kept)


def _quoted(lexeme: str) -> str:
    """A lexeme as tsquery input text: single-quoted, quotes and backslashes escaped."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def identifier_query(query: str) -> ColumnElement[str] | None:
    """The OR of the query's identifiers, each as a phrase; None if it names none."""
    names = identifiers(query)
    if not names:
        return None
    phrase: ColumnElement[str] = func.phraseto_tsquery(CONFIG, names[0])
    for name in names[1:]:
        phrase = phrase.op("||")(func.phraseto_tsquery(CONFIG, name))
    return phrase


def strong_matches(query: str) -> ColumnElement[float]:
    """How many of the strong tests a chunk passes: every word (or a quoted phrase), any of
    the query's identifiers as a phrase. Sorted on before the rank."""
    tier: ColumnElement[float] = cast(
        case((Chunk.tsv.op("@@")(func.websearch_to_tsquery(CONFIG, query)), 1.0), else_=0.0),
        Float,
    )
    phrase = identifier_query(query)
    if phrase is not None:
        tier = tier + case((Chunk.tsv.op("@@")(phrase), 1.0), else_=0.0)
    return tier


def ranked(any_lexeme: str, query: str) -> tuple[ColumnElement[bool], ColumnElement[float]]:
    """The match condition (any kept lexeme, or an identifier of the query as a phrase) and
    the length-normalised cover-density rank on the kept lexemes."""
    tsquery: ColumnElement[str] = cast(literal(any_lexeme), TSQUERY)
    phrase = identifier_query(query)
    matched = tsquery if phrase is None else tsquery.op("||")(phrase)
    return (
        Chunk.tsv.op("@@")(matched),
        func.ts_rank_cd(Chunk.tsv, tsquery, RANK_NORMALISATION),
    )
