"""The specialists: knowledge sources with a declarative trigger and one contribute step."""
