"""The outbox executor: performs recorded actions against Gitea once each, with an audit trail."""
