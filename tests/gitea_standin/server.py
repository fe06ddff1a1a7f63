"""The stand-in Gitea server: a threaded WSGI server on loopback (API + git smart HTTP).

Every API request is matched to an operation of Gitea's spec and validated (path, query, body)
before a handler runs; every reply is validated against the documented response. Violations
are collected in ``violations`` (the fixture fails the test on any). Webhook deliveries are
collected in ``deliveries``. ``hang``/``release`` make the API hang (up to ``hang_limit_s`` per
request) like a Gitea that is overloaded; ``fail_next`` makes it fail.
"""

from __future__ import annotations

import base64
import email.utils
import http
import threading
from collections.abc import Iterable
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs, unquote
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from blackboard.connectors.gitea.spec import load_spec
from tests.gitea_standin import (  # noqa: F401  (handler modules register themselves)
    handlers_issues,
    handlers_pulls,
    handlers_repos,
    handlers_wiki,
    webhooks,
)
from tests.gitea_standin.git_http import GitHTTP, StartResponse
from tests.gitea_standin.http import ApiError, Reply, Request
from tests.gitea_standin.registry import HANDLERS
from tests.gitea_standin.state import Repo, State, User
from tests.gitea_standin.validation import Violations, check_reply, check_request


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return

    def get_environ(self) -> dict[str, Any]:
        """wsgiref's environment plus the path as sent (``%2F`` in a branch name kept)."""
        environ = dict(super().get_environ())
        environ["RAW_PATH_INFO"] = self.path.split("?", 1)[0]
        return environ


class StandinGitea:
    """An in-memory Gitea on ``http://127.0.0.1:<port>`` for one test module or test."""

    def __init__(self, token: str = "standin-admin-token", admin: str = "admin") -> None:  # noqa: S107
        self.state = State()
        self.spec = load_spec(strict=True)
        self.violations = Violations()
        self.deliveries: list[webhooks.Delivery] = []
        self.requests: list[tuple[str, str, str]] = []
        self.faults: list[tuple[int, dict[str, str]]] = []
        self.answering = threading.Event()
        self.answering.set()
        self.hang_limit_s = 10.0
        self.token = token
        self.admin = self.state.add_user(admin, token=token)
        self.admin.is_admin = True
        self.git = GitHTTP(self)
        self.url = ""
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- life cycle -----------------------------------------------------------------------

    def start(self) -> StandinGitea:
        server = make_server(
            "127.0.0.1", 0, self.wsgi, server_class=_Server, handler_class=_QuietHandler
        )
        assert isinstance(server, _Server)
        self._server = server
        self.url = f"http://127.0.0.1:{server.server_port}"
        self._thread = threading.Thread(
            target=server.serve_forever, name="gitea-standin", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    # -- helpers for tests ----------------------------------------------------------------

    def fail_next(self, status: int, count: int = 1, headers: dict[str, str] | None = None) -> None:
        """Answer the next ``count`` API requests with ``status`` (after validation)."""
        self.faults.extend([(status, headers or {})] * count)

    def hang(self, limit_s: float = 10.0) -> None:
        """Hold every API request (up to ``limit_s`` each) until ``release``."""
        self.hang_limit_s = limit_s
        self.answering.clear()

    def release(self) -> None:
        """Answer API requests again (held ones go on at once)."""
        self.answering.set()

    def emit(self, repo: Repo, event_type: str, payload: dict[str, Any]) -> None:
        self.deliveries.extend(webhooks.deliveries_for(repo, event_type, payload))

    def authenticate(self, environ: dict[str, Any]) -> User | None:
        """The user a request's token belongs to (``token``/``Bearer``/Basic/query)."""
        header = environ.get("HTTP_AUTHORIZATION", "")
        scheme, _, value = header.partition(" ")
        token = ""
        if scheme.lower() in ("token", "bearer"):
            token = value.strip()
        elif scheme.lower() == "basic":
            decoded = base64.b64decode(value.strip() or b"").decode("utf-8", "replace")
            token = decoded.partition(":")[2]
        else:
            query = parse_qs(environ.get("QUERY_STRING", ""))
            token = (query.get("access_token") or query.get("token") or [""])[0]
        login = self.state.tokens.get(token)
        return self.state.users.get(login.lower()) if login else None

    # -- WSGI -----------------------------------------------------------------------------

    def wsgi(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ["PATH_INFO"]
        if path.startswith("/api/v1/"):
            self.answering.wait(self.hang_limit_s)
            return self._api(environ, start_response)
        if ".git/" in path or path.endswith(".git"):
            return self.git(environ, start_response)
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found\n"]

    def _api(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        raw = environ.get("RAW_PATH_INFO", environ["PATH_INFO"])[len("/api/v1") :]
        path = unquote(raw)
        query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        matched = self.spec.match(method, raw)  # like Gitea: a %2F stays inside its segment
        if matched is None:
            self.violations.append(f"{method} {path}: no such operation in the spec")
            return self._send(start_response, Reply(404, {"message": "not found", "url": ""}))
        op, quoted = matched
        path_params = {name: unquote(value) for name, value in quoted.items()}
        self.requests.append((method, path, op.operation_id))
        reply = self._handle(op.operation_id, environ, method, path, path_params, query, body)
        problems = check_reply(
            self.spec, op, reply.status, reply.body, reply.raw is None and reply.status != 204
        )
        self.violations.add(f"reply of {op.operation_id}", problems)
        return self._send(start_response, reply)

    def _handle(
        self,
        op_id: str,
        environ: dict[str, Any],
        method: str,
        path: str,
        path_params: dict[str, str],
        query: dict[str, list[str]],
        body: bytes,
    ) -> Reply:
        op = self.spec.operation(op_id)
        params, parsed, problems = check_request(
            self.spec, op, path_params, query, body, environ.get("CONTENT_TYPE", "")
        )
        if problems:
            self.violations.add(f"request {op_id}", problems)
            return Reply(422, {"message": "; ".join(problems), "url": ""})
        if self.faults:
            status, headers = self.faults.pop(0)
            return Reply(status, {"message": "injected fault", "url": ""}, headers)
        user = self.authenticate(environ)
        if user is None:
            return Reply(401, {"message": "token is required", "url": ""})
        handler = HANDLERS.get(op_id)
        if handler is None:
            self.violations.append(f"the stand-in does not implement {op_id}")
            return Reply(404, {"message": f"stand-in: {op_id} not implemented", "url": ""})
        request = Request(
            method,
            path,
            op_id,
            params,
            parsed,
            user,
            self.state,
            self.url,
            {
                k[5:].replace("_", "-").lower(): v
                for k, v in environ.items()
                if k.startswith("HTTP_")
            },
            self.emit,
        )
        with self.state.lock:
            try:
                return handler(request)
            except ApiError as err:
                return Reply(err.status, {"message": err.message, "url": f"{self.url}/api/swagger"})
            except Exception as exc:  # a stand-in bug: fail the test, answer like Gitea would
                self.violations.append(f"the stand-in crashed in {op_id}: {exc!r}")
                return Reply(500, {"message": "internal error", "url": ""})

    def _send(self, start_response: StartResponse, reply: Reply) -> Iterable[bytes]:
        data = reply.encoded()
        headers = [
            ("Content-Type", reply.content_type),
            ("Content-Length", str(len(data))),
            ("Date", email.utils.format_datetime(self.state.clock.now, usegmt=True)),
        ]
        headers += list(reply.headers.items())
        phrase = http.HTTPStatus(reply.status).phrase
        start_response(f"{reply.status} {phrase}", headers)
        return [data]
