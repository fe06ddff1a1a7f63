"""The shipped benchmarks of every layer; each runs on a scratch database it creates and
drops, never on the board."""
