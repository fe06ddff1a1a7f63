"""The researcher: a question becomes a cited research note, verified, on the board and wiki."""
