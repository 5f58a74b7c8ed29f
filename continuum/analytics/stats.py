"""Interval estimates and tests on counts (vectorised; numpy and scipy only)."""

from __future__ import annotations

import numpy as np

Z95 = 1.959963984540054


def _z(level: float) -> float:
    from scipy.stats import norm

    return float(norm.ppf(0.5 + level / 2))


def wilson(k, n, level: float = 0.95):
    """Wilson score interval of a proportion k/n (NaN where n is 0)."""
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    z = _z(level)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def poisson_rate(k, exposure, level: float = 0.95):
    """Exact (Garwood) interval of a rate k/exposure."""
    from scipy.stats import chi2

    k = np.asarray(k, dtype=float)
    exposure = np.asarray(exposure, dtype=float)
    alpha = 1 - level
    low = np.where(k > 0, chi2.ppf(alpha / 2, 2 * k) / 2, 0.0)
    high = chi2.ppf(1 - alpha / 2, 2 * k + 2) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        return low / exposure, high / exposure


def ratio(k1, n1, k2, n2, *, level: float = 0.95, poisson: bool = False):
    """Ratio of rates (k1/n1)/(k2/n2) with a log-scale (Katz) interval."""
    k1, n1, k2, n2 = (np.asarray(x, dtype=float) for x in (k1, n1, k2, n2))
    z = _z(level)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = (k1 / n1) / (k2 / n2)
        variance = 1 / k1 + 1 / k2 if poisson else 1 / k1 - 1 / n1 + 1 / k2 - 1 / n2
        se = np.sqrt(variance)
        return value, value * np.exp(-z * se), value * np.exp(z * se)


def equal_proportions(k, n) -> dict:
    """Chi-squared test that every group has the same proportion."""
    from scipy.stats import chi2_contingency

    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    keep = n > 0
    if keep.sum() < 2:
        return {"test": "chi-squared", "statistic": np.nan, "df": 0, "p": np.nan}
    table = np.column_stack([k[keep], n[keep] - k[keep]])
    if (table.sum(axis=0) == 0).any():  # every group at 0% or every group at 100%
        return {"test": "chi-squared", "statistic": 0.0, "df": int(keep.sum() - 1), "p": 1.0}
    statistic, p_value, df, _expected = chi2_contingency(table, correction=False)
    return {
        "test": "chi-squared",
        "statistic": float(statistic),
        "df": int(df),
        "p": float(p_value),
    }


def stratified_odds(tables: list[np.ndarray]) -> dict:
    """Cochran–Mantel–Haenszel test and pooled odds ratio over 2×2 tables (one per stratum)."""
    from statsmodels.stats.contingency_tables import StratifiedTable

    tables = [t for t in tables if (t.sum(axis=1) > 0).all()]
    if not tables:
        return {
            "test": "Mantel-Haenszel",
            "odds_ratio": np.nan,
            "low": np.nan,
            "high": np.nan,
            "p": np.nan,
        }
    st = StratifiedTable([np.asarray(t, dtype=float) + 0.0 for t in tables])
    low, high = st.oddsratio_pooled_confint()
    test = st.test_null_odds(correction=False)
    return {
        "test": "Mantel-Haenszel",
        "odds_ratio": float(st.oddsratio_pooled),
        "low": float(low),
        "high": float(high),
        "p": float(test.pvalue),
    }


def p_text(p: float) -> str:
    if p != p:  # NaN
        return "p not computable"
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"
