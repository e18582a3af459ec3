#!/usr/bin/env python3
"""Makes the example current captures in docs/examples/ from the model, with noise.

They are not measurements: no bench capture of the mast monitor can be published, and the README's
`powerbudget trace` and `compare` commands need a file to run on. So this takes the model's
report cycle of the mast monitor reporting every 60 s (`powerbudget timeline ... --format csv`,
the step curve of every phase) and makes of it what a bench instrument on the battery would record:

- each cycle's radio activity (every phase that is not PSM) is stretched or shrunk by a factor
  drawn around 1 (sd 5 %), as network timing varies report to report; PSM takes up the rest of
  the cycle, so the reports stay 60 s apart;
- each sample is the mean current over its sample period (what an instrument's averaging gives),
  plus Gaussian noise of 0.3 uA and 1.5 % of the reading (an amplifier's floor and gain noise);
- the PPK2 export (`Timestamp(ms),Current(uA)`, 200 samples/s) and the Otii export
  (`Timestamp (s),Main Current (A)`, 100 samples/s) use different seeds: two captures of the
  same device, as two benches would give.

A CSV cannot carry a comment that the trace readers skip, so what the files are is said in
docs/examples/README.md.

Usage: scripts/make-example-captures.py POWERBUDGET_BINARY [OUT_DIR]   (default docs/examples)
Deterministic: the same binary gives the same files byte for byte.
"""
import csv
import io
import os
import random
import subprocess
import sys

INTERVAL_S = 60
CYCLES = 3
LEAD_IN_S = 20
SETS = ["--set", f"reporting.interval_s={INTERVAL_S}"]


def phases(binary):
    out = subprocess.run([binary, "timeline", "mast-monitor", *SETS, "--format", "csv"], check=True,
                         capture_output=True, text=True).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    # Two rows per phase, at its start and at its end.
    return [(float(a["time_s"]), float(b["time_s"]), float(a["current_A"]), a["activity"])
            for a, b in zip(rows[0::2], rows[1::2])]


def capture(cycle, rate_Hz, seed):
    """(time_s, current_A) samples over CYCLES cycles, from LEAD_IN_S before the first report (a
    capture started while the device sleeps, so that every report in it is whole)."""
    rng = random.Random(seed)
    steps = []  # (start_s, end_s, current_A), the cycle before the first report included
    for k in range(CYCLES + 1):
        stretch = max(0.8, rng.gauss(1.0, 0.05))
        t = k * INTERVAL_S
        for start, end, current, activity in cycle:
            if activity == "psm_floor":
                continue
            duration = (end - start) * stretch
            steps.append((t, t + duration, current))
            t += duration
        psm_current = next(c for s, e, c, activity in cycle if activity == "psm_floor")
        steps.append((t, (k + 1) * INTERVAL_S, psm_current))
    samples = []
    period = 1.0 / rate_Hz
    i = 0
    n = int(CYCLES * INTERVAL_S * rate_Hz)
    first = INTERVAL_S - LEAD_IN_S
    for j in range(n):
        lo, hi = first + j * period, first + (j + 1) * period
        charge = 0.0
        while i < len(steps) and steps[i][1] <= lo:
            i += 1
        m = i
        while m < len(steps) and steps[m][0] < hi:
            s, e, c = steps[m]
            charge += c * (min(e, hi) - max(s, lo))
            m += 1
        mean = charge / period
        samples.append((j * period, mean + rng.gauss(0.0, 0.3e-6 + 0.015 * mean)))
    return samples


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    binary = sys.argv[1]
    out_dir = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "docs", "examples")
    cycle = phases(binary)
    with open(os.path.join(out_dir, "ppk2-export.csv"), "w", newline="") as f:
        f.write("Timestamp(ms),Current(uA)\n")
        for t, a in capture(cycle, 200, seed=19):
            f.write(f"{t * 1e3:.1f},{a * 1e6:.2f}\n")
    with open(os.path.join(out_dir, "otii-export.csv"), "w", newline="") as f:
        f.write("Timestamp (s),Main Current (A)\n")
        for t, a in capture(cycle, 100, seed=20):
            f.write(f"{t:.2f},{a:.4e}\n")


if __name__ == "__main__":
    main()
