"""Prompt patterns in Fabric's layout (``loader.py``); the shipped patterns are its folders."""

from knowledge_sources.patterns.loader import Pattern, PatternError, Patterns, read_pattern

__all__ = ["Pattern", "PatternError", "Patterns", "read_pattern"]
