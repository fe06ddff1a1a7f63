"""Prompt safety: untrusted text fenced as labelled data, and the rule that says so."""
