"""The typed tool registry: a model calls tools by name with JSON arguments, validated by
pydantic; bad arguments and tool errors come back as failed results it can read."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest
from pydantic import ValidationError

from knowledge_sources.workbench.tool_calls import AnyCall, ToolCall, ViewCall
from knowledge_sources.workbench.tools import TOOLS_BY_NAME, call_tool, tool_schemas
from tests.workbench_support import make_workbench


def test_every_tool_has_a_json_schema() -> None:
    schemas = {s["name"]: s for s in tool_schemas()}
    assert set(schemas) == {
        "view", "search", "search_replace", "insert_lines", "replace_lines",
        "replace_definition", "create_file", "delete_file", "neovim_ex", "undo",
    }  # fmt: skip
    replace = schemas["search_replace"]["parameters"]
    assert replace["required"] == ["path", "old", "new"]
    assert replace["properties"]["old"]["minLength"] == 1
    assert set(TOOLS_BY_NAME) == set(schemas)


async def test_tools_run_with_typed_arguments(tmp_path: Path) -> None:
    bench = make_workbench(tmp_path)
    edit = await call_tool(
        bench, "search_replace", {"path": "README.md", "old": "# Demo", "new": "# Shapes"}
    )
    assert edit.ok, edit.output
    view = await call_tool(bench, "view", {"path": "README.md", "count": 1})
    assert view.output.splitlines()[1] == "1| # Shapes"
    assert (await call_tool(bench, "undo", {})).ok
    assert (tmp_path / "README.md").read_text().startswith("# Demo")


async def test_bad_calls_come_back_as_failed_results(tmp_path: Path) -> None:
    bench = make_workbench(tmp_path)
    missing = await call_tool(bench, "view", {"start": 0})
    assert not missing.ok
    assert "bad arguments for view" in missing.output and "path" in missing.output
    unknown = await call_tool(bench, "rewrite_everything", {})
    assert not unknown.ok and "no tool 'rewrite_everything'; tools: view, search" in unknown.output
    escape = await call_tool(bench, "delete_file", {"path": "../x"})
    assert not escape.ok and "'..' is not allowed" in escape.output
    twice = await call_tool(
        bench, "search_replace", {"path": "pkg/util.py", "old": "TOTAL = 0", "new": "X"}
    )
    assert not twice.ok and "occurs 2 times" in twice.output


def test_the_loop_offers_exactly_the_registered_tools_and_done() -> None:
    calls = get_args(AnyCall)
    names = {get_args(call.model_fields["tool"].annotation)[0] for call in calls}
    assert names == set(TOOLS_BY_NAME) | {"done"}
    for call in calls:
        if call.__name__ != "DoneCall":
            tool = TOOLS_BY_NAME[get_args(call.model_fields["tool"].annotation)[0]]
            assert call.model_fields["arguments"].annotation is tool.arguments


def test_a_step_carries_the_tools_own_arguments() -> None:
    step = ToolCall.model_validate({"tool": "view", "arguments": {"path": "a.py", "count": 5}})
    assert isinstance(step.root, ViewCall) and step.root.arguments.count == 5
    with pytest.raises(ValidationError, match="path"):
        ToolCall.model_validate({"tool": "view", "arguments": {"start": 2}})
    assert ToolCall.model_validate({"tool": "done"}).root.tool == "done"
