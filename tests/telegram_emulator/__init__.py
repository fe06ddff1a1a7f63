"""The local Telegram Bot API emulator for tests (telegram-test-api + corrections, loopback only).

``Emulator.start(bots)`` runs ``server.js`` with node; PTB talks to it through ``base_url``,
and the test plays the human users through the emulator's client routes.
"""

from __future__ import annotations

import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / ".tools" / "node" / "node_modules"
SERVER = Path(__file__).with_name("server.js")
INSTALL_HINT = "run deploy/install-test-tools.sh to install the test tools"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Emulator:
    """A running emulator; ``bots`` maps token -> bot username."""

    bots: dict[str, str]
    port: int
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """What PTB's ``base_url`` should be (it appends ``<token>/<method>``)."""
        return f"{self.url}/bot"

    @classmethod
    def start(cls, bots: dict[str, str]) -> Emulator:
        node = "/usr/bin/node" if Path("/usr/bin/node").exists() else "node"
        if not (NODE_MODULES / "telegram-test-api").is_dir():
            raise RuntimeError(
                f"telegram-test-api is not installed in {NODE_MODULES}: {INSTALL_HINT}"
            )
        port = _free_port()
        args = [node, str(SERVER), str(port), *(f"{t}={u}" for t, u in bots.items())]
        try:
            process = subprocess.Popen(
                args,
                env={"GA_NODE_MODULES": str(NODE_MODULES), "PATH": "/usr/bin:/bin"},
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
        except FileNotFoundError as exc:
            raise RuntimeError(f"node is not installed: {INSTALL_HINT}") from exc
        emulator = cls(bots, port, process)
        emulator._wait_ready()
        return emulator

    def _wait_ready(self, limit_s: float = 15.0) -> None:
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                out = self.process.stdout.read().decode() if self.process.stdout else ""
                raise RuntimeError(f"the Telegram emulator exited: {out}")
            try:
                httpx.get(f"{self.url}/webhookDeliveries", timeout=1.0)
                return
            except httpx.TransportError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("the Telegram emulator did not start in time")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()

    def group_message(
        self,
        token: str,
        chat_id: int,
        text: str,
        *,
        user_id: int = 42,
        username: str = "alice",
        entities: list[dict[str, Any]] | None = None,
        reply_to: dict[str, Any] | None = None,
    ) -> None:
        """A person writes ``text`` in group ``chat_id``; delivered to the bot with ``token``."""
        message: dict[str, Any] = {
            "botToken": token,
            "from": {"id": user_id, "is_bot": False, "first_name": username, "username": username},
            "chat": {"id": chat_id, "type": "group", "title": "Team"},
            "date": int(time.time()),
            "text": text,
        }
        if entities:
            message["entities"] = entities
        if reply_to:
            message["reply_to_message"] = reply_to
        route = "sendCommand" if text.startswith("/") else "sendMessage"
        if route == "sendCommand" and not entities:
            command = text.split(" ", 1)[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        httpx.post(f"{self.url}/{route}", json=message, timeout=5.0).raise_for_status()

    def bot_messages(self, token: str, chat_id: int) -> list[dict[str, Any]]:
        """Messages the bot with ``token`` sent to ``chat_id`` not read yet (marks them read)."""
        resp = httpx.post(
            f"{self.url}/getUpdates", json={"token": token, "chatId": chat_id}, timeout=5.0
        )
        resp.raise_for_status()
        return [item["message"] for item in resp.json()["result"]]

    def fail_send_message(self, token: str, count: int, status: int = 502) -> None:
        """The next ``count`` sendMessage calls of the bot with ``token`` fail with ``status``."""
        httpx.post(
            f"{self.url}/failSendMessage",
            json={"token": token, "count": count, "status": status},
            timeout=5.0,
        ).raise_for_status()

    def webhook_deliveries(self) -> list[dict[str, Any]]:
        """Each webhook delivery the emulator made: token and the HTTP status it got."""
        resp = httpx.get(f"{self.url}/webhookDeliveries", timeout=5.0)
        resp.raise_for_status()
        return list(resp.json()["result"])
