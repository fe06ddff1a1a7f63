"""The documentation writer: a docs gap -> a cited docs change on a branch -> a pull request."""
