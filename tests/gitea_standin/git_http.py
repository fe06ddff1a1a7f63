"""Git smart HTTP for the stand-in: dulwich's WSGI app over the in-memory repositories.

``/owner/repo.git`` and ``/owner/repo.wiki.git`` serve clone and fetch to anyone and push to a
valid token. A push that touches a protected branch is refused (HTTP 403) before dulwich
applies it, when git sends the request with a Content-Length (small pushes; chunked ones are
not inspected). After a push the repository's updated time moves and a push webhook goes out.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from dulwich.errors import NotGitRepository
from dulwich.server import Backend, BackendRepo
from dulwich.web import HTTPGitApplication

from tests.gitea_standin import git_events, git_store

if TYPE_CHECKING:
    from tests.gitea_standin.server import StandinGitea

StartResponse = Callable[..., Any]
_SUFFIXES = ("/info/refs", "/git-upload-pack", "/git-receive-pack", "/HEAD")


class StandinBackend(Backend):
    """Finds repositories in the stand-in's state; takes ``/owner/repo.git`` as str or bytes."""

    def __init__(self, server: StandinGitea) -> None:
        self.server = server

    def open_repository(self, path: str | bytes) -> BackendRepo:
        text = path.decode() if isinstance(path, bytes) else path
        key = text.strip("/").removesuffix(".git")
        found = self.server.state.git_repo(key)
        if found is None:
            raise NotGitRepository(f"no repository at {text}")
        return found  # type: ignore[return-value]


def repo_key(path: str) -> str:
    """``/acme/site.wiki.git/info/refs`` -> ``acme/site.wiki``."""
    for suffix in _SUFFIXES:
        if suffix in path:
            path = path[: path.index(suffix)]
            break
    return path.strip("/").removesuffix(".git")


def pushed_refs(body: bytes) -> list[str]:
    """Ref names in the command list at the start of a receive-pack request."""
    refs, pos = [], 0
    while pos + 4 <= len(body):
        size = int(body[pos : pos + 4], 16)
        if size == 0:
            break
        line = body[pos + 4 : pos + size].split(b"\0", 1)[0].strip()
        parts = line.split(b" ")
        if len(parts) == 3:
            refs.append(parts[2].decode())
        pos += size
    return refs


class GitHTTP:
    """The WSGI side of git: auth for pushes, protected branches, push events."""

    def __init__(self, server: StandinGitea) -> None:
        self.server = server
        self.app = HTTPGitApplication(StandinBackend(server))

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path, query = environ["PATH_INFO"], environ.get("QUERY_STRING", "")
        pushing = path.endswith("/git-receive-pack") or "service=git-receive-pack" in query
        key = repo_key(path)
        if pushing:
            user = self.server.authenticate(environ)
            if user is None:
                start_response(
                    "401 Unauthorized",
                    [("WWW-Authenticate", 'Basic realm="Gitea"'), ("Content-Type", "text/plain")],
                )
                return [b"authentication required\n"]
        if not (pushing and environ["REQUEST_METHOD"] == "POST"):
            return self.app(environ, start_response)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        repo = self.server.state.repos.get(key.removesuffix(".wiki").lower())
        wiki = key.endswith(".wiki")
        if repo is not None and not wiki:
            blocked = [
                r for r in pushed_refs(body) if r.removeprefix("refs/heads/") in repo.protected
            ]
            if blocked:
                start_response("403 Forbidden", [("Content-Type", "text/plain")])
                return [f"protected branch: {', '.join(blocked)}\n".encode()]
        if length:
            environ["wsgi.input"] = io.BytesIO(body)
        with self.server.state.lock:
            git = self.server.state.git_repo(key)
            before = git_store.branches(git) if git is not None else {}
            out = list(self.app(environ, start_response))
            after = git_store.branches(git) if git is not None else {}
            if repo is not None and not wiki and user is not None:
                for branch in sorted(set(before) | set(after)):
                    if before.get(branch) != after.get(branch):
                        git_events.branch_moved(
                            self.server.state,
                            repo,
                            branch,
                            before.get(branch),
                            after.get(branch),
                            user,
                            self.server.url,
                            self.server.emit,
                        )
        return out
