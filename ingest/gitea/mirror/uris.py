"""Source URIs of mirrored Gitea objects: Gitea's own web URLs, so every entry links back."""

from __future__ import annotations

from urllib.parse import quote


def repo_url(base: str, full_name: str) -> str:
    return f"{base.rstrip('/')}/{full_name}"


def issue_url(base: str, full_name: str, number: int, pull: bool = False) -> str:
    return f"{repo_url(base, full_name)}/{'pulls' if pull else 'issues'}/{number}"


def comment_url(base: str, full_name: str, number: int, comment_id: int, pull: bool) -> str:
    return f"{issue_url(base, full_name, number, pull)}#issuecomment-{comment_id}"


def label_url(base: str, full_name: str, label_id: int) -> str:
    return f"{repo_url(base, full_name)}/labels?label={label_id}"


def milestone_url(base: str, full_name: str, milestone_id: int) -> str:
    return f"{repo_url(base, full_name)}/milestone/{milestone_id}"


def wiki_url(base: str, full_name: str, page: str) -> str:
    return f"{repo_url(base, full_name)}/wiki/{quote(page)}"


def file_url(base: str, full_name: str, branch: str, path: str) -> str:
    return f"{repo_url(base, full_name)}/src/branch/{quote(branch)}/{quote(path)}"
