"""Means and differences with 95 % confidence intervals, on the standard library alone.

t quantiles come from a table for 1-30 degrees of freedom and a few more, interpolated on 1/df
beyond (the usual textbook approach, exact to three decimals); differences of independent
groups use Welch's standard error and the Welch-Satterthwaite degrees of freedom, and the
difference in differences sums the four groups' variances the same way."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

# Two-sided 95 %: the 0.975 quantile of Student's t.
T975 = {
    1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306,
    9: 2.262, 10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120,
    17: 2.110, 18: 2.101, 19: 2.093, 20: 2.086, 21: 2.080, 22: 2.074, 23: 2.069, 24: 2.064,
    25: 2.060, 26: 2.056, 27: 2.052, 28: 2.048, 29: 2.045, 30: 2.042, 40: 2.021, 60: 2.000,
    120: 1.980,
}  # fmt: skip
Z975 = statistics.NormalDist().inv_cdf(0.975)


def t975(df: float) -> float:
    """The 0.975 quantile of t with `df` degrees of freedom (df may be fractional: Welch)."""
    if df < 1:
        df = 1
    if df in T975:
        return T975[int(df)]
    keys = sorted(T975)
    if df > keys[-1]:
        lo, hi, t_lo, t_hi = keys[-1], math.inf, T975[keys[-1]], Z975
    else:
        lo = max(k for k in keys if k <= df)
        hi = min(k for k in keys if k >= df)
        if lo == hi:
            return T975[lo]
        t_lo, t_hi = T975[lo], T975[hi]
    # Linear in 1/df, which t's quantile nearly is.
    x, x_lo, x_hi = 1 / df, 1 / lo, (1 / hi if hi != math.inf else 0.0)
    return t_lo + (t_hi - t_lo) * (x_lo - x) / (x_lo - x_hi)


@dataclass(frozen=True)
class Estimate:
    value: float
    low: float | None
    high: float | None
    n: int

    def as_dict(self) -> dict[str, float | int | None]:
        return {"value": self.value, "low": self.low, "high": self.high, "n": self.n}


def mean_ci(values: list[float]) -> Estimate | None:
    n = len(values)
    if n == 0:
        return None
    mean = statistics.fmean(values)
    if n < 2:
        return Estimate(mean, None, None, n)
    half = t975(n - 1) * statistics.stdev(values) / math.sqrt(n)
    return Estimate(mean, mean - half, mean + half, n)


def _var_over_n(values: list[float]) -> float:
    return statistics.variance(values) / len(values)


def _welch(parts: list[list[float]], signs: list[int]) -> Estimate | None:
    """sum(sign * mean) with Welch's standard error and Welch-Satterthwaite df."""
    if any(len(p) < 2 for p in parts):
        return None
    value = sum(s * statistics.fmean(p) for p, s in zip(parts, signs, strict=True))
    terms = [_var_over_n(p) for p in parts]
    se2 = sum(terms)
    n = sum(len(p) for p in parts)
    if se2 == 0:
        return Estimate(value, value, value, n)
    df = se2**2 / sum(t**2 / (len(p) - 1) for t, p in zip(terms, parts, strict=True))
    half = t975(df) * math.sqrt(se2)
    return Estimate(value, value - half, value + half, n)


def difference(before: list[float], after: list[float]) -> Estimate | None:
    """after - before, two independent samples (anonymous waves are not paired)."""
    return _welch([after, before], [1, -1])


def difference_in_differences(
    pre_sw: list[float], post_sw: list[float], pre_others: list[float], post_others: list[float]
) -> Estimate | None:
    """(post_sw - pre_sw) - (post_others - pre_others), four independent samples."""
    return _welch([post_sw, pre_sw, post_others, pre_others], [1, -1, -1, 1])
