"""What an organizer chooses for a matching run, checked once (stored as ``MatchingRun.params``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from django.core.exceptions import ValidationError

from confero.bidding.inputs import DEFAULT_MAX_LOAD

#: How the three objectives the engine ships are explained to organizers (other registered solvers are
#: offered under their own name).
OBJECTIVES = {
    "optimal": "Optimal — the highest total expertise",
    "fair": "Fair — lifts the worst-served papers, for at most 5 % of the total",
    "randomized": "Randomized — no pair is certain (at most 50 % likely), against collusion",
}


def objective_choices() -> list[tuple[str, str]]:
    from confero.engine.assign import known_solvers

    names = known_solvers()
    ordered = [n for n in OBJECTIVES if n in names] + [n for n in names if n not in OBJECTIVES]
    return [(n, OBJECTIVES.get(n, n)) for n in ordered]


@dataclass
class RunParams:
    objective: str = "optimal"
    per_paper: int = 3  # reviewers per paper
    default_max_load: int = DEFAULT_MAX_LOAD  # for PC members without their own maximum
    min_areas: int = 2  # distinct research areas among a paper's reviewers
    bid_weight: float = 0.2  # score added by a very-high bid (see confero.engine.assign.bids)
    avoid_potential: bool = True  # treat conflicts awaiting a decision as conflicts
    seed: int = 0  # for the randomized objective

    @classmethod
    def defaults_for(cls, workshop) -> RunParams:
        return cls(per_paper=workshop.reviewers_per_paper, min_areas=workshop.min_research_areas)

    @classmethod
    def from_json(cls, data: dict) -> RunParams:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in known})

    def to_json(self) -> dict:
        return asdict(self)

    def validate(self) -> RunParams:
        """Raise ValidationError naming each bad field; returns self."""
        errors: dict[str, str] = {}
        known = [n for n, _ in objective_choices()]
        if self.objective not in known:
            errors["objective"] = f"unknown objective {self.objective!r}; choose one of {', '.join(known)}"
        if not 1 <= int(self.per_paper) <= 20:
            errors["per_paper"] = "reviewers per paper must be between 1 and 20"
        if not 0 <= int(self.default_max_load) <= 100:
            errors["default_max_load"] = "the default maximum load must be between 0 and 100"
        if not 0 <= int(self.min_areas) <= int(self.per_paper):
            errors["min_areas"] = (
                "the minimum number of research areas must be between 0 and reviewers per paper"
            )
        if not 0.0 <= float(self.bid_weight) <= 1.0:
            errors["bid_weight"] = "the bid weight must be between 0 and 1"
        if not 0 <= int(self.seed) < 2**31:
            errors["seed"] = "the seed must be between 0 and 2147483647"
        if errors:
            raise ValidationError(errors)
        return self

    def summary(self) -> str:
        text = f"{self.objective}, {self.per_paper} per paper, ≥ {self.min_areas} areas, bid weight {self.bid_weight:g}"
        return text + (f", seed {self.seed}" if self.objective != "optimal" else "")
