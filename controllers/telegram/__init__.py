"""Telegram: one bot per soul in the team's group chats (see telegram.md)."""
