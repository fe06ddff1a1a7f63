"""Where documents come from: local document stores and installed Python distributions."""
