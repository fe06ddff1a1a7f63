"""The web view's route handlers, one module per page."""
