"""The declarative base every board table derives from (advanced-alchemy, identity keys)."""

from __future__ import annotations

from advanced_alchemy.base import IdentityAuditBase


class Base(IdentityAuditBase):
    """Identity primary key ``id`` plus ``created_at``/``updated_at`` in UTC."""

    __abstract__ = True
