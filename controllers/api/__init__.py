"""The Litestar HTTP API of the board (OpenAPI at /schema)."""
