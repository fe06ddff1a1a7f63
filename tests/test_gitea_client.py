"""The spec-driven client against the stand-in: parameters, pagination, retries, errors."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from blackboard.connectors.gitea.client import GiteaClient
from blackboard.connectors.gitea.errors import (
    GiteaAuthError,
    GiteaForbiddenError,
    GiteaNotFoundError,
    GiteaParameterError,
    GiteaServerError,
)
from tests.gitea_standin import seed
from tests.gitea_standin.fixtures import no_violations, settings_for, standin  # noqa: F401
from tests.gitea_standin.server import StandinGitea

pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.usefixtures("no_violations")]


@pytest.fixture(scope="module")
def gitea(standin: StandinGitea) -> StandinGitea:  # noqa: F811
    standin.state.add_user("acme", is_org=True)
    repo = standin.state.add_repo("acme", "big")
    seed.add_files(standin, repo, {"README.md": "# big\n"})
    for n in range(123):
        seed.add_issue(standin, repo, f"issue {n}")
    return standin


@pytest_asyncio.fixture(loop_scope="session")
async def client(gitea: StandinGitea) -> AsyncIterator[GiteaClient]:
    async with GiteaClient(settings_for(gitea)) as client:
        yield client


async def test_any_operation_by_id(client: GiteaClient) -> None:
    assert (await client.data("getVersion"))["version"]
    readme = await client.data("repoGetContents", owner="acme", repo="big", filepath="README.md")
    assert readme["name"] == "README.md"


async def test_pagination_walks_every_page_with_limit_capped(
    client: GiteaClient, gitea: StandinGitea
) -> None:
    before = len(gitea.requests)
    issues = await client.collect(
        "issueListIssues", owner="acme", repo="big", state="all", limit=500
    )
    assert len(issues) == 123 and len({i["number"] for i in issues}) == 123
    assert len(gitea.requests) - before == 3


async def test_parameters_are_checked_before_sending(
    client: GiteaClient, gitea: StandinGitea
) -> None:
    sent = len(gitea.requests)
    with pytest.raises(GiteaParameterError, match="no parameter 'colour'"):
        await client.call("issueListIssues", owner="acme", repo="big", colour="red")
    with pytest.raises(GiteaParameterError, match="needs path parameter 'repo'"):
        await client.call("issueGetIssue", owner="acme", index=1)
    with pytest.raises(GiteaParameterError, match="index"):
        await client.call("issueGetIssue", owner="acme", repo="big", index="one")
    with pytest.raises(GiteaParameterError, match="state"):
        await client.call("issueListIssues", owner="acme", repo="big", state="sideways")
    with pytest.raises(GiteaParameterError, match="does not fit"):
        await client.call("issueCreateIssue", owner="acme", repo="big", body={"titel": "x"})
    with pytest.raises(GiteaParameterError, match="no operation"):
        await client.call("issueTeleport")
    assert len(gitea.requests) == sent


async def test_server_errors_are_retried(client: GiteaClient, gitea: StandinGitea) -> None:
    gitea.fail_next(500, count=2)
    assert (await client.data("repoGet", owner="acme", repo="big"))["name"] == "big"
    gitea.fail_next(503, count=10)
    with pytest.raises(GiteaServerError):
        await client.data("repoGet", owner="acme", repo="big")
    gitea.faults.clear()


async def test_rate_limit_waits_for_retry_after(client: GiteaClient, gitea: StandinGitea) -> None:
    gitea.fail_next(429, headers={"Retry-After": "0.01"})
    assert (await client.data("repoGet", owner="acme", repo="big"))["name"] == "big"


async def test_post_is_not_retried_after_a_plain_500(
    client: GiteaClient, gitea: StandinGitea
) -> None:
    gitea.fail_next(500)
    with pytest.raises(GiteaServerError):
        await client.call("issueCreateIssue", owner="acme", repo="big", body={"title": "once"})
    assert len(gitea.faults) == 0


async def test_clear_errors_for_401_403_404(gitea: StandinGitea, client: GiteaClient) -> None:
    async with GiteaClient(settings_for(gitea, token="wrong")) as stranger:
        with pytest.raises(GiteaAuthError, match="GA_GITEA_TOKEN") as caught:
            await stranger.data("userGetCurrent")
        assert "wrong" not in str(caught.value)
    with pytest.raises(GiteaNotFoundError, match="repoGet"):
        await client.data("repoGet", owner="acme", repo="nope")
    gitea.fail_next(403)
    with pytest.raises(GiteaForbiddenError):
        await client.data("repoGet", owner="acme", repo="big")


async def test_conditional_requests_reuse_the_cached_body(
    client: GiteaClient, gitea: StandinGitea
) -> None:
    first = await client.data("repoGetRawFile", owner="acme", repo="big", filepath="README.md")
    again = await client.data("repoGetRawFile", owner="acme", repo="big", filepath="README.md")
    assert first == again == "# big\n" and client.not_modified == 1
