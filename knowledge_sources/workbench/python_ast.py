"""AST-aware Python edit: replace a function or class by its qualified name (``Class.method``).

The standard library's ``ast`` finds the definition (decorators included) and its exact lines;
the new source is re-indented to the definition's indentation, so the agent may write it at any
indentation. Nested functions count too (``outer.inner``).
"""

from __future__ import annotations

import ast
import textwrap

from knowledge_sources.workbench.errors import WorkbenchError
from knowledge_sources.workbench.line_edits import replace_lines

Definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


def _definitions(body: list[ast.stmt], prefix: str) -> dict[str, Definition]:
    found: dict[str, Definition] = {}
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            name = f"{prefix}{node.name}"
            found.setdefault(name, node)
            found.update(
                {k: v for k, v in _definitions(node.body, f"{name}.").items() if k not in found}
            )
    return found


def find_definition(source: str, qualified_name: str) -> tuple[int, int, int]:
    """First line (decorators included), last line and column of ``qualified_name``'s definition."""
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        raise WorkbenchError(
            f"the file does not parse now (line {error.lineno}: {error.msg})"
        ) from error
    definitions = _definitions(tree.body, "")
    node = definitions.get(qualified_name)
    if node is None:
        names = ", ".join(sorted(definitions)) or "none"
        raise WorkbenchError(f"no function or class {qualified_name!r}; defined: {names}")
    first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
    assert node.end_lineno is not None  # set by ast.parse for every statement
    return first, node.end_lineno, node.col_offset


def replace_definition(source: str, qualified_name: str, new_source: str) -> str:
    """``source`` with ``qualified_name``'s definition replaced by ``new_source``."""
    first, last, column = find_definition(source, qualified_name)
    replacement = textwrap.indent(textwrap.dedent(new_source).strip("\n") + "\n", " " * column)
    try:
        ast.parse(textwrap.dedent(new_source))
    except SyntaxError as error:
        raise WorkbenchError(
            f"the new definition does not parse (line {error.lineno}: {error.msg})"
        ) from error
    return replace_lines(source, first, last, replacement)
