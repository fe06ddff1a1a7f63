"""The reviewer's reading of a diff, without a model: pieces within the budget, what is skipped
and said to be, re-reviews limited to changed lines, closed issues, and the trigger helpers."""

from __future__ import annotations

from knowledge_sources.reviewer.decide import LineComment
from knowledge_sources.reviewer.diff import WINDOW_LINES, cut
from knowledge_sources.reviewer.knowledge import closed_numbers
from knowledge_sources.reviewer.render import comment_body, review_body
from knowledge_sources.reviewer.since import new_lines
from knowledge_sources.souls.schema import glob_match, mentions


def _added_file(path: str, lines: list[str]) -> str:
    body = "".join(f"+{line}\n" for line in lines)
    return (
        f"diff --git a/{path} b/{path}\nnew file mode 100644\n--- /dev/null\n+++ b/{path}\n"
        f"@@ -0,0 +1,{len(lines)} @@\n{body}"
    )


DELETED = (
    "diff --git a/old.txt b/old.txt\ndeleted file mode 100644\n--- a/old.txt\n+++ /dev/null\n"
    "@@ -1 +0,0 @@\n-bye\n"
)
BINARY = (
    "diff --git a/logo.png b/logo.png\nnew file mode 100644\n"
    "Binary files /dev/null and b/logo.png differ\n"
)


def test_a_large_diff_is_reviewed_in_pieces_and_the_rest_is_named() -> None:
    lines = [f"value_{n} = {n}" for n in range(1, 31)]
    diff = _added_file("big.py", lines) + DELETED + BINARY
    whole = cut(diff, budget=4000, max_pieces=10)
    assert [len(p.targets) for p in whole.pieces] == [WINDOW_LINES, WINDOW_LINES, 6]
    assert [p.where for p in whole.pieces] == [
        "big.py lines 1-12",
        "big.py lines 13-24",
        "big.py lines 25-30",
    ]
    assert whole.skipped == [
        "old.txt (deleted: nothing to comment on in the new version)",
        "logo.png (binary)",
    ]

    small = cut(diff, budget=4000, max_pieces=2)
    assert small.skipped[-1] == "big.py lines 25-30 (over the review's 2 pieces)"

    long = [f"x_{n} = '{'y' * 200}'" for n in range(1, 5)]
    tight = cut(_added_file("wide.py", long), budget=1200, max_pieces=10)
    assert [len(p.targets) for p in tight.pieces] == [2, 2]  # 600 characters a window

    body = review_body(
        soul="reviewer",
        head="a" * 40,
        why="not reviewed yet",
        verdict="comment",
        comments=[],
        read=[p.where for p in small.pieces],
        skipped=small.skipped,
    )
    assert "- Skipped: old.txt (deleted" in body and "big.py lines 25-30 (over" in body


def test_a_re_review_asks_only_about_the_changed_lines() -> None:
    lines = ["a = 1", "b = 2", "c = 3", "d = 4"]
    again = cut(_added_file("m.py", lines), budget=4000, max_pieces=10, only={"m.py": {3}})
    (piece,) = again.pieces
    assert [t.new for t in piece.targets] == [3]
    assert [(ln.kind, ln.new) for ln in piece.lines] == [(" ", 1), (" ", 2), ("+", 3), (" ", 4)]
    assert cut(_added_file("m.py", lines), budget=4000, max_pieces=10, only={}).pieces == []
    assert new_lines("a\nb\nc\n", "a\nB\nc\nd\n") == {2, 4}


def test_the_quote_comes_from_the_diff_in_a_fence_it_cannot_close() -> None:
    body = comment_body(LineComment("a.md", 3, "use ```code``` here", "Say why."))
    assert body == "````\nuse ```code``` here\n````\n\nSay why."


def test_closed_issues_and_trigger_helpers() -> None:
    assert closed_numbers("Fixes #12, closes: #3 and resolves #12. See #9.") == [12, 3]
    assert glob_match("db/migrations/versions/0002.py", "**/migrations/**")
    assert glob_match("migrations/0001.sql", "**/migrations/**")
    assert glob_match("reports/q.sql", "*.sql") and not glob_match("reports/q.sqlite", "*.sql")
    assert not glob_match("app/models.py", "**/migrations/**")
    assert mentions("Tune HNSW for pgvector?", "pgvector")
    assert mentions("run EXPLAIN   ANALYZE first", "explain analyze")
    assert not mentions("pgvectorscale is another", "pgvector")
