#!/usr/bin/env python3
"""Writes fleet_remaining_life.ipynb (the notebook is generated so that its source stays reviewable as
plain Python; run this after editing, then commit both). ctest `notebook_fleet_remaining_life` runs it
headless and checks that its figures are in it (bindings/python/CMakeLists.txt, notebooks/run_notebook.py)."""
import pathlib

import nbformat as nbf

cells = []
md = lambda s: cells.append(nbf.v4.new_markdown_cell(s))
code = lambda s: cells.append(nbf.v4.new_code_cell(s))

md("""# Remaining life across a fleet, from its telemetry

`powerbudget fleet-sim` simulates a fleet of mast monitors (`profiles/devices/mast-monitor.json`): hourly
reports of battery level, rest voltage, signal strength, temperature and counters, with the noise, quantisation
and bad data of a real back end (missing, duplicated and late reports, garbage fields, clocks that jump) and a
tenth of the devices developing a fault (a leak, a modem that no longer enters PSM, a reporting storm, a FOTA loop,
lost coverage). It also writes the **ground truth**: when each device really browns out.

This notebook streams that telemetry, a day at a time, through the Python package `powerbudget` (the fleet
estimator of `engine/estimation`, in-process; `docs/python.md`) as a back end would, and compares the estimated
remaining life P10/P50/P90 with the truth. As in `tests/estimation/test_fleet_calibration.cpp`, the cell is shrunk
to 500 mAh so that a third of most lives falls inside the 120-day window, and each device is scored once a third of
its life has elapsed.

Run it with the CLI on `$POWERBUDGET` and the package importable (`pip install ./bindings/python`, or `PYTHONPATH` at a
build tree's `bindings/python/module`; ctest sets both), or from a build tree.""")

code("""%matplotlib inline
import csv, datetime, os, pathlib, statistics, subprocess, sys, tempfile
import matplotlib.pyplot as plt

root = pathlib.Path.cwd()
while not (root / "CMakeLists.txt").exists() and root != root.parent:
    root = root.parent
builds = [root / "build" / b for b in ("release", "ci", "dev", "asan", "h-py")]
powerbudget_cli = next(str(c) for c in [os.environ.get("POWERBUDGET", "")] + [b / "cli/powerbudget" for b in builds]
                       if str(c) and pathlib.Path(c).exists())
try:
    import powerbudget
except ImportError:  # run by hand from a build tree
    sys.path.insert(0, str(next(b / "bindings/python/module" for b in builds if (b / "bindings/python/module/powerbudget").is_dir())))
    import powerbudget
env = dict(os.environ, POWERBUDGET_PROFILES=os.environ.get("POWERBUDGET_PROFILES", str(root / "profiles")))
print(powerbudget_cli, powerbudget.__file__, powerbudget.__version__)""")

md("""## The fleet and its truth

300 devices, 120 days, seed 1, 10 % faulty, InfluxDB line protocol (what a back end keeps next to the raw
telemetry). The same `--set` goes to the estimator: it knows the cell it is estimating.""")

code("""DEVICES, DAYS, SEED = 300, 120, 1
overrides = ["battery.capacity_mAh=500"]
work_dir = tempfile.TemporaryDirectory(prefix="pb-fleet-notebook-")  # removed at the end, or when the kernel exits
work = pathlib.Path(work_dir.name)
telemetry_path, truth_path = work / "fleet.lp", work / "fleet.truth.csv"
sim = subprocess.run([powerbudget_cli, "fleet-sim", "mast-monitor", "--devices", str(DEVICES), "--days", str(DAYS),
                      "--seed", str(SEED), "--faulty-fraction", "0.1", "--telemetry-format", "influx",
                      *[a for o in overrides for a in ("--set", o)], "-o", str(telemetry_path), "--truth", str(truth_path)],
                     capture_output=True, text=True, env=env)
assert sim.returncode == 0, sim.stderr
print((sim.stdout + sim.stderr).strip())  # fleet-sim's summary of the run

def when(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() if text else None

with open(truth_path) as f:
    truth = {row["device"]: row for row in csv.DictReader(line for line in f if not line.startswith("#"))}
for t in truth.values():
    for key in ("install_time", "end_of_life_time", "fault_time", "battery_swap_time"):
        t[key] = when(t[key])
faulty = {d for d, t in truth.items() if t["fault"] != "none"}
print(f"{len(truth)} devices, {len(faulty)} with a fault:",
      ", ".join(sorted({truth[d]['fault'] for d in faulty})))""")

md("""## Streaming the telemetry through the estimator

A day of line protocol at a time goes to `Fleet.ingest_text`; after each day every device's estimate is kept.
fleet-sim's bad data is handled by the estimator's rules and counted by reason: duplicated and late reports are
rejected, garbage fields (0xFFFF mV, 255 %, −273 °C) dropped as out of range, a primary cell "charging" rejected,
a clock that jumps re-anchored (`docs/estimation.md`, "Bad data"); a line that did not parse would be counted as
malformed and skipped.""")

code("""fleet = powerbudget.Fleet("mast-monitor", overrides)
DAY_NS = 86400 * 10**9
daily = {}            # device -> [estimate after each day]
totals = {"accepted": 0, "rejected": 0, "malformed": 0}

def ingest(lines):
    r = fleet.ingest_text("influx", "\\n".join(lines))
    for k in totals:
        totals[k] += r[k]
    for e in fleet.query_all():
        daily.setdefault(e["device"], []).append(e)

# The file is in arrival order. A day ends at the first line of the next day; a line stamped further ahead
# is a device whose clock jumped (fleet-sim's bad data), not the fleet's clock.
with open(telemetry_path) as f:
    chunk, day_end = [], None
    for line in f:
        stamp = line.rsplit(" ", 1)[-1].strip()
        t = int(stamp) if stamp.isdigit() else None
        if t is not None:
            day_end = day_end or (t // DAY_NS + 1) * DAY_NS
            if day_end <= t < day_end + DAY_NS:
                ingest(chunk)
                chunk, day_end = [], day_end + DAY_NS
        chunk.append(line.rstrip("\\n"))
    ingest(chunk)

print(f"{fleet.device_count} devices; records accepted {totals['accepted']}, rejected {totals['rejected']}, "
      f"malformed lines {totals['malformed']}")
print("handled by rule:", {k: v for k, v in fleet.counts().items() if v})
assert fleet.device_count == DEVICES""")

md("""## Remaining life at a third of each life, against the truth

Devices without a fault, a battery swap or a bad clock ("plain" devices; the others are the flags' business
below). For each, the first daily estimate after a third of its true life has elapsed: P10–P90 as a bar, P50 as a
dot, the true remaining life as a cross.""")

code("""def plain(t):
    return t["fault"] == "none" and not t["battery_swap_time"] and t["bad_data_device"] == "0"

scored = []   # (device, true remaining days, estimate)
for device, t in truth.items():
    if not plain(t):
        continue
    third = t["install_time"] + (t["end_of_life_time"] - t["install_time"]) / 3
    e = next((e for e in daily.get(device, []) if e["time_s"] >= third), None)
    if e is None:
        continue  # a third of this life lies beyond the window
    scored.append((device, (t["end_of_life_time"] - e["time_s"]) / 86400, e))

scored.sort(key=lambda s: s[1])
inside = [s for s in scored if s[2]["remaining_life_days"]["p10"] <= s[1] <= s[2]["remaining_life_days"]["p90"]]
errors = [abs(s[2]["remaining_life_days"]["p50"] / s[1] - 1) for s in scored]
coverage = len(inside) / len(scored)
within10 = sum(e <= 0.10 for e in errors) / len(scored)

x = range(len(scored))
p10 = [s[2]["remaining_life_days"]["p10"] for s in scored]
p50 = [s[2]["remaining_life_days"]["p50"] for s in scored]
p90 = [s[2]["remaining_life_days"]["p90"] for s in scored]
fig, ax = plt.subplots(figsize=(10, 4.5))
ax.vlines(x, p10, p90, color="tab:blue", alpha=0.5, linewidth=2, label="P10–P90")
ax.plot(x, p50, ".", color="tab:blue", label="P50")
ax.plot(x, [s[1] for s in scored], "x", color="black", markersize=4, label="true remaining life")
ax.set_xlabel("devices, by true remaining life"); ax.set_ylabel("remaining life, days")
ax.set_title(f"{len(scored)} devices scored at a third of their life"); ax.legend(); ax.grid(True, alpha=0.3)
plt.show()""")

code("""fig, ax = plt.subplots(figsize=(5, 5))
truths = [s[1] for s in scored]
ax.errorbar(truths, p50, yerr=[[m - lo for m, lo in zip(p50, p10)], [hi - m for m, hi in zip(p50, p90)]],
            fmt=".", alpha=0.5, elinewidth=0.8)
lim = [0, max(max(truths), max(p90)) * 1.05]
ax.plot(lim, lim, "k--", linewidth=1, label="estimate = truth")
ax.plot(lim, [0.9 * v for v in lim], ":", color="gray", linewidth=1, label="±10 %")
ax.plot(lim, [1.1 * v for v in lim], ":", color="gray", linewidth=1)
ax.set_xlim(lim); ax.set_ylim(lim); ax.set_aspect("equal")
ax.set_xlabel("true remaining life, days"); ax.set_ylabel("estimated P50 (bars P10–P90), days"); ax.legend()
plt.show()""")

md("""## Calibration""")

code("""print(f"P10–P90 contains the true end of life for {100 * coverage:.1f} % of {len(scored)} devices "
      f"(a calibrated 80 % interval: 80 %; the C++ test accepts 75–85 %).")
print(f"P50 within ±10 % of the truth for {100 * within10:.1f} % of them; median |error| "
      f"{100 * statistics.median(errors):.1f} %.")
# Loose bounds: the notebook is a demonstration; tests/estimation/test_fleet_calibration.cpp holds the tight ones.
assert len(scored) >= 150, len(scored)
assert 0.70 <= coverage <= 0.90, coverage
assert statistics.median(errors) <= 0.08""")

md("""## Faulty devices

A fault must raise `drain_fast` within a week, with the cause the budget points to: a leak or a modem out of PSM is
drain the budget cannot explain (`unmodelled_drain`); a reporting storm, a FOTA loop and lost coverage are explained
by what the reports say (`reporting_rate`, `fota`, `coverage`).""")

code("""expected_cause = {"leak": "unmodelled_drain", "psm_lost": "unmodelled_drain", "report_storm": "reporting_rate",
                  "fota_loop": "fota", "coverage_drop": "coverage"}
window_end = min(t["install_time"] for t in truth.values()) // 86400 * 86400 + DAYS * 86400  # fleet-sim starts at midnight
rows, caught = [], 0
for device in sorted(faulty):
    t = truth[device]
    if t["battery_swap_time"] or t["fault_time"] + 7 * 86400 > min(window_end, t["end_of_life_time"]):
        continue  # a week after the fault is not observable
    week = [e for e in daily[device] if t["fault_time"] <= e["time_s"] <= t["fault_time"] + 7 * 86400]
    flagged = next((e for e in week if "drain_fast" in e["flags"]), None)
    delay = (flagged["time_s"] - t["fault_time"]) / 86400 if flagged else None
    causes = sorted({e["drain_cause"] for e in week if "drain_fast" in e["flags"]})
    caught += flagged is not None
    rows.append((device, t["fault"], f"{delay:.1f}" if delay is not None else "not flagged", ", ".join(causes),
                 expected_cause.get(t["fault"], "?")))
print(f"{'device':10} {'fault':14} {'flagged after, days':20} {'cause(s)':34} expected")
for r in rows:
    print(f"{r[0]:10} {r[1]:14} {r[2]:20} {r[3]:34} {r[4]}")
print(f"\\n{caught} of {len(rows)} faults flagged within a week")
healthy = [d for d, t in truth.items() if plain(t)]
false_alarms = [d for d in healthy if any("drain_fast" in e["flags"] and e["drain_cause"] == "unmodelled_drain" for e in daily[d])]
print(f"healthy devices ever flagged as unexplained drain: {len(false_alarms)} of {len(healthy)}")
assert rows and caught / len(rows) >= 0.8

# The faulty devices a week after their fault: once flagged, the estimate has caught up with the new drain.
late = []
for device, fault, *_ in rows:
    t = truth[device]
    e = next((e for e in daily[device] if e["time_s"] >= t["fault_time"] + 7 * 86400), daily[device][-1])
    late.append((fault, device, (t["end_of_life_time"] - e["time_s"]) / 86400, e["remaining_life_days"], e["flags"]))
late.sort()
fig, ax = plt.subplots(figsize=(10, 4))
for i, (fault, device, true_left, life, flags) in enumerate(late):
    color = "tab:red" if "drain_fast" in flags else "tab:gray"
    ax.vlines(i, life["p10"], life["p90"], color=color, linewidth=3, alpha=0.5)
    ax.plot(i, life["p50"], "o", color=color)
    ax.plot(i, true_left, "x", color="black")
ax.set_xticks(range(len(late)), [f"{d}\\n{f}" for f, d, *_ in late], rotation=90, fontsize=7)
ax.set_ylabel("remaining life, days"); ax.grid(True, alpha=0.3)
ax.set_title("faulty devices a week after the fault: P10–P90, P50 (red: drain_fast raised), x: truth")
plt.show()
covered = sum(life["p10"] <= true_left <= life["p90"] for _, _, true_left, life, _ in late)
# Stated, not asserted: the calibration above (and the C++ test's) is of fault-free devices. After a fault the
# P50 moves onto the new drain within days, but the interval stays narrower than its error: a known limit.
print(f"a week after the fault, P10–P90 contains the true end of life for {covered} of {len(late)} faulty devices "
      f"(P50 within ±20 % for {sum(true_left > 0 and abs(life['p50'] / true_left - 1) <= 0.2 for _, _, true_left, life, _ in late)})")""")

md("""One device with a leak, day by day. Before the fault the estimator cannot know a leak is coming, while the
truth (dashed) already counts it; within days of the onset the drain multiplier jumps, `drain_fast` is raised with
cause `unmodelled_drain`, and the remaining life falls onto the truth.""")

code("""# One device with a leak: its estimate over time, the fault's onset and the truth.
leaky = next((r[0] for r in rows if r[1] == "leak"), rows[0][0])
t = truth[leaky]
hist = daily[leaky]
days = [(e["time_s"] - t["install_time"]) / 86400 for e in hist]
fig, ax = plt.subplots(figsize=(9, 4))
ax.fill_between(days, [e["remaining_life_days"]["p10"] for e in hist], [e["remaining_life_days"]["p90"] for e in hist],
                alpha=0.3, label="P10–P90")
ax.plot(days, [e["remaining_life_days"]["p50"] for e in hist], label="P50")
ax.plot(days, [(t["end_of_life_time"] - e["time_s"]) / 86400 for e in hist], "k--", label="true remaining life")
ax.axvline((t["fault_time"] - t["install_time"]) / 86400, color="tab:red", label=f"fault: {t['fault']}")
first_flag = next((d for d, e in zip(days, hist) if "drain_fast" in e["flags"]), None)
if first_flag is not None:
    ax.axvline(first_flag, color="tab:orange", linestyle=":", label="drain_fast raised")
ax.set_xlabel("days since installation"); ax.set_ylabel("remaining life, days"); ax.set_title(leaky)
ax.legend(); ax.grid(True, alpha=0.3)
plt.show()""")

md("""## Fleet at the end of the window

What an operator's dashboard shows (`docs/grafana.md` has the Grafana version): the latest P50 of every
device, flagged devices in colour.""")

code("""latest = fleet.query_all()
dead = {d for d, t in truth.items() if t["end_of_life_time"] <= window_end}
groups = {"browned out in the window (truth)": [], "drain_fast": [], "brown_out_risk only": [], "no flag": []}
for e in latest:
    key = ("browned out in the window (truth)" if e["device"] in dead else "drain_fast" if "drain_fast" in e["flags"]
           else "brown_out_risk only" if "brown_out_risk" in e["flags"] else "no flag")
    groups[key].append(e["remaining_life_days"]["p50"])
fig, ax = plt.subplots(figsize=(8, 4))
ax.hist(list(groups.values()), bins=range(0, int(max(e["remaining_life_days"]["p50"] for e in latest)) + 10, 5),
        stacked=True, label=[f"{k} ({len(v)})" for k, v in groups.items()],
        color=["tab:gray", "tab:red", "tab:orange", "tab:blue"])
ax.set_xlabel("remaining life P50 at the end of the window, days"); ax.set_ylabel("devices"); ax.legend()
plt.show()
print(f"{sum(bool(e['flags']) for e in latest)} of {len(latest)} devices carry a flag now:",
      {f: n for f in powerbudget.FLAG_NAMES if (n := sum(f in e["flags"] for e in latest))})""")

md("""## Snapshot

A back end snapshots the estimator's state and restores it after a restart; the estimates are identical.""")

code("""blob = fleet.snapshot()
again = powerbudget.Fleet("mast-monitor", overrides)
again.restore(blob)
assert again.query_all() == fleet.query_all()
print(f"{len(blob) / 1024:.0f} KiB for {fleet.device_count} devices ({len(blob) / fleet.device_count:.0f} B each)")
work_dir.cleanup()""")

nb = nbf.v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
nbf.write(nb, str(pathlib.Path(__file__).with_name("fleet_remaining_life.ipynb")))
