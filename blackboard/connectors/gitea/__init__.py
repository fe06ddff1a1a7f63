"""The Gitea connector: spec, client, typed operations, errors, settings and git transport."""
