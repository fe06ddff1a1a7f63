"""Souls: each agent's persona, résumé, model, triggers and rights, loaded from ``souls/``."""

from knowledge_sources.souls.errors import SoulError, SoulsInvalidError
from knowledge_sources.souls.loader import default_souls_dir, load_soul, load_souls
from knowledge_sources.souls.schema import Action, Rounds, Soul, Trigger

__all__ = [
    "Action",
    "Rounds",
    "Soul",
    "SoulError",
    "SoulsInvalidError",
    "Trigger",
    "default_souls_dir",
    "load_soul",
    "load_souls",
]
