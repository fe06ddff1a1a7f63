"""Tests of gitea-assistants (real PostgreSQL + pgvector: the embedded server)."""
