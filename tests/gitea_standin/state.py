"""The stand-in's in-memory world: users, repositories, issues, pulls, comments, hooks, a clock."""

from __future__ import annotations

import datetime
import itertools
import threading
from dataclasses import dataclass, field

from dulwich.repo import MemoryRepo

from tests.gitea_standin import git_store

EPOCH = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)


class Clock:
    """A logical clock: every change moves it one second on, so timestamps are distinct."""

    def __init__(self, start: datetime.datetime = EPOCH) -> None:
        self.now = start

    def tick(self) -> datetime.datetime:
        self.now += datetime.timedelta(seconds=1)
        return self.now


@dataclass
class User:
    id: int
    login: str
    full_name: str = ""
    email: str = ""
    is_org: bool = False
    is_admin: bool = False


@dataclass
class Label:
    id: int
    name: str
    color: str = "ee0701"
    description: str = ""


@dataclass
class Milestone:
    id: int
    title: str
    created: datetime.datetime
    updated: datetime.datetime
    description: str = ""
    state: str = "open"
    closed_at: datetime.datetime | None = None


@dataclass
class Comment:
    id: int
    issue: int
    user: User
    body: str
    created: datetime.datetime
    updated: datetime.datetime


@dataclass
class ReviewComment:
    id: int
    path: str
    line: int
    body: str


@dataclass
class Review:
    id: int
    user: User
    state: str
    body: str
    submitted: datetime.datetime
    commit_id: str
    comments: list[ReviewComment] = field(default_factory=list)


@dataclass
class PullInfo:
    head: str
    base: str
    merged: bool = False
    merged_at: datetime.datetime | None = None
    reviews: list[Review] = field(default_factory=list)


@dataclass
class Issue:
    id: int
    number: int
    title: str
    body: str
    user: User
    created: datetime.datetime
    updated: datetime.datetime
    state: str = "open"
    labels: list[int] = field(default_factory=list)
    milestone: int | None = None
    assignees: list[str] = field(default_factory=list)
    closed_at: datetime.datetime | None = None
    pull: PullInfo | None = None


@dataclass
class Hook:
    id: int
    url: str
    secret: str
    events: list[str]
    active: bool
    created: datetime.datetime
    updated: datetime.datetime
    content_type: str = "json"


@dataclass
class Repo:
    id: int
    owner: User
    name: str
    description: str
    default_branch: str
    created: datetime.datetime
    updated: datetime.datetime
    git: MemoryRepo
    wiki: MemoryRepo
    issues: dict[int, Issue] = field(default_factory=dict)
    comments: dict[int, Comment] = field(default_factory=dict)
    labels: dict[int, Label] = field(default_factory=dict)
    milestones: dict[int, Milestone] = field(default_factory=dict)
    hooks: dict[int, Hook] = field(default_factory=dict)
    protected: set[str] = field(default_factory=set)
    next_index: int = 1

    @property
    def full_name(self) -> str:
        return f"{self.owner.login}/{self.name}"


class State:
    """Everything the stand-in knows, behind one lock (the server is threaded)."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.clock = Clock()
        self._ids = itertools.count(1)
        self.users: dict[str, User] = {}
        self.repos: dict[str, Repo] = {}
        self.tokens: dict[str, str] = {}

    def new_id(self) -> int:
        return next(self._ids)

    def add_user(self, login: str, *, is_org: bool = False, token: str | None = None) -> User:
        user = User(
            self.new_id(),
            login,
            full_name=login.title(),
            email=f"{login}@example.com",
            is_org=is_org,
        )
        self.users[login.lower()] = user
        if token:
            self.tokens[token] = login
        return user

    def add_repo(
        self, owner: str, name: str, description: str = "", default_branch: str = "main"
    ) -> Repo:
        now = self.clock.tick()
        repo = Repo(
            self.new_id(),
            self.users[owner.lower()],
            name,
            description,
            default_branch,
            now,
            now,
            git_store.new_repo(default_branch),
            git_store.new_repo("master"),
        )
        self.repos[repo.full_name.lower()] = repo
        return repo

    def repo(self, owner: str, name: str) -> Repo | None:
        return self.repos.get(f"{owner}/{name}".lower())

    def git_repo(self, key: str) -> MemoryRepo | None:
        """``owner/name`` or ``owner/name.wiki`` -> the git repository."""
        wiki = key.endswith(".wiki")
        repo = self.repos.get(key.removesuffix(".wiki").lower())
        if repo is None:
            return None
        return repo.wiki if wiki else repo.git
