"""Connectors: clients of outside systems, shared by whoever reads from them and writes to them."""
