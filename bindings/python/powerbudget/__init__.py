"""powerbudget: energy budget, battery lifetime, population and proof of battery-powered NB-IoT
devices, and the fleet estimator for their telemetry — the engine of the `powerbudget` command,
in-process (docs/python.md).

    import powerbudget as pb
    budget = pb.simulate("mast-monitor", set={"reporting.interval_s": 1800})
    life = pb.lifetime("mast-monitor")                 # life.series["soc_frac"] is a NumPy array
    mc = pb.montecarlo("mast-monitor", devices=2000, seed=7)
    proof = pb.prove("mast-monitor", target_days=365, confidence=0.99)
    estimates = pb.estimate("mast-monitor", open("fleet.lp").read(), format="influx")

Profiles are a bundled device name ("mast-monitor") or a profile file; `set` overrides fields as
the CLI's --set does (a dict {"path.to.field": value} or a list of "PATH=VALUE" strings). Results
are dataclasses whose fields have the names of the CLI's JSON keys (docs/json-output.md), at full
double precision.
"""
from __future__ import annotations

import dataclasses
import json
from typing import Any, Iterable, Mapping, Optional, Sequence, Union

import numpy as np

from . import _core
from ._core import FLAG_NAMES, REASONS, ProfileError, SnapshotError, __version__

__all__ = [
    "simulate", "lifetime", "montecarlo", "prove", "estimate", "Fleet",
    "Budget", "Activity", "Lifetime", "MonteCarlo", "Proof",
    "ProfileError", "SnapshotError", "FLAG_NAMES", "REASONS", "__version__",
]

Overrides = Union[None, Mapping[str, Any], Sequence[str]]


def _overrides(set_: Overrides, extra: Sequence[str] = ()) -> list:
    """PATH=VALUE strings, as --set takes them. A dict's values are written as JSON, which is how
    --set reads a value (so 1800, True, "saft-ls17500" and [1, 2] all mean what they say); a bare
    string in a list goes through unchanged, exactly as on the command line."""
    out = list(extra)
    if set_ is None:
        return out
    if isinstance(set_, str):
        raise TypeError('set: a dict {"path": value} or a list of "PATH=VALUE" strings, not one string')
    if isinstance(set_, Mapping):
        for path, value in set_.items():
            if not isinstance(path, str):
                raise TypeError(f"set: keys are field paths (str), got {type(path).__name__}")
            if isinstance(value, np.generic):
                value = value.item()
            out.append(f"{path}={json.dumps(value, allow_nan=False)}")
        return out
    for item in set_:
        if not isinstance(item, str):
            raise TypeError(f'set: items are "PATH=VALUE" strings, got {type(item).__name__}')
        out.append(item)
    return out


def _path(profiles_dir) -> Optional[str]:
    return None if profiles_dir is None else str(profiles_dir)


def _profile(profile) -> str:
    # A pathlib.Path is as good as its text.
    return str(profile)


@dataclasses.dataclass(frozen=True)
class Activity:
    """One row of the budget's breakdown (an activity such as "report" or "psm_floor")."""
    activity: str
    events_per_day: float
    duration_s_per_event: float
    energy_mJ_per_event: float
    energy_J_per_day: float
    share_frac: float
    average_current_uA: float


@dataclasses.dataclass(frozen=True)
class Budget:
    """The energy budget (`powerbudget simulate`): per activity, the average current and the
    lifetime on the ideal battery."""
    device: str
    average_current_uA: float
    average_power_uW: float
    energy_J_per_day: float
    lifetime_days: float
    lifetime_years: float
    target_lifetime_days: float
    meets_target: bool
    battery: dict
    radio: Optional[dict]
    breakdown: list

    def activity(self, name: str) -> Activity:
        """The breakdown row of an activity; KeyError naming the ones there are."""
        for a in self.breakdown:
            if a.activity == name:
                return a
        raise KeyError(f"{name!r}: the budget's activities are {', '.join(a.activity for a in self.breakdown)}")


@dataclasses.dataclass(frozen=True)
class Lifetime:
    """The calendar simulation (`powerbudget lifetime`): battery physics through the climate.
    `series` maps time_days, soc_frac, open_circuit_voltage_V, min_loaded_voltage_V,
    temperature_degC and energy_J to NumPy arrays, one value per time step."""
    device: str
    climate: str
    start_month: int
    temperature_offset_degC: float
    time_step_days: float
    lifetime_days: float
    lifetime_years: float
    end_of_life_cause: str
    target_lifetime_days: float
    meets_target: bool
    min_loaded_voltage_V: float
    min_operating_voltage_V: float
    energy_J_per_month: np.ndarray
    series: dict


@dataclasses.dataclass(frozen=True)
class MonteCarlo:
    """A population (`powerbudget montecarlo`). `lifetimes_days`, `end_of_life_causes`,
    `ce_levels` and each array of `inputs` are per device in device order (device i draws the same
    inputs for a seed whatever the threads); `lifetime_percentiles` (P1_days … P90_days) and
    `reaching_target` (fraction with its 95 % Wilson interval) are the engine's."""
    device: str
    climate: str
    devices: int
    seed: int
    time_step_days: float
    horizon_years: float
    target_lifetime_days: float
    lifetime_percentiles: dict
    reaching_target: dict
    early_deaths_by_cause: dict
    ce_level_mix: list
    uncertain_inputs: list
    lifetimes_days: np.ndarray
    end_of_life_causes: list
    ce_levels: np.ndarray
    inputs: dict

    def percentile(self, p: float) -> float:
        """The lifetime percentile p (0-100) in days, interpolated linearly as the engine does."""
        return float(np.percentile(self.lifetimes_days, p))

    def share_reaching(self, days: float) -> float:
        """The fraction of the population that lives at least `days`."""
        return float(np.mean(self.lifetimes_days >= days))


@dataclasses.dataclass(frozen=True)
class Proof:
    """The lifetime proof (`powerbudget prove`). `proven` is the verdict: the lower end of the 95 %
    Wilson interval of P(life >= target), `probability_low`, is at least `required_fraction`."""
    device: str
    proven: bool
    target_days: float
    required_fraction: float
    climate: str
    probability: float       # share of the simulated population reaching the target
    probability_low: float   # its 95 % Wilson interval, the bound the verdict compares
    probability_high: float
    margin_frac: float       # P1 lifetime / target - 1
    design_point: dict
    budget: Budget
    population: MonteCarlo
    worst_case: dict
    sensitivity: list        # widest swing first

    @property
    def verdict(self) -> str:
        return "PROVEN" if self.proven else "NOT PROVEN"


def _budget(d: dict) -> Budget:
    d = dict(d)
    d["breakdown"] = [Activity(**row) for row in d["breakdown"]]
    return Budget(**d)


def _montecarlo(d: dict) -> MonteCarlo:
    return MonteCarlo(**d)


def simulate(profile, *, set: Overrides = None, profiles_dir=None) -> Budget:
    """The energy budget of a device (`powerbudget simulate PROFILE --set ...`)."""
    return _budget(_core._simulate(_profile(profile), _overrides(set), _path(profiles_dir)))


def lifetime(profile, *, set: Overrides = None, profiles_dir=None, dt_days: float = 1.0,
             horizon_years: float = 30.0, start_month: int = 1, temperature_offset_degC: float = 0.0) -> Lifetime:
    """The calendar simulation with battery physics (`powerbudget lifetime`; same defaults)."""
    d = _core._lifetime(_profile(profile), _overrides(set), _path(profiles_dir), dt_days=dt_days,
                        horizon_years=horizon_years, start_month=start_month,
                        temperature_offset_degC=temperature_offset_degC)
    return Lifetime(**d)


def montecarlo(profile, *, set: Overrides = None, profiles_dir=None, devices: int = 10000, seed: int = 1,
               threads: int = 0, dt_days: float = 7.0, horizon_years: float = 30.0, start_month: int = 1) -> MonteCarlo:
    """A population over the profile's `uncertainty` section (`powerbudget montecarlo`; same
    defaults: 10,000 devices, seed 1, 7-day steps). threads=0: one per hardware thread (the
    result does not depend on it)."""
    return _montecarlo(_core._montecarlo(_profile(profile), _overrides(set), _path(profiles_dir), devices=devices,
                                         seed=seed, threads=threads, dt_days=dt_days, horizon_years=horizon_years,
                                         start_month=start_month))


def prove(profile, *, target_days: Optional[float] = None, confidence: float = 0.99, set: Overrides = None,
          profiles_dir=None, devices: int = 10000, seed: int = 1, threads: int = 0, dt_days: float = 7.0,
          horizon_years: float = 30.0, start_month: int = 1) -> Proof:
    """The lifetime proof (`powerbudget prove --target ... --confidence ...`). target_days: None
    takes the profile's target."""
    d = _core._prove(_profile(profile), _overrides(set), _path(profiles_dir), target_days=target_days,
                     confidence=confidence, devices=devices, seed=seed, threads=threads, dt_days=dt_days,
                     horizon_years=horizon_years, start_month=start_month)
    population = _montecarlo(d.pop("population"))
    reaching = population.reaching_target
    return Proof(budget=_budget(d.pop("budget")), population=population, probability=reaching["fraction"],
                 probability_low=reaching["ci_low"], probability_high=reaching["ci_high"], **d)


class Fleet(_core.Fleet):
    """The fleet estimator (docs/estimation.md): Fleet(profile, overrides=[], profiles_dir=None, *,
    nrs_power_dBm=32.0, brown_out_V=None, set=None). `set` is added to `overrides` (a dict or a
    list, as for simulate)."""

    def __init__(self, profile, overrides: Sequence[str] = (), profiles_dir=None, *, nrs_power_dBm: float = 32.0,
                 brown_out_V: Optional[float] = None, set: Overrides = None):
        if isinstance(overrides, str):
            raise TypeError('overrides: a list of "PATH=VALUE" strings, not one string')
        super().__init__(_profile(profile), _overrides(set, list(overrides)), _path(profiles_dir),
                         nrs_power_dBm=nrs_power_dBm, brown_out_V=brown_out_V)


def estimate(profile, telemetry: Union[str, bytes, Iterable[dict]], *, format: Optional[str] = None,
             set: Overrides = None, profiles_dir=None, nrs_power_dBm: float = 32.0,
             brown_out_V: Optional[float] = None) -> list:
    """Every device's latest estimate (dicts with the keys of `powerbudget estimate`'s JSON lines)
    from one batch of telemetry: text in `format` ("csv", "jsonl", "senml" or "influx"), or
    records as dicts (format None). Raises ValueError when a line or record is malformed, naming
    the first; for a stream, or to keep going past bad lines, use Fleet."""
    fleet = Fleet(profile, profiles_dir=profiles_dir, nrs_power_dBm=nrs_power_dBm, brown_out_V=brown_out_V, set=set)
    if isinstance(telemetry, (str, bytes)):
        if format is None:
            raise ValueError('estimate: telemetry text needs format="csv", "jsonl", "senml" or "influx"')
        result = fleet.ingest_text(format, telemetry)
    else:
        if format is not None:
            raise ValueError("estimate: format is for telemetry text; records (dicts) need none")
        result = fleet.ingest(telemetry)
    if result["malformed"]:
        raise ValueError(f"estimate: {result['malformed']} malformed, the first: {result['errors'][0]}")
    return fleet.query_all()
