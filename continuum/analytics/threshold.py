"""The threshold test (Simoiu, Corbett-Davies & Goel 2017), fitted with NumPyro (JAX, CPU), in
two forms of the officer's signal: the fast discriminant form (Pierson, Corbett-Davies & Goel
2018; the default, ``model="discriminant"``) and the original paper's beta form
(``model="beta"``).

For each race ``r`` and department (or sub-geography) ``d``, officers see a signal that is
standard normal for drivers without contraband and normal with mean ``delta_rd`` for the share
``phi_rd`` who carry it, and search when it passes a threshold ``t_rd``. Search and hit counts
identify the thresholds; a lower threshold (expressed as the probability of carrying
contraband at the threshold signal) for one group means it is searched on less evidence.
The model, its priors and the department-weighted averaging follow the StanCon 2018 case study
(``threshold_test.stan``; weights are each department's number of stops).

In the beta form the signal is itself the probability of carrying contraband, drawn from
Beta(phi_rd * lambda_rd, (1 - phi_rd) * lambda_rd); an officer searches when it passes ``t_rd``
(logit-normal around a race mean, with a scale per race). The search rate is the beta's upper
tail above ``t_rd`` and the hit rate its mean above ``t_rd``. Its program and priors are the 2017
paper's own (``5harad/threshold-test``, ``src/model.stan``; see docs/analytics.md).

The fit runs on counts (one row per race and department), so its cost does not grow with the
number of stops.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from .analyses.base import Analysis, percent, race_label
from .i18n import _

TITLE = _("Threshold test: the evidence needed to search")
MODELS = ("discriminant", "beta")


@dataclass(frozen=True)
class Sampling:
    warmup: int = 500
    samples: int = 500
    chains: int = 2
    seed: int = 0
    target_accept: float = 0.9
    max_tree_depth: int = 10
    dense_mass: bool = False


def _model(r, d, n, s, h, n_races: int, n_departments: int):
    """The Open Policing Project's ``stan/threshold_test.stan``, in NumPyro."""
    import jax.numpy as jnp
    import numpyro
    import numpyro.distributions as dist
    from jax.scipy.special import ndtr

    sigma = numpyro.sample("sigma_threshold", dist.HalfNormal(1.0))
    threshold_race = numpyro.sample("threshold_race", dist.Normal(0.0, 1.0).expand([n_races]))
    threshold_raw = numpyro.sample("threshold_raw", dist.Normal(0.0, 1.0).expand([len(n)]))
    mu_phi = numpyro.sample("mu_phi", dist.Normal(0.0, 1.0))
    mu_delta = numpyro.sample("mu_delta", dist.Normal(0.0, 1.0))
    phi_r = numpyro.sample("phi_r", dist.Normal(mu_phi, 0.1).expand([n_races]))
    delta_r = numpyro.sample("delta_r", dist.Normal(mu_delta, 0.1).expand([n_races]))
    phi_d_raw = numpyro.sample("phi_d_raw", dist.Normal(0.0, 0.1).expand([n_departments - 1]))
    delta_d_raw = numpyro.sample("delta_d_raw", dist.Normal(0.0, 0.1).expand([n_departments - 1]))
    t = numpyro.deterministic("t", threshold_race[r] + threshold_raw * sigma)
    phi_d = jnp.concatenate([jnp.zeros(1), phi_d_raw])
    delta_d = jnp.concatenate([jnp.zeros(1), delta_d_raw])
    phi = 1 / (1 + jnp.exp(-(phi_r[r] + phi_d[d])))
    delta = jnp.exp(delta_r[r] + delta_d[d])
    found = phi * ndtr(delta - t)  # searched and carrying contraband
    empty = (1 - phi) * ndtr(-t)  # searched, nothing found
    search_rate = jnp.clip(found + empty, 1e-12, 1 - 1e-12)
    hit_rate = jnp.clip(found / search_rate, 1e-12, 1 - 1e-12)
    numpyro.deterministic("search_rate", search_rate)
    numpyro.deterministic("hit_rate", hit_rate)
    numpyro.sample("s", dist.Binomial(n, probs=search_rate), obs=s)
    numpyro.sample("h", dist.Binomial(s, probs=hit_rate), obs=h)


def _threshold_probability(t, phi_logit, delta):
    """P(contraband | signal = t): the threshold on the probability scale."""
    from scipy.stats import norm

    phi = 1 / (1 + np.exp(-phi_logit))
    guilty = phi * norm.pdf(t, loc=delta)
    return guilty / (guilty + (1 - phi) * norm.pdf(t))


@cache
def _tanh_sinh(step: float = 0.1, span: float = 4.0) -> tuple[np.ndarray, ...]:
    """Nodes and weights of the tanh-sinh rule on [0, 1]: each node's distance to the left and
    right ends (exact, never rounded to 0) and its weight."""
    tau = np.arange(-span, span + step / 2, step)
    z = np.pi / 2 * np.sinh(tau)
    weight = step * np.pi / 4 * np.cosh(tau) / np.cosh(z) ** 2
    return 1 / (1 + np.exp(-2 * z)), 1 / (1 + np.exp(2 * z)), weight


def beta_upper_tail(a, b, x):
    """P(X > x) for X ~ Beta(a, b), as a JAX expression differentiable in a, b and x.

    JAX's ``betainc`` has no derivative in a and b, so the tail integral is computed with a
    fixed 81-node tanh-sinh rule on [x, 1], in logs (its nodes cluster at both ends, where the
    density can be steep or infinite). In float64 it agrees with SciPy's ``betaincc`` to 1e-10
    relative over the shapes the threshold test meets (a 0.02-3, b up to 60, x up to 0.6) and
    to 1e-6 at worst well beyond (a ~ 5, b ~ 300); the tests check values and derivatives. Its
    cost is a fixed, vectorised sum (about 12 times cheaper than ``betainc`` with central
    differences for its derivatives).
    """
    import jax.numpy as jnp
    from jax.scipy.special import gammaln

    left, right, weight = (jnp.asarray(v) for v in _tanh_sinh())
    a, b, x = (jnp.asarray(v)[..., None] for v in (a, b, x))
    width = 1 - x
    log_density = (
        (a - 1) * jnp.log(x + width * left)
        + (b - 1) * jnp.log(width * right)
        # log B(a, b) from gammaln: jax.scipy.special.betaln is only 1e-6 accurate
        - (gammaln(a) + gammaln(b) - gammaln(a + b))
    )
    return (jnp.exp(log_density) * weight).sum(-1) * width[..., 0]


def _beta_model(r, d, n, s, h, n_races: int, n_departments: int):
    """The original beta-signal threshold test: the 2017 paper's own program
    (``5harad/threshold-test``, ``src/model.stan``), on counts, with its priors.

    Thresholds are logit-normal around a race mean with a scale per race; the signal's mean
    (``phi``) and size (``lambda``) add a race term and a department term on the logit and log
    scales, the department terms drawn around a learned mean with a learned scale (the first
    department, the largest, pinned at 0). Every prior is normal(0, 2) (half-normal for scales).
    """
    import jax.numpy as jnp
    import numpyro
    import numpyro.distributions as dist
    from jax.nn import sigmoid

    def normal(name, size=None, scale=2.0):
        prior = dist.Normal(0.0, scale)
        return numpyro.sample(name, prior.expand([size]) if size else prior)

    def half_normal(name, size=None):
        prior = dist.HalfNormal(2.0)
        return numpyro.sample(name, prior.expand([size]) if size else prior)

    sigma_t = half_normal("sigma_t", n_races)
    mu_phi_d, sigma_phi_d = normal("mu_phi_d"), half_normal("sigma_phi_d")
    mu_lambda_d, sigma_lambda_d = normal("mu_lambda_d"), half_normal("sigma_lambda_d")
    t_r = normal("t_r", n_races)
    t_raw = normal("t_raw", len(n), scale=1.0)
    phi_r = normal("phi_r", n_races)
    phi_d_raw = normal("phi_d_raw", n_departments - 1, scale=1.0)
    lambda_r = normal("lambda_r", n_races)
    lambda_d_raw = normal("lambda_d_raw", n_departments - 1, scale=1.0)
    phi_d = jnp.concatenate([jnp.zeros(1), mu_phi_d + phi_d_raw * sigma_phi_d])
    lambda_d = jnp.concatenate([jnp.zeros(1), mu_lambda_d + lambda_d_raw * sigma_lambda_d])
    t = numpyro.deterministic("t", sigmoid(t_r[r] + t_raw * sigma_t[r]))
    phi = sigmoid(phi_r[r] + phi_d[d])
    lam = jnp.exp(lambda_r[r] + lambda_d[d])
    a, b = phi * lam, (1 - phi) * lam
    tail = beta_upper_tail(a, b, t)
    search_rate = jnp.clip(tail, 1e-12, 1 - 1e-12)
    # E[x | x > t] = P_{a+1,b}(x > t) / P_{a,b}(x > t) * a / (a + b)
    hit_rate = jnp.clip(beta_upper_tail(a + 1, b, t) / search_rate * phi, 1e-12, 1 - 1e-12)
    numpyro.deterministic("search_rate", search_rate)
    numpyro.deterministic("hit_rate", hit_rate)
    numpyro.sample("s", dist.Binomial(n, probs=search_rate), obs=s)
    numpyro.sample("h", dist.Binomial(s, probs=hit_rate), obs=h)


def _start(model: str, n_races: int, n_rows: int, n_departments: int) -> dict:
    """A plausible start: few searches, a minority carrying contraband."""
    if model == "beta":
        return {
            "sigma_t": np.full(n_races, 0.3),
            "mu_phi_d": 0.0,
            "sigma_phi_d": 0.3,
            "mu_lambda_d": 0.0,
            "sigma_lambda_d": 0.3,
            "t_r": np.full(n_races, -2.0),
            "t_raw": np.zeros(n_rows),
            "phi_r": np.full(n_races, -3.0),
            "phi_d_raw": np.zeros(n_departments - 1),
            "lambda_r": np.full(n_races, 1.0),
            "lambda_d_raw": np.zeros(n_departments - 1),
        }
    return {
        "sigma_threshold": 0.3,
        "threshold_race": np.full(n_races, 1.5),
        "threshold_raw": np.zeros(n_rows),
        "mu_phi": -1.5,
        "mu_delta": 0.5,
        "phi_r": np.full(n_races, -1.5),
        "delta_r": np.full(n_races, 0.5),
        "phi_d_raw": np.zeros(n_departments - 1),
        "delta_d_raw": np.zeros(n_departments - 1),
    }


def fit_threshold(
    counts: pd.DataFrame, sampling: Sampling = Sampling(), model: str = "discriminant"
) -> dict:
    """Fit on counts with columns race, department, stops, searches, hits.

    ``model`` is "discriminant" (normal signal, the fast model) or "beta" (the original
    paper's beta signal; fitted in float64, inside ``jax.enable_x64`` only, so the setting
    does not leak to the caller).
    Returns posterior draws of each row's threshold (probability scale), the diagnostics
    (R-hat, effective sample size) and the posterior predictive check.
    """
    import time
    from contextlib import nullcontext

    import jax
    from numpyro.diagnostics import effective_sample_size, split_gelman_rubin, summary
    from numpyro.infer import MCMC, NUTS, init_to_value

    if model not in MODELS:
        raise ValueError(f"model must be one of {MODELS}, not {model!r}")
    frame = counts.reset_index(drop=True)
    races = sorted(frame["race"].unique())
    # The largest department first: its terms are the ones pinned at 0 (as the 2017 paper's
    # code orders them), so the reference is the best measured one.
    size = frame.groupby("department", sort=False)["stops"].sum()
    departments = list(size.sort_values(ascending=False, kind="stable").index)
    r = frame["race"].map({x: i for i, x in enumerate(races)}).to_numpy()
    d = frame["department"].map({x: i for i, x in enumerate(departments)}).to_numpy()
    n, s, h = (frame[c].to_numpy(dtype=np.float64) for c in ("stops", "searches", "hits"))
    kernel = NUTS(
        _beta_model if model == "beta" else _model,
        target_accept_prob=sampling.target_accept,
        max_tree_depth=sampling.max_tree_depth,
        dense_mass=sampling.dense_mass,
        init_strategy=init_to_value(values=_start(model, len(races), len(frame), len(departments))),
    )
    mcmc = MCMC(
        kernel,
        num_warmup=sampling.warmup,
        num_samples=sampling.samples,
        num_chains=sampling.chains,
        chain_method="vectorized",
        progress_bar=False,
    )
    began = time.perf_counter()
    with jax.enable_x64(True) if model == "beta" else nullcontext():
        data = (r, d, n, s, h, len(races), len(departments))
        mcmc.run(jax.random.PRNGKey(sampling.seed), *data, extra_fields=("diverging", "num_steps"))
        grouped = {k: np.asarray(v) for k, v in mcmc.get_samples(group_by_chain=True).items()}
        extra = {k: np.asarray(v) for k, v in mcmc.get_extra_fields().items()}
    seconds = time.perf_counter() - began
    draws = {k: v.reshape(-1, *v.shape[2:]) for k, v in grouped.items()}
    derived = ("search_rate", "hit_rate", "t")
    stats = summary({k: v for k, v in grouped.items() if k not in derived})
    r_hat_all = max(float(np.nanmax(v["r_hat"])) for v in stats.values())
    ess_all = min(float(np.nanmin(v["n_eff"])) for v in stats.values())
    if model == "beta":  # the signal is the probability of carrying contraband
        thresholds = draws["t"]
    else:
        phi_d = np.column_stack([np.zeros(len(draws["t"])), draws["phi_d_raw"]])
        delta_d = np.column_stack([np.zeros(len(draws["t"])), draws["delta_d_raw"]])
        phi_logit = draws["phi_r"][:, r] + phi_d[:, d]
        delta = np.exp(draws["delta_r"][:, r] + delta_d[:, d])
        thresholds = _threshold_probability(draws["t"], phi_logit, delta)
    # Convergence of the quantities reported: each row's threshold (probability scale). The
    # race and hyper-means (mu_phi, phi_r...) are only identified through their sums, so their
    # own R-hat can stay high while every threshold has converged; both are reported.
    by_chain = thresholds.reshape(sampling.chains, sampling.samples, -1)
    return {
        "model": model,
        "races": races,
        "departments": departments,
        "thresholds": thresholds,  # draws × rows
        "r_hat": float(np.nanmax(split_gelman_rubin(by_chain))),
        "ess": float(np.nanmin(effective_sample_size(by_chain))),
        "r_hat_all_parameters": r_hat_all,
        "ess_all_parameters": ess_all,
        "divergences": int(extra["diverging"].sum()),
        "mean_steps": float(extra["num_steps"].mean()),  # leapfrog steps per draw
        "seconds": seconds,
        "ppc": _ppc(frame, draws, sampling.seed),
    }


def _ppc(frame, draws, seed) -> dict:
    """Posterior predictive check: predicted against observed search and hit rates."""
    rng = np.random.default_rng(seed)
    search_rate = frame["searches"] / frame["stops"]
    hit_rate = frame["hits"] / frame["searches"].where(frame["searches"] > 0)
    predicted_search = draws["search_rate"].mean(axis=0)
    predicted_hit = draws["hit_rate"].mean(axis=0)
    pick = rng.integers(0, len(draws["search_rate"]), 400)
    simulated = rng.binomial(frame["stops"].to_numpy(np.int64), draws["search_rate"][pick])
    low, high = np.percentile(simulated, [2.5, 97.5], axis=0)
    covered = (frame["searches"] >= low) & (frame["searches"] <= high)
    hits = rng.binomial(frame["searches"].to_numpy(np.int64), draws["hit_rate"][pick])
    hits_low, hits_high = np.percentile(hits, [2.5, 97.5], axis=0)
    hits_covered = (frame["hits"] >= hits_low) & (frame["hits"] <= hits_high)
    weights = frame["stops"] / frame["stops"].sum()
    return {
        "search_rate_rmse": float(np.sqrt((weights * (predicted_search - search_rate) ** 2).sum())),
        "hit_rate_rmse": float(np.sqrt(np.nansum(weights * (predicted_hit - hit_rate) ** 2))),
        "searches_in_95_interval": float(covered.mean()),
        "hits_in_95_interval": float(hits_covered.mean()),
    }


def average_thresholds(counts: pd.DataFrame, fit: dict) -> pd.DataFrame:
    """Department-weighted average threshold by race (weights: the department's stops)."""
    frame = counts.reset_index(drop=True)
    weights = frame.groupby("department")["stops"].transform("sum").to_numpy(float)
    rows = []
    for race in fit["races"]:
        mask = (frame["race"] == race).to_numpy()
        w = weights[mask] / weights[mask].sum()
        draws = fit["thresholds"][:, mask] @ w
        low, high = np.percentile(draws, [2.5, 97.5])
        rows.append(
            {
                "race": race,
                "threshold": float(draws.mean()),
                "low": float(low),
                "high": float(high),
                "sd": float(draws.std()),
            }
        )
    return pd.DataFrame(rows)


def threshold_test(
    counts: pd.DataFrame,
    reference: str = "white",
    sampling: Sampling = Sampling(),
    model: str = "discriminant",
) -> Analysis:
    """The analysis: counts with race, department, stops, searches, hits.

    ``model``: "discriminant" (the fast model, the default) or "beta" (the original paper's).
    """
    usable = counts[(counts["stops"] > 0)].copy()
    if usable["searches"].sum() == 0 or usable["race"].nunique() < 2:
        return Analysis.unavailable("threshold_test", TITLE, _("Too few searches to fit."))
    if usable["department"].nunique() < 2:
        usable = usable.assign(department="all")
    fit = fit_threshold(usable, sampling, model)
    table = average_thresholds(usable, fit)
    converged = fit["r_hat"] < 1.05 and fit["divergences"] == 0
    ref = table[table["race"] == reference]
    parts = [
        _("%(group)s drivers: %(t)s (95%% interval %(low)s to %(high)s)")
        % {
            "group": race_label(row.race),
            "t": percent(row.threshold),
            "low": percent(row.low),
            "high": percent(row.high),
        }
        for row in table.itertuples()
    ]
    reading = _("Estimated likelihood of carrying contraband at which officers search: ")
    reading += "; ".join(parts) + ". "
    if not ref.empty:
        lower = table[table["high"] < ref.iloc[0]["low"]]["race"].tolist()
        if lower:
            reading += _(
                "Officers appear to search %(groups)s drivers on less evidence than %(ref)s "
                "drivers, which is consistent with discrimination."
            ) % {"groups": ", ".join(race_label(x) for x in lower), "ref": race_label(reference)}
    reading += " " + (
        _(
            "The sampler converged (thresholds' largest R-hat %(rhat).3f, smallest effective "
            "sample size %(ess)d)."
        )
        if converged
        else _(
            "Warning: the sampler did not clearly converge (largest R-hat %(rhat).3f, "
            "smallest effective sample size %(ess)d); do not rely on these figures."
        )
    ) % {"rhat": fit["r_hat"], "ess": fit["ess"]}
    return Analysis(
        name="threshold_test",
        title=TITLE,
        table=table,
        reading=reading,
        test={
            k: fit[k]
            for k in (
                "r_hat",
                "ess",
                "r_hat_all_parameters",
                "ess_all_parameters",
                "model",
                "divergences",
                "mean_steps",
                "seconds",
                "ppc",
            )
        }
        | {"sampling": sampling.__dict__},
        chart={"label": "race", "value": "threshold", "low": "low", "high": "high"},
    )


def simulate_counts(
    *,
    threshold_race: dict[str, float],
    phi_logit: dict[str, float],
    delta_log: dict[str, float],
    departments: int = 8,
    stops: int = 20_000,
    seed: int = 0,
) -> tuple[pd.DataFrame, dict[str, float]]:
    """Counts drawn from the model with known parameters, and the planted average thresholds
    (probability scale, weighted by stops) that a fit should recover."""
    from scipy.stats import norm

    rng = np.random.default_rng(seed)
    rows, planted = [], {}
    phi_d = np.concatenate([[0.0], rng.normal(0, 0.1, departments - 1)])
    delta_d = np.concatenate([[0.0], rng.normal(0, 0.1, departments - 1)])
    for race in threshold_race:
        weighted, total = 0.0, 0
        for d in range(departments):
            t = threshold_race[race] + rng.normal(0, 0.1)
            phi = 1 / (1 + np.exp(-(phi_logit[race] + phi_d[d])))
            delta = np.exp(delta_log[race] + delta_d[d])
            n = int(stops * rng.uniform(0.5, 1.5))
            found, empty = phi * norm.sf(t - delta), (1 - phi) * norm.sf(t)
            searches = rng.binomial(n, found + empty)
            hits = rng.binomial(searches, found / (found + empty))
            rows.append((race, f"D{d}", n, searches, hits))
            weighted += n * _threshold_probability(t, phi_logit[race] + phi_d[d], delta)
            total += n
        planted[race] = weighted / total
    frame = pd.DataFrame(rows, columns=["race", "department", "stops", "searches", "hits"])
    return frame, planted


def simulate_beta_counts(
    *,
    threshold_logit: dict[str, float],
    phi_logit: dict[str, float],
    lambda_log: dict[str, float],
    departments: int = 8,
    stops: int = 20_000,
    seed: int = 0,
) -> tuple[pd.DataFrame, dict[str, float]]:
    """Counts drawn from the beta-signal model with known parameters, and the planted average
    thresholds (weighted by each department's stops, as ``average_thresholds`` does)."""
    from scipy.special import betaincc, expit

    rng = np.random.default_rng(seed)
    phi_d = np.concatenate([[0.0], rng.normal(0, 0.25, departments - 1)])
    lambda_d = np.concatenate([[0.0], rng.normal(0, 0.3, departments - 1)])
    rows, planted_rows = [], []
    for race in threshold_logit:
        for d in range(departments):
            t = expit(threshold_logit[race] + rng.normal(0, 0.15))
            phi = expit(phi_logit[race] + phi_d[d])
            lam = np.exp(lambda_log[race] + lambda_d[d])
            a, b = phi * lam, (1 - phi) * lam
            search_rate = betaincc(a, b, t)
            hit_rate = betaincc(a + 1, b, t) / search_rate * phi
            n = int(stops * rng.uniform(0.5, 1.5))
            searches = rng.binomial(n, search_rate)
            rows.append((race, f"D{d}", n, searches, rng.binomial(searches, hit_rate)))
            planted_rows.append(t)
    frame = pd.DataFrame(rows, columns=["race", "department", "stops", "searches", "hits"])
    weights = frame.groupby("department")["stops"].transform("sum") * np.asarray(planted_rows)
    totals = frame.groupby("department")["stops"].transform("sum")
    planted = (weights.groupby(frame["race"]).sum() / totals.groupby(frame["race"]).sum()).to_dict()
    return frame, planted
