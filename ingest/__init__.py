"""Getting the world onto the board: documents, dependency docs, the Gitea mirror."""
