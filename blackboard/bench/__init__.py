"""Shipped benchmarks; each runs on a scratch database it creates and drops, never the board."""
