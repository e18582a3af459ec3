#!/usr/bin/env python3
"""Tests of the Python module `powerbudget` (bindings/python, docs/python.md).

The module must say what `powerbudget estimate` says for the same telemetry, keep everything through
a snapshot, raise on a bad profile naming the field, and count bad input instead of failing on it.
Run by ctest (`python_module`) with PYTHONPATH at the built module, POWERBUDGET the CLI and
POWERBUDGET_PROFILES the bundled profiles; by hand:

    PYTHONPATH=build/h-py/bindings/python/module POWERBUDGET=build/h-py/cli/powerbudget \\
        /usr/bin/python3 bindings/python/tests/test_module.py -v
"""
import json
import math
import os
import pathlib
import subprocess
import sys
import tempfile
import threading
import unittest

import powerbudget

ROOT = pathlib.Path(__file__).resolve().parents[3]
PROFILES = pathlib.Path(os.environ.get("POWERBUDGET_PROFILES", ROOT / "profiles"))
SAMPLES = PROFILES / "telemetry"


def cli_path():
    cli = os.environ.get("POWERBUDGET")
    if not cli or not pathlib.Path(cli).exists():
        raise unittest.SkipTest("POWERBUDGET (the CLI's path) is not set; ctest sets it")
    return cli


def run_cli(*args):
    out = subprocess.run([cli_path(), *args], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise AssertionError(f"powerbudget {' '.join(args)} exited {out.returncode}: {out.stderr}")
    return out


def assert_estimates_close(test, expected, actual, rel=2e-5, where=""):
    """The CLI writes numbers with 6 significant digits; the module gives full doubles."""
    test.assertEqual(set(expected), set(actual), f"{where}: keys differ")
    for key, want in expected.items():
        got = actual[key]
        if isinstance(want, dict):
            assert_estimates_close(test, want, got, rel, f"{where}.{key}")
        elif isinstance(want, float) or (isinstance(want, int) and isinstance(got, float)):
            test.assertTrue(math.isclose(got, want, rel_tol=rel, abs_tol=1e-9),
                            f"{where}.{key}: module {got!r}, CLI {want!r}")
        else:
            test.assertEqual(got, want, f"{where}.{key}")


class FleetTelemetry(unittest.TestCase):
    """A simulated fleet with bad data and faulty devices, in JSON lines, shared by the tests."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="pb-python-test-")
        cls.telemetry = pathlib.Path(cls.tmp.name) / "fleet.jsonl"
        run_cli("fleet-sim", "mast-monitor", "--devices", "24", "--days", "20", "--seed", "5",
                "--faulty-fraction", "0.2", "--telemetry-format", "jsonl", "-o", str(cls.telemetry))
        cls.text = cls.telemetry.read_text()
        cls.lines = cls.text.splitlines()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()


class AgreesWithCli(FleetTelemetry):
    def test_estimates_equal_cli_jsonl(self):
        out = run_cli("estimate", "--profile", "mast-monitor", "--input", str(self.telemetry), "--format", "json")
        expected = [json.loads(line) for line in out.stdout.splitlines()]
        fleet = powerbudget.Fleet("mast-monitor")
        result = fleet.ingest_text("jsonl", self.text)
        actual = fleet.query_all()
        self.assertEqual(len(expected), 24)
        self.assertEqual([e["device"] for e in actual], [e["device"] for e in expected])
        for want, got in zip(expected, actual):
            assert_estimates_close(self, want, got, where=want["device"])
        # The CLI's summary line counts the same records.
        summary = out.stderr.strip().splitlines()[-1]
        self.assertIn(f"{result['accepted']} records accepted, {result['rejected']} rejected", summary)
        self.assertGreater(result["rejected"], 0, "fleet-sim's bad data should reject some records")
        # Faulty devices raise flags the module reports as names.
        self.assertTrue(any(e["flags"] for e in actual))
        for e in actual:
            self.assertTrue(set(e["flags"]) <= set(powerbudget.FLAG_NAMES), e["flags"])
            self.assertLess(e["remaining_life_days"]["p10"], e["remaining_life_days"]["p90"])

    def test_query_gives_what_query_all_gives(self):
        fleet = powerbudget.Fleet("mast-monitor")
        fleet.ingest_text("jsonl", self.text)
        everything = fleet.query_all()
        self.assertEqual(fleet.device_count, len(everything))
        self.assertEqual(len(fleet), len(everything))
        for e in everything:
            self.assertEqual(fleet.query(e["device"]), e)
        self.assertIsNone(fleet.query("no-such-device"))

    def test_dicts_give_the_same_estimates_as_text(self):
        from_text = powerbudget.Fleet("mast-monitor")
        r_text = from_text.ingest_text("jsonl", self.text)
        from_dicts = powerbudget.Fleet("mast-monitor")
        r_dicts = from_dicts.ingest([json.loads(line) for line in self.lines])
        self.assertEqual((r_dicts["accepted"], r_dicts["rejected"], r_dicts["malformed"]),
                         (r_text["accepted"], r_text["rejected"], r_text["malformed"]))
        self.assertEqual(from_dicts.query_all(), from_text.query_all())
        self.assertEqual(from_dicts.counts(), from_text.counts())

    def test_text_formats_agree(self):
        # The bundled samples are one fleet written in three formats (profiles/telemetry/README.md).
        results = {}
        for fmt, name in (("jsonl", "mast-monitor-sample.jsonl"), ("senml", "mast-monitor-sample.senml"),
                          ("influx", "mast-monitor-sample.lp")):
            fleet = powerbudget.Fleet("mast-monitor")
            r = fleet.ingest_text(fmt, (SAMPLES / name).read_bytes())  # bytes are accepted too
            self.assertEqual(r["malformed"], 0, r["errors"])
            results[fmt] = fleet.query_all()
        self.assertEqual(len(results["jsonl"]), 2)
        for fmt in ("senml", "influx"):
            for want, got in zip(results["jsonl"], results[fmt]):
                assert_estimates_close(self, want, got, rel=1e-9, where=f"{fmt} {want['device']}")

    def test_csv_matches_cli(self):
        csv_path = SAMPLES / "mast-monitor-fleet.csv"
        out = run_cli("estimate", "--profile", "mast-monitor", "--input", str(csv_path), "--format", "json")
        fleet = powerbudget.Fleet("mast-monitor")
        r = fleet.ingest_text("csv", csv_path.read_text())
        self.assertEqual(r["malformed"], 0, r["errors"])
        for want, got in zip((json.loads(l) for l in out.stdout.splitlines()), fleet.query_all()):
            assert_estimates_close(self, want, got, where=want["device"])


class Snapshots(FleetTelemetry):
    def test_round_trip_is_identical(self):
        half = len(self.lines) // 2
        first, rest = "\n".join(self.lines[:half]), "\n".join(self.lines[half:])
        original = powerbudget.Fleet("mast-monitor")
        original.ingest_text("jsonl", first)
        blob = original.snapshot()
        self.assertIsInstance(blob, bytes)
        self.assertEqual(blob[:4], b"PBES")

        restored = powerbudget.Fleet("mast-monitor")
        restored.restore(blob)
        self.assertEqual(restored.snapshot(), blob)
        self.assertEqual(restored.query_all(), original.query_all())
        self.assertEqual(restored.counts(), original.counts())
        # ... and both go on identically.
        original.ingest_text("jsonl", rest)
        restored.ingest_text("jsonl", rest)
        self.assertEqual(restored.query_all(), original.query_all())
        self.assertEqual(restored.snapshot(), original.snapshot())
        restored.restore(bytearray(blob))  # any bytes-like object
        self.assertEqual(restored.snapshot(), blob)

    def test_damaged_snapshot_raises_and_changes_nothing(self):
        fleet = powerbudget.Fleet("mast-monitor")
        fleet.ingest_text("jsonl", self.text)
        before = fleet.snapshot()
        damaged = bytearray(before)
        damaged[len(damaged) // 2] ^= 0x55
        for bad in (bytes(damaged), before[:-9], b"", b"PBES"):
            with self.assertRaises(powerbudget.SnapshotError):
                fleet.restore(bad)
            self.assertEqual(fleet.snapshot(), before)
        self.assertTrue(issubclass(powerbudget.SnapshotError, ValueError))
        with self.assertRaises(TypeError):
            fleet.restore("not bytes")

    def test_snapshot_of_other_parameters_is_refused(self):
        fleet = powerbudget.Fleet("mast-monitor")
        fleet.ingest_text("jsonl", self.text)
        other = powerbudget.Fleet("mast-monitor", ["reporting.interval_s=1800"])
        with self.assertRaises(powerbudget.SnapshotError) as caught:
            other.restore(fleet.snapshot())
        self.assertEqual(other.device_count, 0)
        self.assertTrue(str(caught.exception))


class BadInput(unittest.TestCase):
    def test_bad_override_names_the_field(self):
        with self.assertRaises(powerbudget.ProfileError) as caught:
            powerbudget.Fleet("mast-monitor", ["reporting.interval_s=-5"])
        message = str(caught.exception)
        self.assertIn("interval_s", message)
        self.assertIn("interval_s", caught.exception.field)
        self.assertTrue(caught.exception.detail)
        self.assertIsInstance(caught.exception, ValueError)

    def test_unknown_profile_lists_the_bundled_ones(self):
        with self.assertRaises(powerbudget.ProfileError) as caught:
            powerbudget.Fleet("no-such-device")
        self.assertIn("no-such-device", str(caught.exception))
        self.assertIn("mast-monitor", str(caught.exception))

    def test_profile_file_and_profiles_dir(self):
        fleet = powerbudget.Fleet(str(PROFILES / "devices" / "mast-monitor.json"), profiles_dir=str(PROFILES))
        self.assertEqual(fleet.device_count, 0)
        with self.assertRaises(powerbudget.ProfileError):
            powerbudget.Fleet("mast-monitor", profiles_dir="/nonexistent")

    def test_bad_options(self):
        with self.assertRaises(ValueError):
            powerbudget.Fleet("mast-monitor", brown_out_V=-1.0)
        with self.assertRaises(ValueError):
            powerbudget.Fleet("mast-monitor", nrs_power_dBm=float("nan"))
        with self.assertRaises(TypeError):
            powerbudget.Fleet("mast-monitor", "reporting.interval_s=900")  # overrides is a list

    def test_unknown_format_names_the_allowed_ones(self):
        fleet = powerbudget.Fleet("mast-monitor")
        with self.assertRaises(ValueError) as caught:
            fleet.ingest_text("xml", "")
        self.assertIn("jsonl", str(caught.exception))
        with self.assertRaises(TypeError):
            fleet.ingest_text("jsonl", 42)

    def test_malformed_lines_are_counted_and_skipped(self):
        fleet = powerbudget.Fleet("mast-monitor")
        good = ('{"device":"d1","time":"2024-01-01T00:00:00Z","voltage_mV":3680,"level_pct":100,'
                '"signal_dBm":-105,"temperature_degC":5,"reports":1,"fota":0}')
        text = "\n".join(["not json", good, '{"device": 7, "time": 1704067200}', "[1, 2]", "", "# a comment"])
        r = fleet.ingest_text("jsonl", text)
        # JSON has no comments: a '#' line in JSON lines is malformed (docs/estimation.md).
        self.assertEqual((r["accepted"], r["rejected"], r["malformed"]), (1, 0, 4))
        self.assertEqual(len(r["errors"]), 4)
        self.assertTrue(r["errors"][0].startswith("line 1: "), r["errors"])
        self.assertTrue(r["errors"][1].startswith("line 3: "), r["errors"])
        self.assertTrue(r["errors"][3].startswith("line 6: "), r["errors"])
        self.assertEqual(fleet.counts()["malformed"], 4)
        self.assertIsNotNone(fleet.query("d1"))

    def test_malformed_records_are_counted_and_skipped(self):
        fleet = powerbudget.Fleet("mast-monitor")
        good = {"device": "d1", "time": "2024-01-01T00:00:00Z", "voltage_mV": 3680, "level_pct": 100, "reports": 1,
                "colour": "blue"}
        r = fleet.ingest([
            good,
            "not a dict",
            {"device": "d2", "time": 1704067200, "level_pct": "high"},
            {"device": "d3", "time": "yesterday", "level_pct": 99},
            {"device": "d4", "time": 1704067200, "level_pct": True},
            {"device": "d5", "time": 1704067200, "level_pct": float("nan"), "voltage_mV": 3600},
            {"time": 1704067200, "level_pct": 99},
        ])
        self.assertEqual(r["malformed"], 4, r["errors"])
        self.assertEqual(r["accepted"], 2)   # d1, and d5 without its NaN level
        self.assertEqual(r["rejected"], 1)   # no device
        self.assertEqual(r["ignored_keys"], ["colour"])
        self.assertTrue(r["errors"][0].startswith("record 1: "), r["errors"])
        counts = fleet.counts()
        self.assertEqual(counts["malformed"], 4)
        self.assertEqual(counts["non_finite"], 1)
        self.assertEqual(counts["missing_device"], 1)
        self.assertEqual(sorted(e["device"] for e in fleet.query_all()), ["d1", "d5"])
        with self.assertRaises(TypeError):
            fleet.ingest(good)  # one dict, not a list of them
        with self.assertRaises(TypeError):
            fleet.ingest("text")
        with self.assertRaises(TypeError):
            fleet.ingest(42)

    def test_numpy_scalars_and_huge_numbers(self):
        try:
            import numpy as np
        except ImportError:
            self.skipTest("numpy (python3-numpy) is not installed")
        fleet = powerbudget.Fleet("mast-monitor")
        r = fleet.ingest([{"device": "d1", "time": np.int64(1704067200), "level_pct": np.float32(99.0),
                           "voltage_mV": np.int32(3680), "reports": np.uint8(1), "fota": np.nan,
                           "signal_dBm": 10 ** 400}])
        self.assertEqual((r["accepted"], r["malformed"]), (1, 0), r["errors"])
        self.assertEqual(fleet.counts()["non_finite"], 2)  # the NaN and the int beyond a double
        self.assertAlmostEqual(fleet.query("d1")["soc_pct"], 99.0, places=6)

    def test_rejected_records_are_counted_by_reason(self):
        fleet = powerbudget.Fleet("mast-monitor")
        rec = {"device": "d1", "time": 1704067200, "level_pct": 100, "voltage_mV": 3680, "reports": 1}
        r = fleet.ingest([rec, rec, dict(rec, time=1704060000), dict(rec, device="d2", time=10)])
        self.assertEqual((r["accepted"], r["rejected"]), (1, 3))
        counts = fleet.counts()
        self.assertEqual((counts["duplicate"], counts["out_of_order"], counts["bad_timestamp"]), (1, 1, 1))
        self.assertEqual(set(counts), set(powerbudget.REASONS))

    def test_csv_needs_its_header(self):
        fleet = powerbudget.Fleet("mast-monitor")
        r = fleet.ingest_text("csv", "dev-1,2024-01-01T00:00:00Z,3680\n")
        self.assertEqual(r["malformed"], 1)
        self.assertIn("header", r["errors"][0])


class Threads(FleetTelemetry):
    def test_threads_sharing_a_fleet_are_serialised(self):
        by_device = {}
        for line in self.lines:
            by_device.setdefault(json.loads(line)["device"], []).append(line)
        groups = [[], [], [], []]
        for i, lines in enumerate(by_device.values()):
            groups[i % 4].extend(lines)
        sequential = powerbudget.Fleet("mast-monitor")
        for g in groups:
            sequential.ingest_text("jsonl", "\n".join(g))
        shared = powerbudget.Fleet("mast-monitor")
        threads = [threading.Thread(target=shared.ingest_text, args=("jsonl", "\n".join(g))) for g in groups]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        key = lambda e: e["device"]
        self.assertEqual(sorted(shared.query_all(), key=key), sorted(sequential.query_all(), key=key))


class Module(unittest.TestCase):
    def test_metadata(self):
        self.assertRegex(powerbudget.__version__, r"^\d+\.\d+\.\d+$")
        self.assertIn("drain_fast", powerbudget.FLAG_NAMES)
        self.assertIn("malformed", powerbudget.REASONS)
        fleet = powerbudget.Fleet("mast-monitor")
        name = json.loads((PROFILES / "devices" / "mast-monitor.json").read_text())["name"]
        self.assertEqual(fleet.profile, name)
        self.assertIn(name, repr(fleet))


if __name__ == "__main__":
    unittest.main()
