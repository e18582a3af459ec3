#!/usr/bin/env python3
"""Throughput of the Python module on fleet-sim telemetry (not a test; docs/python.md, "Throughput").

    PYTHONPATH=build/release/bindings/python/module /usr/bin/python3 bindings/python/bench_module.py \\
        build/release/cli/powerbudget [devices] [days]

Times, best of 3: ingest_text of line protocol, JSON lines and SenML (the text path in C++), ingest of
the same records as dicts (Python objects converted in C++), query_all, snapshot and restore.
"""
import json
import pathlib
import subprocess
import sys
import tempfile
import time

import powerbudget


def best_of(n, fn):
    best = float("inf")
    for _ in range(n):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main():
    cli = sys.argv[1]
    devices = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    days = int(sys.argv[3]) if len(sys.argv) > 3 else 30
    with tempfile.TemporaryDirectory(prefix="pb-bench-python-") as tmp:
        texts = {}
        for fmt in ("influx", "jsonl", "senml"):
            path = pathlib.Path(tmp) / f"fleet.{fmt}"
            subprocess.run([cli, "fleet-sim", "mast-monitor", "--devices", str(devices), "--days", str(days),
                            "--seed", "1", "--telemetry-format", fmt, "-o", str(path), "--truth", "/dev/null"],
                           check=True, capture_output=True)
            texts[fmt] = path.read_text()
    records = [json.loads(line) for line in texts["jsonl"].splitlines()]
    n = len(records)
    print(f"{devices} devices x {days} days: {n} records")
    for fmt, text in texts.items():
        t = best_of(3, lambda: powerbudget.Fleet("mast-monitor").ingest_text(fmt, text))
        print(f"ingest_text {fmt:7} {n / t / 1e6:6.2f} M records/s  ({t:.2f} s, fleet construction included)")
    t = best_of(3, lambda: powerbudget.Fleet("mast-monitor").ingest(records))
    print(f"ingest dicts        {n / t / 1e6:6.2f} M records/s  ({t:.2f} s)")
    fleet = powerbudget.Fleet("mast-monitor")
    fleet.ingest_text("influx", texts["influx"])
    t = best_of(3, fleet.query_all)
    print(f"query_all           {devices / t / 1e3:6.1f} k devices/s  ({t * 1e3:.1f} ms)")
    blob = fleet.snapshot()
    t = best_of(3, fleet.snapshot)
    print(f"snapshot            {t * 1e3:6.1f} ms  ({len(blob) / devices:.0f} B per device)")
    t = best_of(3, lambda: powerbudget.Fleet("mast-monitor").restore(blob))
    print(f"restore             {t * 1e3:6.1f} ms  (fleet construction included)")
    t = best_of(3, lambda: powerbudget.Fleet("mast-monitor"))
    print(f"Fleet('mast-monitor') {t * 1e3:5.1f} ms  (profile load and drain table)")


if __name__ == "__main__":
    main()
