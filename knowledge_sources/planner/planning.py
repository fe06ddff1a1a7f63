"""Making a plan in small steps a small model can take: each one bounded prose or a choice.

0. Whether to plan at all: a constrained choice, ``I will plan it`` or ``nothing to add`` (not this
   team's work, done already, too unclear), then the reason in one sentence.
1. Step titles: bounded prose (at most ``MAX_STEPS`` lines, ``steps.titles_from``), else the
   goal's own sentences, else its title.
2. Per step, who does it: a constrained choice among the teammates' names (never a name from
   the text), listed closest by skills first.
3. Per step, what done means: one sentence (cut at ``DONE_CHARS``; a fixed sentence if the
   model gives none).
4. Per step after the first, what it waits for: a constrained choice of ``none`` or an earlier
   step's number.

The goal reaches the model fenced as data; the titles the model wrote are fenced too when they
come back in later prompts. Every decision is kept with its options and reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from blackboard.embeddings.base import SharedEmbedder
from knowledge_sources.decisions import Choice
from knowledge_sources.models.errors import ModelError
from knowledge_sources.models.failure import unusable_reason
from knowledge_sources.models.protocol import ModelProvider
from knowledge_sources.patterns import Patterns
from knowledge_sources.planner.plan import Plan, Step
from knowledge_sources.planner.steps import echoes_prompt, sentences_of, titles_from
from knowledge_sources.planner.team import Team
from knowledge_sources.prompts.fence import Fence

PATTERNS = (
    "planner_accept",
    "planner_steps",
    "planner_assign",
    "planner_done_means",
    "planner_depends",
)
"""The prompt patterns the planner reads (checked at start-up)."""
MAX_STEPS = 6
"""The most steps a plan has (each costs two or three tasks of the goal's budget: its work, the
planner's check when it ends, the check after its tick on the tracking issue)."""
DONE_CHARS = 240
NONE = "none"
GOAL_CHARS = 3000
PLAN, NOTHING = "I will plan it", "nothing to add"
"""The answers to "plan or not". SmolLM2-135M answers by the options' first words, not the
goal: offered ``plan`` / ``nothing to add`` it declined every goal; ``I will plan it`` it takes,
while a model that reads the goal can still decline."""
REASON_CHARS = 300


@dataclass(frozen=True)
class Goal:
    """What the plan is for: the goal's text and where it came from (for the fences)."""

    title: str
    body: str
    origin: str

    @property
    def text(self) -> str:
        return (
            self.title if self.body.strip() in ("", self.title) else f"{self.title}\n\n{self.body}"
        )


@dataclass
class Planning:
    """One plan in the making: the model, its prompts, the goal and the team."""

    model: ModelProvider
    patterns: Patterns
    personality: str
    goal: Goal
    team: Team
    embedder: SharedEmbedder
    limit: int = MAX_STEPS

    async def accept(self) -> Choice:
        """Whether the goal is to be planned (``chosen`` is ``PLAN`` or ``NOTHING``)."""
        prompt, system = self._prompt("planner_accept", Fence(), team=self.team.summary())
        options = [PLAN, NOTHING]
        chosen = await self.model.choose(prompt, options, system=system)
        return Choice("plan this goal?", options, chosen, f"{self.model.name} read the goal")

    async def why_not(self) -> str:
        """The model's one sentence on why the goal is not planned (or why there is none)."""
        prompt, system = self._prompt("planner_accept", Fence(), team=self.team.summary())
        try:
            why = await self.model.generate(
                f"{prompt}\n\nYou decided not to plan it. Say why in one sentence.",
                system=system,
                max_tokens=60,
            )
        except ModelError as exc:
            return f"no reason given: {unusable_reason(exc, self.model.name)}"
        return " ".join(why.split())[:REASON_CHARS] or "the model gave no reason"

    async def plan(self, accepted: Choice) -> Plan:
        """The steps, each with its teammate, done-means and dependency, and the decisions."""
        decisions: list[Choice] = [accepted]
        titles = await self._titles(decisions)
        steps: list[Step] = []
        for number, title in enumerate(titles, start=1):
            agent = await self._assignee(number, title, decisions)
            done = await self._done_means(title, agent)
            depends = await self._depends(number, title, steps, decisions)
            steps.append(Step(number, title, agent, done, depends))
        return Plan(steps, decisions)

    def _prompt(self, name: str, fence: Fence, **values: str) -> tuple[str, str]:
        pattern = self.patterns.get(name)
        goal = fence.wrap(
            self.goal.text, source=self.goal.origin, label="the goal", limit=GOAL_CHARS
        )
        user = pattern.render_user(goal=goal, **values)
        return user, fence.system(f"{self.personality}\n\n{pattern.system}")

    async def _titles(self, decisions: list[Choice]) -> list[str]:
        fence = Fence()
        prompt, system = self._prompt(
            "planner_steps", fence, team=self.team.summary(), max_steps=str(self.limit)
        )
        written = await self.model.generate(prompt, system=system, max_tokens=40 * self.limit)
        titles = titles_from(written, self.limit)
        options = ["the model's step titles", "the goal's sentences", "the goal's title"]
        if titles:
            chosen, reason = options[0], f"{self.model.name} wrote {len(titles)} usable titles"
        elif sentences := sentences_of(self.goal.body or self.goal.title, self.limit):
            titles = sentences
            chosen, reason = options[1], f"{self.model.name} wrote no usable title"
        else:
            titles = [self.goal.title[:120]]
            chosen, reason = options[2], "no usable title and no sentence of two words or more"
        decisions.append(Choice("steps", options, chosen, f"{reason}; {len(titles)} steps"))
        return titles

    async def _assignee(self, number: int, title: str, decisions: list[Choice]) -> str:
        mates = await self.team.ranked(self.embedder, f"{title}\n{self.goal.title}")
        fence = Fence()
        step = fence.wrap(
            title, source=f"step {number}, written by {self.model.name}", label="step"
        )
        prompt, system = self._prompt(
            "planner_assign", fence, step=step, team="\n".join(m.listed() for m in mates)
        )
        options = [m.name for m in mates]
        chosen = await self.model.choose(prompt, options, system=system)
        closest = mates[0]
        decisions.append(
            Choice(
                f"who does step {number}",
                options,
                chosen,
                f"{self.model.name} chose among {len(options)} teammates; closest by skills: "
                f"{closest.name} ({closest.closeness:.2f})",
            )
        )
        return chosen

    async def _done_means(self, title: str, agent: str) -> str:
        fence = Fence()
        step = fence.wrap(title, source=f"a step written by {self.model.name}", label="step")
        prompt, system = self._prompt("planner_done_means", fence, step=step, agent=agent)
        written = await self.model.generate(prompt, system=system, max_tokens=60)
        sentence = " ".join(written.split())
        for end in (". ", "! ", "? ", "\n"):
            sentence = sentence.split(end, 1)[0]
        sentence = sentence.strip(" *_`\"'")
        if len(sentence.split()) < 3 or echoes_prompt(sentence):
            return f"Done when {agent} reports the step finished on the board."
        return sentence if len(sentence) <= DONE_CHARS else sentence[: DONE_CHARS - 1] + "…"

    async def _depends(
        self, number: int, title: str, earlier: list[Step], decisions: list[Choice]
    ) -> int | None:
        if not earlier:
            return None
        fence = Fence()
        listing = fence.wrap(
            "\n".join(f"{s.number}. {s.title}" for s in earlier),
            source=f"steps written by {self.model.name}",
            label="the earlier steps",
        )
        step = fence.wrap(
            title, source=f"step {number}, written by {self.model.name}", label="step"
        )
        prompt, system = self._prompt(
            "planner_depends", fence, earlier=listing, step=step, number=str(number)
        )
        options = [NONE] + [str(s.number) for s in earlier]
        chosen = await self.model.choose(prompt, options, system=system)
        decisions.append(
            Choice(
                f"what step {number} waits for",
                options,
                chosen,
                f"{self.model.name} chose none or one of the {len(earlier)} earlier steps",
            )
        )
        return None if chosen == NONE else int(chosen)
