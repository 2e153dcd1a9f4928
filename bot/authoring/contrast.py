"""Evidence that two statements cannot both be right: differing durations or amounts, permanent against a set time,
opposite polarity, different interface labels. Pure functions of two readings."""

from __future__ import annotations

from dataclasses import dataclass

from .reading import Reading

# How much each kind of evidence says on its own (combined as independent signals: 1 - product of misses).
WEIGHTS = {
    "duration": 0.9,  # two lengths of time that cannot both hold
    "instant": 0.7,  # "immediately" against a length of time: the word is looser than a figure
    "amount": 0.8,  # amounts in one unit, none in common
    "permanence": 0.6,  # "permanently" against a set time
    "polarity": 0.9,  # one concept on opposite sides, with words around it in common
    "polarity-loose": 0.45,  # the same, with nothing in common around the two words
    "label": 0.4,  # different quoted labels (a screen can differ between versions, so this alone is weak)
}


@dataclass(frozen=True)
class Evidence:
    """One thing that differs between two statements: its kind, what each says, and how much it weighs."""

    kind: str
    first: str
    second: str
    weight: float

    def to_dict(self) -> dict[str, str]:
        """The JSON form: kind and each statement's words."""
        return {"kind": self.kind, "first": self.first, "second": self.second}

    def describe(self) -> str:
        """One line for a person: what differs."""
        return f"{self.kind}: {self.first!r} against {self.second!r}"


def _durations(a: Reading, b: Reading) -> list[Evidence]:
    if a.durations and b.durations:
        if any(x.overlaps(y) for x in a.durations for y in b.durations):
            return []
        instant = any(x.hi == 0 for x in (*a.durations, *b.durations))
        return [
            Evidence(
                "duration",
                "; ".join(x.text for x in a.durations),
                "; ".join(y.text for y in b.durations),
                WEIGHTS["instant" if instant else "duration"],
            )
        ]
    # "Permanently" against a set time, where the same state is said, clause for clause, to be permanent in one and
    # to last a set time in the other ("blacklisted permanently" against "blocked for 365 days"); "wiped for good"
    # says nothing against "processed in a day", nor "deleted permanently" against "kept for five years".
    for one, other, flip in ((a, b, False), (b, a, True)):
        finite = [x for x in other.durations if x.hi > 0]
        if one.lasting & other.timed and one.permanent and not one.durations and finite and not other.permanent:
            pair = (one.permanent, "; ".join(x.text for x in finite))
            first, second = (pair[1], pair[0]) if flip else pair
            return [Evidence("permanence", first, second, WEIGHTS["permanence"])]
    return []


def _amounts(a: Reading, b: Reading) -> list[Evidence]:
    found = []
    for unit in sorted(a.amounts.keys() & b.amounts.keys()):
        if not a.amounts[unit] & b.amounts[unit]:
            show = lambda values, u=unit: ", ".join(f"{v:g} {u}" for v in sorted(values))  # noqa: E731
            found.append(Evidence("amount", show(a.amounts[unit]), show(b.amounts[unit]), WEIGHTS["amount"]))
    return found


def _labels(a: Reading, b: Reading) -> list[Evidence]:
    if not a.labels or not b.labels:
        return []
    related = any(x in y or y in x for x in a.labels for y in b.labels)
    if related:
        return []
    return [
        Evidence(
            "label",
            ", ".join(f'"{x}"' for x in sorted(a.labels)),
            ", ".join(f'"{y}"' for y in sorted(b.labels)),
            WEIGHTS["label"],
        )
    ]


def _polarity(a: Reading, b: Reading) -> list[Evidence]:
    found = []
    for concept in sorted({p.concept for p in a.polar} & {p.concept for p in b.polar}):
        mine = [p for p in a.polar if p.concept == concept]
        theirs = [p for p in b.polar if p.concept == concept]
        sides_a, sides_b = {p.positive for p in mine}, {p.positive for p in theirs}
        if len(sides_a) != 1 or len(sides_b) != 1 or sides_a == sides_b:
            continue  # one statement says both, or both say the same
        shared = any(x.context & y.context for x in mine for y in theirs)
        weight = WEIGHTS["polarity" if shared else "polarity-loose"]
        found.append(Evidence("polarity", mine[0].text, theirs[0].text, weight))
    return found


def contrast(a: Reading, b: Reading) -> list[Evidence]:
    """Everything that says the two statements cannot both be right, strongest first."""
    found = _durations(a, b) + _amounts(a, b) + _polarity(a, b) + _labels(a, b)
    return sorted(found, key=lambda e: -e.weight)


def strength(evidence: list[Evidence]) -> float:
    """How strongly the evidence together says the statements disagree, in [0, 1]."""
    miss = 1.0
    for item in evidence:
        miss *= 1 - item.weight
    return 1 - miss


def compatible_figures(a: Reading, b: Reading) -> bool:
    """True when the figures both statements give agree (a common length of time, a common amount per unit)."""
    if a.durations and b.durations and not any(x.overlaps(y) for x in a.durations for y in b.durations):
        return False
    return all(a.amounts[u] & b.amounts[u] for u in a.amounts.keys() & b.amounts.keys())


def same_figures(a: Reading, b: Reading) -> bool:
    """True when both statements give the same length of time or the same amount: a sign they state one fact."""
    same_time = any(
        abs(x.lo - y.lo) <= 0.01 * max(x.lo, 1) and abs(x.hi - y.hi) <= 0.01 * max(x.hi, 1)
        for x in a.durations
        for y in b.durations
        if x.hi > 0
    )
    return same_time or any(a.amounts[u] & b.amounts[u] for u in a.amounts.keys() & b.amounts.keys())
