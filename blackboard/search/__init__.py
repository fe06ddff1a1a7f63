"""Hybrid search over chunks: pgvector HNSW + PostgreSQL full text, fused by reciprocal rank."""

from blackboard.search.hybrid import search, search_entries

__all__ = ["search", "search_entries"]
