"""The ``gitea-assistants`` command line (Litestar's click CLI with our commands plugged in)."""
