"""The reviewer: an open pull request (or its new commits) gets one Gitea review, with line
comments anchored on the diff, each quoting the code it is about, and a verdict by choice."""
