"""Plain-text tables for the benchmark's figures."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from benchmarks.harness import Series, Summary


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def render(self) -> str:
        widths = [max(len(row[i]) for row in [self.headers, *self.rows]) for i in range(len(self.headers))]
        lines = [self.title, ""]
        for index, row in enumerate([self.headers, *self.rows]):
            lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
            if index == 0:
                lines.append("  ".join("-" * width for width in widths))
        lines.extend(f"  {note}" for note in self.notes)
        return "\n".join(lines) + "\n"


def min_median(values: Sequence[float], unit: str = "s", digits: int = 2) -> str:
    """`min / median` of the values, or `-` when there are none."""
    summary = Summary.of(values)
    if summary is None:
        return "-"
    return f"{summary.minimum:.{digits}f} / {summary.median:.{digits}f}{unit}"


def ratio(values: Sequence[float]) -> str:
    """The median of per-round ratios, with their range: `0.52x (0.49-0.55)`."""
    if not values:
        return "-"
    median = statistics.median(values)
    if len(values) == 1:
        return f"{median:.2f}x"
    return f"{median:.2f}x ({min(values):.2f}-{max(values):.2f})"


def seconds_or_failure(series: Series) -> str:
    """`min / median` of a command's seconds, or why it failed."""
    return f"FAILED ({series.failure})" if series.failure else min_median(series.seconds)
