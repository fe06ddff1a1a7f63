"""Citations of passages never carry two ``#`` fragments (issue 16, hole 14): a mirrored Gitea
comment's URI already ends in ``#issuecomment-<id>``, and its line range must not add another."""

from __future__ import annotations

from blackboard.runtime import Board
from blackboard.schemas.entries import EntryIn
from blackboard.schemas.search import SearchRequest, cite
from blackboard.search import search
from blackboard.services.documents import markdown_chunker
from blackboard.services.entries import EntryService
from blackboard.splitting import SplitOptions
from knowledge_sources.researcher.sources import Source

COMMENT_URI = "http://gitea.test/acme/site/issues/4#issuecomment-17"


def test_a_line_range_is_a_fragment_only_where_there_is_none() -> None:
    assert cite("file:///docs/a.md", 3, 9) == "file:///docs/a.md#L3-L9"
    assert cite(COMMENT_URI, 3, 9) == f"{COMMENT_URI} (L3-L9)"
    assert cite(COMMENT_URI, None, None) == COMMENT_URI
    assert cite("entry 5", 2, None) == "entry 5#L2-L2"


async def test_a_comment_hit_is_cited_with_one_fragment(board: Board) -> None:
    async with board.sessions() as session:
        service = EntryService(session, await board.embedder(), markdown_chunker(SplitOptions()))
        await service.create(
            EntryIn(
                kind="gitea_comment",
                title="Comment by bob on acme/site#4",
                body="The heron migration fails.\n\nIt fails on the third step.\n",
                source_uri=COMMENT_URI,
            )
        )
    request = SearchRequest(query="heron migration fails", k=1)
    async with board.sessions() as session, session.begin():
        (hit,) = await search(session, request, await board.embedder())
    assert hit.source_uri == COMMENT_URI and hit.start_line
    location = Source(1, hit).location
    assert location.count("#") == 1
    assert location.startswith(COMMENT_URI)
