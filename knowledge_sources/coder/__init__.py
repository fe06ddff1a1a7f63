"""The coder: a task or a labelled issue -> plan -> precise edits -> gate -> commit and PR."""
