"""``gitea-assistants gitea hooks install``: register our signed webhook on the allowed repos.

The hook posts to GA_GITEA_WEBHOOK_URL with GA_GITEA_WEBHOOK_SECRET; an existing hook with the
same URL is updated (secret and events), so running it again changes nothing else.
"""

from __future__ import annotations

import asyncio

import click

from blackboard.connectors.gitea.api import GiteaAPI
from blackboard.connectors.gitea.client import GiteaClient
from blackboard.connectors.gitea.errors import GiteaError
from blackboard.connectors.gitea.settings import GiteaSettings
from controllers.cli.app import app_settings
from controllers.cli.commands.sync import require_gitea
from controllers.cli.output import print_json, print_table

EVENTS = [
    "push",
    "issues",
    "issue_comment",
    "issue_label",
    "issue_assign",
    "issue_milestone",
    "pull_request",
    "pull_request_comment",
    "pull_request_review_approved",
    "pull_request_review_rejected",
    "pull_request_review_comment",
    "pull_request_sync",
    "wiki",
]


async def install_hooks(settings: GiteaSettings, only: str | None = None) -> list[list[str]]:
    """Create or update the hook on every allowed repository; rows of (repo, hook id, what)."""
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
    rows: list[list[str]] = []
    async with GiteaClient(settings) as client:
        api = GiteaAPI(client)
        for owner in [only.split("/", 1)[0]] if only else settings.owners:
            async for repo in api.owner_repos(owner):
                full = repo["full_name"]
                if not settings.allows(full) or (only and full.lower() != only.lower()):
                    continue
                name = full.split("/", 1)[1]
                existing = [
                    h
                    for h in await api.hooks(owner, name)
                    if (h.get("config") or {}).get("url") == settings.webhook_url
                ]
                if existing:
                    hook = await api.edit_hook(
                        owner, name, existing[0]["id"], settings.webhook_url, secret, EVENTS
                    )
                    rows.append([full, str(hook["id"]), "updated"])
                else:
                    hook = await api.create_hook(owner, name, settings.webhook_url, secret, EVENTS)
                    rows.append([full, str(hook["id"]), "created"])
    return rows


@click.group("gitea")
def gitea_group() -> None:
    """Gitea administration for the platform."""


@gitea_group.group("hooks")
def hooks_group() -> None:
    """Webhooks that keep the board current."""


@hooks_group.command("install")
@click.option("--repo", default=None, help="Only this repository (owner/name).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def install_command(repo: str | None, as_json: bool) -> None:
    """Register (or update) the signed webhook on every allowed repository."""
    settings = app_settings().gitea
    require_gitea(settings)
    if settings.read_only:
        raise click.ClickException(
            "read-only mode (GA_GITEA_READ_ONLY) turns every Gitea write off, installing "
            "webhooks too; unset it to install them"
        )
    if not settings.webhook_url or not settings.webhook_secret:
        raise click.ClickException(
            "set GA_GITEA_WEBHOOK_URL (our /gitea/webhook as Gitea "
            "reaches it) and GA_GITEA_WEBHOOK_SECRET first"
        )
    try:
        rows = asyncio.run(install_hooks(settings, repo))
    except GiteaError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        print_json([{"repo": r, "hook": h, "result": what} for r, h, what in rows])
    else:
        print_table("Gitea webhooks", ["repository", "hook", "result"], rows)


CLI_COMMAND = gitea_group
