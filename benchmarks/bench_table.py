"""One way to print a benchmark's figures: median and max in milliseconds against a target."""

from __future__ import annotations

import statistics


def row(label: str, times: list[float] | None, target: float | None) -> str:
    goal = f"<= {target:g} ms" if target is not None else ""
    if times is None:
        return f"  {label:44} {'not measured':>15}   {goal}"
    median, worst = statistics.median(times), max(times)
    verdict = "" if target is None else ("met" if median <= target else "MISSED")
    return f"  {label:44} {median:>6.2f} {worst:>8.2f}   {goal:<9} {verdict}"
