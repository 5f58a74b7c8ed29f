"""R-compatible natural cubic spline basis (``splines::ns``), for data given as counts.

R's ``ns(x, df)`` (no intercept) puts ``df - 1`` interior knots at the quantiles of ``x``
(``quantile`` type 7, probabilities ``1/df, 2/df, ...``), boundary knots at ``range(x)``, builds
the cubic B-spline basis, drops its first column and projects out the two second-derivative
constraints at the boundaries with a QR decomposition. With aggregated data the quantiles are
those of the data expanded by the counts (``weights``), so the knots equal those R places on the
stop-level data.
"""

from __future__ import annotations

import numpy as np


def weighted_quantile_type7(values, weights, probs) -> np.ndarray:
    """R's ``quantile(rep(values, weights), probs, type = 7)`` without expanding the data."""
    values = np.asarray(values, dtype=float)
    weights = np.asarray(weights, dtype=np.int64)
    order = np.argsort(values, kind="stable")
    values, weights = values[order], weights[order]
    keep = weights > 0
    values, weights = values[keep], weights[keep]
    ends = np.cumsum(weights)  # the expanded data's positions 0..N-1: value i covers [ends-w, ends)
    total = ends[-1]
    out = []
    for p in np.atleast_1d(probs):
        h = (total - 1) * p
        lo = int(np.floor(h))
        hi = min(lo + 1, total - 1)
        x_lo = values[np.searchsorted(ends, lo, side="right")]
        x_hi = values[np.searchsorted(ends, hi, side="right")]
        out.append(x_lo + (h - lo) * (x_hi - x_lo))
    return np.asarray(out)


class NaturalSpline:
    """The basis of ``ns(x, df)`` fitted on (x, weights); call it on any x inside the range."""

    def __init__(self, x, df: int = 6, weights=None):
        x = np.asarray(x, dtype=float)
        weights = np.ones(len(x), dtype=np.int64) if weights is None else np.asarray(weights)
        n_interior = df - 1
        probs = np.linspace(0, 1, n_interior + 2)[1:-1]
        self.knots = weighted_quantile_type7(x, weights, probs)
        present = x[weights > 0]
        self.boundary = (float(present.min()), float(present.max()))
        self.df = df
        self._t = np.concatenate(
            [np.repeat(self.boundary[0], 4), self.knots, np.repeat(self.boundary[1], 4)]
        )
        const = self._design(np.asarray(self.boundary), derivative=2)[:, 1:]
        q, _r = np.linalg.qr(const.T, mode="complete")
        self._q = q

    def _design(self, x, derivative: int = 0) -> np.ndarray:
        from scipy.interpolate import BSpline

        n_basis = len(self._t) - 4
        spline = BSpline(self._t, np.eye(n_basis), 3, extrapolate=True)
        if derivative:
            spline = spline.derivative(derivative)
        return spline(x)

    def __call__(self, x) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        if (x < self.boundary[0]).any() or (x > self.boundary[1]).any():
            raise ValueError("x outside the spline's boundary knots")
        basis = self._design(x)[:, 1:]
        return (self._q.T @ basis.T).T[:, 2:]
