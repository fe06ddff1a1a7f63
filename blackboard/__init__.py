"""The blackboard: the one shared store of gitea-assistants (PostgreSQL + pgvector)."""
