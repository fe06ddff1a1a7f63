"""The coder's workbench: precise, undoable, gated edits in a checkout (see workbench.md)."""
