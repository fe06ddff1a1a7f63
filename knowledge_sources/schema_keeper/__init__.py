"""The schema keeper: when a migration lands (a merged pull request touching migrations, or a
task tagged ``schema``), reflect the named databases and keep a schema note for the team on the
board and in the repository's wiki."""
