#!/usr/bin/env python3
"""Writes mast_monitor_design_space.ipynb (the notebook is generated so that its source stays
reviewable as plain Python; run this after editing, then commit both). ctest
`notebook_mast_monitor_design_space` runs it headless (bindings/python/CMakeLists.txt, notebooks/run_notebook.py)."""
import pathlib

import nbformat as nbf

cells = []
md = lambda s: cells.append(nbf.v4.new_markdown_cell(s))
code = lambda s: cells.append(nbf.v4.new_code_cell(s))

md("""# The mast monitor's design space

The customer's NB-IoT backup-battery monitor (`profiles/devices/mast-monitor.json`) must last one year on its
own battery, outdoors in a Nordic climate. This notebook asks `powerbudget` — the same engine the CLI and the
proof use, in-process through the Python package (`docs/python.md`) — how the lifetime moves with the reporting
interval at each coverage-enhancement level, with and without DTLS Connection ID, with and without release
assistance, across climates, and over a population of devices.

Everything below comes from the package's `simulate`, `lifetime`, `montecarlo` and `prove`; nothing is recomputed
here. Run it where `import powerbudget` works (`pip install ./bindings/python`, or `PYTHONPATH` at a build tree's
`bindings/python/module`; from a build tree `build/release`, `build/ci` or `build/dev` it is found by itself).""")

code("""%matplotlib inline
import os, pathlib, sys
import numpy as np
import matplotlib.pyplot as plt

root = pathlib.Path.cwd()
while not (root / "CMakeLists.txt").exists() and root != root.parent:
    root = root.parent
try:
    import powerbudget as pb
except ImportError:  # run by hand from a build tree
    builds = [root / "build" / b / "bindings/python/module" for b in ("release", "ci", "dev", "asan")]
    sys.path.insert(0, str(next(b for b in builds if (b / "powerbudget").is_dir())))
    import powerbudget as pb
print(pb.__file__, pb.__version__)""")

md("""## Lifetime against the reporting interval, per CE level

Coupling losses of 140, 150 and 160 dB put the device in CE levels 0, 1 and 2 of the bundled Nordic operator.
Lifetimes are on the ideal battery (the budget); the red line is the one-year target.""")

code("""intervals_s = np.geomspace(900, 86400, 12)
fig, ax = plt.subplots(figsize=(7, 4))
for loss in (140, 150, 160):
    budgets = [pb.simulate("mast-monitor", set={"coverage.coupling_loss_dB": loss, "reporting.interval_s": float(i)})
               for i in intervals_s]
    ax.loglog(intervals_s / 3600, [b.lifetime_years for b in budgets], marker="o",
              label=f"{loss} dB (CE{budgets[0].radio['ce_level']})")
ax.axhline(1.0, color="tab:red", linestyle="--", label="target: 1 year")
ax.set_xlabel("reporting interval, hours"); ax.set_ylabel("lifetime, years"); ax.legend(); ax.grid(True, which="both", alpha=0.3)
plt.show()""")

md("""## Where the energy goes

The budget's breakdown per activity at the design point (the profile as written).""")

code("""budget = pb.simulate("mast-monitor")
rows = sorted(budget.breakdown, key=lambda a: a.energy_J_per_day)
fig, ax = plt.subplots(figsize=(7, 4))
ax.barh([a.activity for a in rows], [a.average_current_uA for a in rows])
ax.set_xlabel("average current, uA"); ax.set_title(f"{budget.average_current_uA:.1f} uA in all, {budget.lifetime_years:.2f} years")
plt.show()""")

md("""## DTLS Connection ID

Without a Connection ID (RFC 9146), every report that comes after the NAT binding has expired needs a new
(resumed) DTLS handshake. The bundled Nordic operator drops NAT bindings after 30 s.""")

code("""intervals_s = np.geomspace(900, 86400, 10)
fig, ax = plt.subplots(figsize=(7, 4))
for cid, label in ((1, "with Connection ID"), (0, "without Connection ID")):
    currents = [pb.simulate("mast-monitor", set={"security.connection_id_B": cid, "reporting.interval_s": float(i)}).average_current_uA
                for i in intervals_s]
    ax.semilogx(intervals_s / 3600, currents, marker="o", label=label)
ax.set_xlabel("reporting interval, hours"); ax.set_ylabel("average current, uA"); ax.legend(); ax.grid(True, alpha=0.3)
plt.show()""")

md("""## Release assistance (RAI)

When the network does not honour RAI, the RRC inactivity timer keeps the modem in connected-mode DRX after
every report.""")

code("""rows = []
for supported in (True, False):
    b = pb.simulate("mast-monitor", set={"network.rrc.release_assistance_supported": supported})
    rows.append((supported, b.average_current_uA, b.lifetime_days))
    print(f"RAI honoured={supported!s:5}: {b.average_current_uA:8.2f} uA, {b.lifetime_years:5.2f} years (ideal cell)")
fig, ax = plt.subplots(figsize=(5, 3))
ax.bar(["RAI honoured", "inactivity timer"], [r[2] / 365 for r in rows], color=["tab:green", "tab:orange"])
ax.axhline(1.0, color="tab:red", linestyle="--"); ax.set_ylabel("lifetime, years")
plt.show()""")

md("""## Across climates, with battery physics

The lifetime simulation steps the battery (capacity derating and pulse voltage in the cold, self-discharge in
the warm, the supercapacitor's leakage) through each climate's year. The bobbin cell alone browns out under the
transmit pulse on cold nights; the bundled design carries a 2 × 5 F supercapacitor.""")

code("""climates = ["lab-25C", "temperate-frankfurt", "nordic-coastal-gothenburg", "subarctic-kiruna"]
batteries = ("saft-ls17500-supercap", "saft-ls17500")
results = {}
for battery in batteries:
    for c in climates:
        r = pb.lifetime("mast-monitor", set={"climate": c, "battery": battery}, dt_days=2)
        results[(battery, c)] = r
        print(f"{battery:24} {c:28} {r.lifetime_years:6.2f} years  end of life: {r.end_of_life_cause}")
fig, ax = plt.subplots(figsize=(8, 4))
width = 0.38
for i, battery in enumerate(batteries):
    ax.bar([x + i * width for x in range(len(climates))], [results[(battery, c)].lifetime_years for c in climates],
           width, label=battery)
ax.set_xticks([x + width / 2 for x in range(len(climates))], climates, rotation=15)
ax.axhline(1.0, color="tab:red", linestyle="--"); ax.set_ylabel("lifetime, years"); ax.legend()
plt.show()""")

md("""## State of charge through a life

The profile's own climate; the series are NumPy arrays, one value per day.""")

code("""life = pb.lifetime("mast-monitor")
s = life.series
fig, ax1 = plt.subplots(figsize=(8, 4))
ax1.plot(s["time_days"], 100 * s["soc_frac"], label="state of charge")
ax1.set_xlabel("days since installation"); ax1.set_ylabel("state of charge, %")
ax2 = ax1.twinx()
ax2.plot(s["time_days"], s["temperature_degC"], color="tab:gray", alpha=0.6, label="temperature")
ax2.set_ylabel("daily mean temperature, degC")
ax1.set_title(f"{life.climate}: {life.lifetime_days:.0f} days, end of life: {life.end_of_life_cause}")
plt.show()""")

md("""## A population, and the proof

Devices differ: coupling loss, temperature, cell capacity, traffic and modem currents spread as the profile's
`uncertainty` section declares. `montecarlo` simulates each device's life (seeded: the same seed gives the same
population); `prove` asks whether the share of devices reaching the target is, with 95 % confidence, at least the
share required.""")

code("""mc = pb.montecarlo("mast-monitor", devices=2000, seed=1)
proof = pb.prove("mast-monitor", target_days=365, confidence=0.99, devices=2000, seed=1)
fig, ax = plt.subplots(figsize=(8, 4))
ax.hist(mc.lifetimes_days / 365, bins=40, color="tab:blue", alpha=0.7)
for key, style in (("P1_days", ":"), ("P10_days", "--"), ("P50_days", "-")):
    ax.axvline(mc.lifetime_percentiles[key] / 365, color="black", linestyle=style, label=key.replace("_days", ""))
ax.axvline(proof.target_days / 365, color="tab:red", label="target")
ax.set_xlabel("lifetime, years"); ax.set_ylabel("devices"); ax.legend()
ax.set_title(f"{mc.devices} devices: {100 * mc.reaching_target['fraction']:.1f} % reach {mc.target_lifetime_days:.0f} days")
plt.show()
print(f"{proof.verdict}: P(life >= {proof.target_days:.0f} d) = {proof.probability:.4f}, "
      f"95 % lower bound {proof.probability_low:.4f} (required {proof.required_fraction})")
print("top drivers:", ", ".join(f"{r['input']} ({r['swing_days']:.0f} d)" for r in proof.sensitivity[:3]))""")

nb = nbf.v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
nbf.write(nb, str(pathlib.Path(__file__).with_name("mast_monitor_design_space.ipynb")))
