"""Contract: every Gitea operation the project calls exists in Gitea's spec with this method/path.

``CALLED`` is the list, by hand; the test also scans the project's Gitea code for operationId
literals so a new call cannot slip in without being listed (and checked) here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from blackboard.connectors.gitea.spec import load_spec

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    ROOT / "blackboard" / "connectors" / "gitea",
    ROOT / "ingest" / "gitea",
    ROOT / "controllers" / "outbox",
    ROOT / "controllers" / "api" / "routes" / "gitea_webhooks.py",
    ROOT / "controllers" / "cli" / "commands" / "sync.py",
    ROOT / "controllers" / "cli" / "commands" / "gitea.py",
]

CALLED: dict[str, tuple[str, str]] = {
    "userGetCurrent": ("GET", "/user"),
    "orgListRepos": ("GET", "/orgs/{org}/repos"),
    "userListRepos": ("GET", "/users/{username}/repos"),
    "repoGet": ("GET", "/repos/{owner}/{repo}"),
    "repoSearch": ("GET", "/repos/search"),
    "repoListBranches": ("GET", "/repos/{owner}/{repo}/branches"),
    "repoGetBranch": ("GET", "/repos/{owner}/{repo}/branches/{branch}"),
    "repoCreateBranch": ("POST", "/repos/{owner}/{repo}/branches"),
    "repoListBranchProtection": ("GET", "/repos/{owner}/{repo}/branch_protections"),
    "repoGetAllCommits": ("GET", "/repos/{owner}/{repo}/commits"),
    "GetTree": ("GET", "/repos/{owner}/{repo}/git/trees/{sha}"),
    "repoGetRawFile": ("GET", "/repos/{owner}/{repo}/raw/{filepath}"),
    "repoGetContents": ("GET", "/repos/{owner}/{repo}/contents/{filepath}"),
    "repoCreateFile": ("POST", "/repos/{owner}/{repo}/contents/{filepath}"),
    "repoUpdateFile": ("PUT", "/repos/{owner}/{repo}/contents/{filepath}"),
    "issueListIssues": ("GET", "/repos/{owner}/{repo}/issues"),
    "issueSearchIssues": ("GET", "/repos/issues/search"),
    "issueGetIssue": ("GET", "/repos/{owner}/{repo}/issues/{index}"),
    "issueCreateIssue": ("POST", "/repos/{owner}/{repo}/issues"),
    "issueEditIssue": ("PATCH", "/repos/{owner}/{repo}/issues/{index}"),
    "issueGetComments": ("GET", "/repos/{owner}/{repo}/issues/{index}/comments"),
    "issueCreateComment": ("POST", "/repos/{owner}/{repo}/issues/{index}/comments"),
    "issueEditComment": ("PATCH", "/repos/{owner}/{repo}/issues/comments/{id}"),
    "issueListLabels": ("GET", "/repos/{owner}/{repo}/labels"),
    "issueAddLabel": ("POST", "/repos/{owner}/{repo}/issues/{index}/labels"),
    "issueGetMilestonesList": ("GET", "/repos/{owner}/{repo}/milestones"),
    "repoListPullRequests": ("GET", "/repos/{owner}/{repo}/pulls"),
    "repoGetPullRequest": ("GET", "/repos/{owner}/{repo}/pulls/{index}"),
    "repoCreatePullRequest": ("POST", "/repos/{owner}/{repo}/pulls"),
    "repoGetPullRequestFiles": ("GET", "/repos/{owner}/{repo}/pulls/{index}/files"),
    "repoDownloadPullDiffOrPatch": ("GET", "/repos/{owner}/{repo}/pulls/{index}.{diffType}"),
    "repoListPullReviews": ("GET", "/repos/{owner}/{repo}/pulls/{index}/reviews"),
    "repoCreatePullReview": ("POST", "/repos/{owner}/{repo}/pulls/{index}/reviews"),
    "repoGetWikiPages": ("GET", "/repos/{owner}/{repo}/wiki/pages"),
    "repoGetWikiPage": ("GET", "/repos/{owner}/{repo}/wiki/page/{pageName}"),
    "repoCreateWikiPage": ("POST", "/repos/{owner}/{repo}/wiki/new"),
    "repoEditWikiPage": ("PATCH", "/repos/{owner}/{repo}/wiki/page/{pageName}"),
    "repoListHooks": ("GET", "/repos/{owner}/{repo}/hooks"),
    "repoCreateHook": ("POST", "/repos/{owner}/{repo}/hooks"),
    "repoEditHook": ("PATCH", "/repos/{owner}/{repo}/hooks/{id}"),
    "notifyGetList": ("GET", "/notifications"),
    "repoListReleases": ("GET", "/repos/{owner}/{repo}/releases"),
}


def _literals_in_project() -> set[str]:
    """String literals in the project's Gitea code that name a spec operation."""
    known = set(load_spec().operations)
    found: set[str] = set()
    for source in SOURCES:
        files = [source] if source.is_file() else sorted(source.rglob("*.py"))
        for path in files:
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and node.value in known
                ):
                    found.add(node.value)
    return found


@pytest.mark.parametrize("operation_id", sorted(CALLED))
def test_called_operation_matches_the_spec(operation_id: str) -> None:
    method, path = CALLED[operation_id]
    op = load_spec().operation(operation_id)
    assert (op.method, op.path) == (method, path)


def test_every_operation_the_code_names_is_listed() -> None:
    unlisted = _literals_in_project() - set(CALLED)
    assert not unlisted, f"add these to CALLED (and check them): {sorted(unlisted)}"


def test_the_spec_file_is_gitea_swagger_2() -> None:
    spec = load_spec()
    assert spec.raw["swagger"] == "2.0" and spec.raw["basePath"] == "/api/v1"
    assert len(spec.operations) > 300
    assert (ROOT / "tests" / "data" / "gitea_swagger.json").resolve().is_file()
