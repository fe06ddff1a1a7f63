"""Scheduled scans: souls looking for work on the board on their own schedule."""
