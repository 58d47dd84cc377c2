"""Paths through a workflow: the transitions that take a new ticket to a given state.

Read from the ticket type's current `WorkflowVersion` definition, so an edited workflow gets its
demo tickets along its own states and transitions. A path is a simple walk (no state twice) from
the initial state; now and then it takes a short detour that comes back to where it left (a
wait for the customer, an outlet's refusal and a new dispatch, a reopened ticket worked again).
"""

import random
from collections import deque

from kefu.service.choices import ACTIVE_CATEGORIES, DONE_CATEGORIES, StateCategory

DETOUR_SHARE = 0.15
DETOUR_LONGEST = 3  # transitions, out and back

# Which state categories a ticket of this age (in days) is likely to be in, as weights.
_BY_AGE = [
    # up to age, {category: weight}
    (1, {"new": 25, "open": 35, "pending": 8, "resolved": 15, "closed": 12, "cancelled": 5}),
    (3, {"new": 6, "open": 35, "pending": 12, "resolved": 20, "closed": 22, "cancelled": 5}),
    (10, {"new": 1, "open": 15, "pending": 12, "resolved": 22, "closed": 45, "cancelled": 5}),
    (30, {"new": 1, "open": 4, "pending": 4, "resolved": 18, "closed": 68, "cancelled": 5}),
    (10_000, {"new": 1, "open": 1, "pending": 1, "resolved": 8, "closed": 84, "cancelled": 5}),
]
# A plausible age (days) for a ticket that is still in a state of each category.
AGE_RANGES = {
    StateCategory.NEW: (0, 1),
    StateCategory.OPEN: (0, 5),
    StateCategory.PENDING: (1, 10),
    StateCategory.RESOLVED: (3, 30),
    StateCategory.CLOSED: (10, 110),
    StateCategory.CANCELLED: (1, 110),
}


class Routes:
    """The paths of one workflow definition, found once per target state."""

    def __init__(self, definition: dict):
        self.definition = definition
        self.categories = {s["code"]: s["category"] for s in definition["states"]}
        self._found: dict[str, list[list[dict]]] = {}

    def _cancels(self, transition: dict) -> bool:
        return self.categories[transition["to"]] == StateCategory.CANCELLED

    def _reopens(self, transition: dict) -> bool:
        return self.categories[transition["to"]] in ACTIVE_CATEGORIES and any(
            self.categories[s] in DONE_CATEGORIES for s in transition["from"]
        )

    def paths_to(self, target: str) -> list[list[dict]]:
        if target not in self._found:
            found: list[list[dict]] = []
            initial = self.definition["initial"]
            self._walk(initial, target, {initial}, [], found)
            self._found[target] = found
        return self._found[target]

    def _walk(self, state: str, target: str, seen: set, path: list, found: list) -> None:
        if state == target:
            found.append(path)
            return
        for transition in self.definition["transitions"]:
            to = transition["to"]
            if state not in transition["from"] or to in seen or self._reopens(transition):
                continue
            if self._cancels(transition) and to != target:
                continue
            self._walk(to, target, seen | {to}, [*path, transition], found)

    def draw(self, rng: random.Random, target: str) -> list[dict] | None:
        """A path to `target` (straight ones are likelier), None when it cannot be reached."""
        paths = self.paths_to(target)
        if not paths:
            return None
        pending = [sum(self.categories[t["to"]] == "pending" for t in p) for p in paths]
        path = list(rng.choices(paths, weights=[1 / (1 + 2 * n) for n in pending])[0])
        if rng.random() < DETOUR_SHARE:
            self._detour(rng, path)
        return path

    def _detour(self, rng: random.Random, path: list[dict]) -> None:
        """Insert, at one state of `path`, a short excursion that comes back to it."""
        states = [self.definition["initial"], *(t["to"] for t in path)]
        at = rng.randrange(len(states))
        here = states[at]
        options = []
        for transition in self.definition["transitions"]:
            if here not in transition["from"] or self._cancels(transition):
                continue
            if at < len(path) and transition is path[at]:
                continue
            back = self._shortest(transition["to"], here)
            if back is not None and 1 + len(back) <= DETOUR_LONGEST:
                options.append([transition, *back])
        if options:
            path[at:at] = rng.choice(options)

    def _shortest(self, start: str, goal: str) -> list[dict] | None:
        queue, seen = deque([(start, [])]), {start}
        while queue:
            state, path = queue.popleft()
            if state == goal:
                return path
            for transition in self.definition["transitions"]:
                to = transition["to"]
                if state in transition["from"] and to not in seen and not self._cancels(transition):
                    seen.add(to)
                    queue.append((to, [*path, transition]))
        return None

    def state_for_age(self, rng: random.Random, days: float) -> str:
        """A state the ticket could be in after `days`: older tickets are mostly done."""
        weights = next(w for limit, w in _BY_AGE if days <= limit)
        present = {cat for cat in self.categories.values()}
        category = rng.choices(
            [cat for cat in weights if cat in present],
            weights=[w for cat, w in weights.items() if cat in present],
        )[0]
        return rng.choice([code for code, cat in self.categories.items() if cat == category])
