"""The triager: a new or reopened Gitea issue gets labels from its repository's own set, its
likely duplicates found and confirmed, and one comment saying what was done and why."""
