"""The edit loop: a model reads an instruction and calls workbench tools until it says ``done``.

Each step the model answers one ``ToolCall`` (``tool_calls.py``; structured output: a tool and
that tool's typed arguments, or ``done``); the tool's result goes back into the next prompt.
The instruction and every tool result (text from the repository) reach the model fenced as
data. The loop stops at ``done`` or after ``max_calls`` calls, and counts what a benchmark or a
task limit needs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from knowledge_sources.models.messages import Message, assistant, user
from knowledge_sources.models.protocol import ModelProvider
from knowledge_sources.prompts.fence import Fence
from knowledge_sources.workbench.tool_calls import DoneCall, ToolCall
from knowledge_sources.workbench.tools import call_tool, tool_schemas
from knowledge_sources.workbench.workbench import ToolResult, Workbench


@dataclass
class LoopOutcome:
    """What the loop did: tool calls made, failed calls, gate failures, whether it said done."""

    calls: int = 0
    failed_calls: int = 0
    gate_failures: int = 0
    done: bool = False
    results: list[ToolResult] = field(default_factory=list)


def _system(fence: Fence) -> str:
    tools = json.dumps(tool_schemas(), separators=(",", ":"))
    return (
        "You change files in a repository with precise edits. Answer with one JSON object "
        '{"tool": name, "arguments": {...}} per step; tool "done" when the change is complete. '
        "View or search before editing; an edit that breaks parsing is refused, a failing "
        f"check can be revised or undone. Tools (JSON schemas): {tools}\n{fence.rule()}"
    )


async def run_tool_loop(
    model: ModelProvider, workbench: Workbench, instruction: str, *, max_calls: int = 12
) -> LoopOutcome:
    """Let ``model`` carry out ``instruction`` on ``workbench`` in at most ``max_calls`` calls."""
    fence = Fence()
    messages: list[Message] = [
        user(fence.wrap(instruction, source="the task", label="instruction"))
    ]
    outcome = LoopOutcome()
    while outcome.calls < max_calls:
        step = await model.structured(messages, ToolCall, system=_system(fence))
        call = step.root
        if isinstance(call, DoneCall):
            outcome.done = True
            break
        result = await call_tool(workbench, call.tool, call.arguments.model_dump())
        outcome.calls += 1
        outcome.failed_calls += not result.ok
        outcome.gate_failures += result.gate is not None and not result.gate.passed
        outcome.results.append(result)
        messages += [
            assistant(call.model_dump_json()),
            user(
                fence.wrap(
                    result.output, source=f"tool {call.tool}", label="ok" if result.ok else "failed"
                )
            ),
        ]
    return outcome
