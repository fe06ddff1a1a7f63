"""The stand-in instance the mirror tests use: several repos, >50 issues, pulls, wiki, docs."""

from __future__ import annotations

from dataclasses import dataclass

from tests.gitea_standin import seed
from tests.gitea_standin.server import StandinGitea

SIZES = {"site": (60, 4, 6, 5), "tools": (12, 2, 4, 4), "notes": (5, 1, 3, 3)}


@dataclass
class World:
    server: StandinGitea
    repos: list[str]


def build(server: StandinGitea) -> World:
    """acme/site, acme/tools, acme/notes (allowed) and other/private (not allowed)."""
    server.state.add_user("acme", is_org=True)
    server.state.add_user("other")
    names = []
    for repo_name, (issues, pulls, pages, docs) in SIZES.items():
        repo = server.state.add_repo("acme", repo_name, f"The {repo_name} project")
        names.append(repo.full_name)
        files = {
            "README.md": f"# {repo_name}\n\nWhat {repo_name} is for.\n",
            f"{repo_name}/{repo_name}.md": f"# {repo_name} package\n\nLayout.\n",
            "src/main.py": "print('hi')\n",
        }
        for n in range(docs - 2):
            files[f"docs/topic-{n}.md"] = f"# Topic {n}\n\nNotes on topic {n} of {repo_name}.\n"
        seed.add_files(server, repo, files)
        bug = seed.add_label(server, repo, "bug")
        seed.add_label(server, repo, "docs")
        milestone = seed.add_milestone(server, repo, "v1")
        for n in range(issues):
            issue = seed.add_issue(
                server,
                repo,
                f"{repo_name} issue {n}",
                f"Body of {repo_name} issue {n}.",
                labels=[bug.id] if n % 3 == 0 else [],
                milestone=milestone.id if n % 4 == 0 else None,
                state="closed" if n % 5 == 4 else "open",
            )
            if n % 6 != 5:
                seed.add_comment(server, repo, issue, f"First comment on {repo_name} #{n}")
            if n % 7 == 0:
                seed.add_comment(server, repo, issue, f"Second comment on {repo_name} #{n}")
        for n in range(pulls):
            pull = seed.add_pull(
                server,
                repo,
                f"feature-{n}",
                f"{repo_name} change {n}",
                {f"src/feature_{n}.py": f"x = {n}\n"},
            )
            seed.add_comment(server, repo, pull, f"Comment on pull {n}")
        for n in range(pages):
            seed.add_wiki(server, repo, f"Page {n}", f"# Page {n}\n\nWiki text {n} of {repo_name}.")
    secret = server.state.add_repo("other", "private", "Not allowed")
    seed.add_files(server, secret, {"README.md": "# secret\n"})
    seed.add_issue(server, secret, "not mirrored")
    return World(server, names)
