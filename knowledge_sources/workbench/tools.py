"""The typed tool registry: each workbench tool with a pydantic argument model and a description.

A model calls a tool by name with JSON arguments; ``call_tool`` validates them against the
tool's model and runs it. Invalid arguments and ``WorkbenchError``s come back as a failed
``ToolResult`` with the reason, never as an exception, so the agent can correct itself.
``tool_schemas()`` gives each tool's JSON schema for a model's tool list.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from knowledge_sources.workbench.errors import WorkbenchError
from knowledge_sources.workbench.workbench import ToolResult, Workbench


class ViewArgs(BaseModel):
    path: str = Field(description="file path relative to the repository root")
    start: int = Field(default=1, ge=1, description="first line to show (1-based)")
    count: int = Field(default=100, ge=1, le=400, description="how many lines to show")


class SearchArgs(BaseModel):
    pattern: str = Field(min_length=1, description="text to find (a regular expression if regex)")
    regex: bool = False
    under: str = Field(default="", description="folder to search in; empty: the whole repository")
    glob: str | None = Field(default=None, description="only files matching, e.g. '*.py'")


class SearchReplaceArgs(BaseModel):
    path: str
    old: str = Field(min_length=1, description="exact text that occurs once in the file")
    new: str = Field(description="the text to put in its place")


class InsertLinesArgs(BaseModel):
    path: str
    before_line: int = Field(ge=1, description="the new text starts at this line number")
    content: str


class ReplaceLinesArgs(BaseModel):
    path: str
    first: int = Field(ge=1)
    last: int = Field(ge=1, description="inclusive")
    content: str = Field(description="replacement lines; empty deletes the range")


class ReplaceDefinitionArgs(BaseModel):
    path: str = Field(description="a Python file")
    qualified_name: str = Field(description="function or class, e.g. 'Parser.parse' or 'main'")
    source: str = Field(description="the complete new definition (decorators included)")


class CreateFileArgs(BaseModel):
    path: str
    content: str


class DeleteFileArgs(BaseModel):
    path: str


class NeovimExArgs(BaseModel):
    path: str
    commands: list[str] = Field(
        min_length=1, description="Ex commands such as '%s/old/new/g' or 'g/^#/d', in order"
    )


class UndoArgs(BaseModel):
    pass


@dataclass(frozen=True)
class ToolSpec:
    """One tool: name, what it does, its argument model and how it runs."""

    name: str
    description: str
    arguments: type[BaseModel]
    run: Callable[[Workbench, Any], ToolResult | Awaitable[ToolResult]]


TOOLS: tuple[ToolSpec, ...] = (
    ToolSpec(
        "view", "Show a window of a file with line numbers.", ViewArgs,
        lambda w, a: w.view(a.path, a.start, a.count),
    ),
    ToolSpec(
        "search", "Search the repository; prints path:line: text, bounded.", SearchArgs,
        lambda w, a: w.search(a.pattern, regex=a.regex, under=a.under, glob=a.glob),
    ),
    ToolSpec(
        "search_replace", "Replace text that occurs exactly once in a file.", SearchReplaceArgs,
        lambda w, a: w.search_replace(a.path, a.old, a.new),
    ),
    ToolSpec(
        "insert_lines", "Insert lines before a line number.", InsertLinesArgs,
        lambda w, a: w.insert_lines(a.path, a.before_line, a.content),
    ),
    ToolSpec(
        "replace_lines", "Replace (or delete) an inclusive range of lines.", ReplaceLinesArgs,
        lambda w, a: w.replace_lines(a.path, a.first, a.last, a.content),
    ),
    ToolSpec(
        "replace_definition", "Replace a Python function or class by its qualified name.",
        ReplaceDefinitionArgs,
        lambda w, a: w.replace_definition(a.path, a.qualified_name, a.source),
    ),
    ToolSpec(
        "create_file", "Create a new file.", CreateFileArgs,
        lambda w, a: w.create_file(a.path, a.content),
    ),
    ToolSpec("delete_file", "Delete a file.", DeleteFileArgs, lambda w, a: w.delete_file(a.path)),
    ToolSpec(
        "neovim_ex", "Edit a file with Neovim Ex commands (where Neovim is installed).",
        NeovimExArgs, lambda w, a: w.neovim_ex(a.path, a.commands),
    ),
    ToolSpec("undo", "Undo the latest edit of this task.", UndoArgs, lambda w, a: w.undo()),
)  # fmt: skip
TOOLS_BY_NAME = {tool.name: tool for tool in TOOLS}


def tool_schemas() -> list[dict[str, Any]]:
    """Every tool as ``{name, description, parameters}`` (JSON schema) for a model's tool list."""
    return [
        {
            "name": t.name,
            "description": t.description,
            "parameters": t.arguments.model_json_schema(),
        }
        for t in TOOLS
    ]


async def call_tool(workbench: Workbench, name: str, arguments: dict[str, Any]) -> ToolResult:
    """Validate ``arguments`` for tool ``name`` and run it; failures come back as a result
    (except ``LimitReached``: the workbench's budget is spent, and the task stops)."""
    tool = TOOLS_BY_NAME.get(name)
    if tool is None:
        return ToolResult(False, f"no tool {name!r}; tools: {', '.join(TOOLS_BY_NAME)}")
    if workbench.budget is not None:
        workbench.budget.tool_call()  # LimitReached ends the task: not a result to revise
    try:
        parsed = tool.arguments.model_validate(arguments)
        outcome = tool.run(workbench, parsed)
        return outcome if isinstance(outcome, ToolResult) else await outcome
    except ValidationError as error:
        return ToolResult(False, f"bad arguments for {name}: {error}")
    except WorkbenchError as error:
        return ToolResult(False, str(error))
