"""Errors a workbench tool reports to the agent: one clear sentence that says what to do instead."""

from __future__ import annotations


class WorkbenchError(Exception):
    """A tool call that cannot be carried out; the message is shown to the agent as is."""


class PathEscapeError(WorkbenchError):
    """A path that would leave the workspace (``..``, an absolute path, a symlink pointing out)."""


class MatchError(WorkbenchError):
    """A search/replace whose old text occurs zero times or more than once."""
