"""One step of a model at the tools, typed: ``{"tool": name, "arguments": {...}}`` where the
arguments are that tool's own pydantic model, so constrained decoding fills in the tool's
fields (a ``view`` always has a ``path``), or ``{"tool": "done"}`` when the change is made."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, RootModel

from knowledge_sources.workbench.tools import (
    CreateFileArgs,
    DeleteFileArgs,
    InsertLinesArgs,
    NeovimExArgs,
    ReplaceDefinitionArgs,
    ReplaceLinesArgs,
    SearchArgs,
    SearchReplaceArgs,
    UndoArgs,
    ViewArgs,
)


class ViewCall(BaseModel):
    tool: Literal["view"]
    arguments: ViewArgs


class SearchCall(BaseModel):
    tool: Literal["search"]
    arguments: SearchArgs


class SearchReplaceCall(BaseModel):
    tool: Literal["search_replace"]
    arguments: SearchReplaceArgs


class InsertLinesCall(BaseModel):
    tool: Literal["insert_lines"]
    arguments: InsertLinesArgs


class ReplaceLinesCall(BaseModel):
    tool: Literal["replace_lines"]
    arguments: ReplaceLinesArgs


class ReplaceDefinitionCall(BaseModel):
    tool: Literal["replace_definition"]
    arguments: ReplaceDefinitionArgs


class CreateFileCall(BaseModel):
    tool: Literal["create_file"]
    arguments: CreateFileArgs


class DeleteFileCall(BaseModel):
    tool: Literal["delete_file"]
    arguments: DeleteFileArgs


class NeovimExCall(BaseModel):
    tool: Literal["neovim_ex"]
    arguments: NeovimExArgs


class UndoCall(BaseModel):
    tool: Literal["undo"]
    arguments: UndoArgs = Field(default_factory=UndoArgs)


class DoneCall(BaseModel):
    tool: Literal["done"]


AnyCall = (
    ViewCall
    | SearchCall
    | SearchReplaceCall
    | InsertLinesCall
    | ReplaceLinesCall
    | ReplaceDefinitionCall
    | CreateFileCall
    | DeleteFileCall
    | NeovimExCall
    | UndoCall
    | DoneCall
)


class ToolCall(RootModel[Annotated[AnyCall, Field(discriminator="tool")]]):
    """A model's step: one of the calls above, told apart by ``tool``."""
