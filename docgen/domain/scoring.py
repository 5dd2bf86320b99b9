"""Risk scoring as pure functions: R = L × S, and the level of R by bands."""

from __future__ import annotations

from dataclasses import dataclass

from docgen.domain.records import RiskBand
from docgen.vocabulary import vocabulary

LEVELS = vocabulary().level_names  # highest first


def default_bands() -> tuple[RiskBand, ...]:
    return tuple(RiskBand(level=v.name, min=v.min, max=v.max, color=v.color)
                 for v in vocabulary().risk_levels)


def level_color(level: str) -> str:
    found = vocabulary().level(level)
    return found.color if found else "FFFFFF"


def score(likelihood: int, severity: int) -> int:
    return likelihood * severity


def level_of(value: int, bands: tuple[RiskBand, ...]) -> RiskBand:
    for band in bands:
        if band.min <= value <= band.max:
            return band
    # Unreachable when the bands pass validation (they cover 1–25); the lowest
    # level is the conservative reading of a gap for display only.
    return bands[-1]


# The values R = L × S can take; 7, 11, 17–19 and the like never occur, so a band
# table such as the default one (…, 较大 10–16, 重大 20–25) leaves no real gap.
SCORES = sorted({lk * s for lk in range(1, 6) for s in range(1, 6)})


def band_gaps(bands: list[RiskBand]) -> tuple[list[int], list[int]]:
    """Values of R that no band covers, and values of 1–25 covered twice."""
    covered = [0] * 26
    for band in bands:
        for value in range(max(band.min, 1), min(band.max, 25) + 1):
            covered[value] += 1
    missing = [v for v in SCORES if covered[v] == 0]
    twice = [v for v in range(1, 26) if covered[v] > 1]
    return missing, twice


@dataclass(frozen=True)
class MatrixCell:
    likelihood: int
    severity: int
    score: int
    level: str
    color: str


@dataclass(frozen=True)
class RiskMatrix:
    bands: tuple[RiskBand, ...]
    custom: bool = False

    @property
    def grid(self) -> list[list[MatrixCell]]:
        """Rows S = 5 … 1, columns L = 1 … 5, as the matrix is usually printed."""
        rows = []
        for s in range(5, 0, -1):
            row = []
            for lk in range(1, 6):
                band = level_of(score(lk, s), self.bands)
                row.append(MatrixCell(lk, s, score(lk, s), band.level, band.color))
            rows.append(row)
        return rows

    def level(self, value: int) -> RiskBand:
        return level_of(value, self.bands)


def matrix_from(bands: list[RiskBand]) -> RiskMatrix:
    """The 风险矩阵 sheet's bands with the standard colours, highest first; or the defaults."""
    if not bands:
        return RiskMatrix(default_bands())
    coloured = [RiskBand(level=b.level, min=b.min, max=b.max, color=level_color(b.level),
                         source=b.source) for b in bands]
    coloured.sort(key=lambda b: LEVELS.index(b.level))
    return RiskMatrix(tuple(coloured), custom=True)
