"""A stand-in Gitea for tests: in-memory state, spec-validated API, git smart HTTP, webhooks."""

from tests.gitea_standin.server import StandinGitea

__all__ = ["StandinGitea"]
