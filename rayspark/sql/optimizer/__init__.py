"""The rule-based optimizer: a fixed sequence of rules (one per module in ``rules/``), each
returning a new plan, applied until the plan stops changing (bounded)."""
from __future__ import annotations

from typing import Callable, List

from ..plan.logical import LogicalPlan

__all__ = ["Optimizer"]


class Optimizer:
    def __init__(self, session):
        self.session = session
        self.disabled = set()

    def rules(self) -> List[Callable[[LogicalPlan], LogicalPlan]]:
        from .rules import all_rules
        return [r for r in all_rules() if r.__name__ not in self.disabled]

    def optimize(self, plan: LogicalPlan) -> LogicalPlan:
        for _ in range(10):
            before = plan.tree_string()
            for rule in self.rules():
                plan = rule(plan)
            if plan.tree_string() == before:
                break
        return plan
