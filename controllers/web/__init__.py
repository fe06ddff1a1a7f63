"""The web view: the board, entries, agents and their queues, for signed-in people (web.md)."""
