#!/usr/bin/env python3
"""The installed package `powerbudget` (pip install ./bindings/python) against the CLI.

Run by ctest `python_package` (test_package.sh: a fresh venv, `pip install --no-build-isolation
--no-index`, then this file with the venv's python and no PYTHONPATH). Every function is called on
the bundled mast monitor and compared with `powerbudget <command> ... --format json` for the same
arguments (the CLI prints 6 significant digits; the package gives full doubles). By hand, in such a
venv:

    POWERBUDGET=build/release/cli/powerbudget venv/bin/python bindings/python/tests/test_package.py -v
"""
import json
import math
import os
import pathlib
import subprocess
import sys
import unittest

import numpy as np

import powerbudget as pb

ROOT = pathlib.Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "profiles" / "telemetry" / "mast-monitor-sample.jsonl"
REL = 2e-5  # the CLI's 6 significant digits


def cli(*args, ok=(0, 1)):
    path = os.environ.get("POWERBUDGET")
    if not path or not pathlib.Path(path).exists():
        raise unittest.SkipTest("POWERBUDGET (the CLI's path) is not set; ctest sets it")
    env = dict(os.environ, POWERBUDGET_PROFILES=str(ROOT / "profiles"))
    out = subprocess.run([path, *args], capture_output=True, text=True, env=env, check=False)
    if out.returncode not in ok:
        raise AssertionError(f"powerbudget {' '.join(args)} exited {out.returncode}: {out.stderr}")
    return out.stdout


def cli_json(*args):
    return json.loads(cli(*args, "--format", "json"))


class Close:
    def assertClose(self, got, want, where="", rel=REL):
        self.assertTrue(math.isclose(got, want, rel_tol=rel, abs_tol=1e-9), f"{where}: package {got!r}, CLI {want!r}")


class TheInstalledPackage(unittest.TestCase):
    def test_is_the_installed_one_with_its_profiles(self):
        # ctest runs this without PYTHONPATH: the package must come from the venv's site-packages,
        # with the extension and the bundled profiles pip put there.
        if os.environ.get("PB_EXPECT_INSTALLED") != "1":
            self.skipTest("not run from an installed venv (PB_EXPECT_INSTALLED=1)")
        package = pathlib.Path(pb.__file__).resolve().parent
        self.assertIn(pathlib.Path(sys.prefix).resolve(), package.parents)
        self.assertEqual(package.parent.name, "site-packages")
        self.assertTrue((package / "profiles" / "devices" / "mast-monitor.json").exists())
        self.assertNotIn("POWERBUDGET_PROFILES", os.environ)  # so the bundled copy is what was used
        self.assertTrue(pb._core.__file__.startswith(str(package)))


class Simulate(unittest.TestCase, Close):
    def test_equals_the_cli_budget(self):
        want = cli_json("simulate", "mast-monitor")
        got = pb.simulate("mast-monitor")
        self.assertIsInstance(got, pb.Budget)
        for key in ("average_current_uA", "average_power_uW", "energy_J_per_day", "lifetime_days", "lifetime_years",
                    "target_lifetime_days"):
            self.assertClose(getattr(got, key), want[key], key)
        self.assertEqual(got.meets_target, want["meets_target"])
        self.assertEqual(got.radio["ce_level"], want["radio"]["ce_level"])
        self.assertEqual([a.activity for a in got.breakdown], [a["activity"] for a in want["breakdown"]])
        for a, w in zip(got.breakdown, want["breakdown"]):
            if w["energy_J_per_day"]:
                self.assertClose(a.energy_J_per_day, w["energy_J_per_day"], a.activity)
        # The breakdown is the whole budget.
        self.assertAlmostEqual(sum(a.share_frac for a in got.breakdown), 1.0, places=9)
        self.assertTrue(math.isclose(sum(a.energy_J_per_day for a in got.breakdown), got.energy_J_per_day, rel_tol=1e-9))
        self.assertIs(got.activity(got.breakdown[0].activity), got.breakdown[0])
        with self.assertRaises(KeyError):
            got.activity("no-such-activity")

    def test_set_overrides_as_the_cli(self):
        want = cli_json("simulate", "mast-monitor", "--set", "reporting.interval_s=1800",
                        "--set", "network.rrc.release_assistance_supported=false")
        got = pb.simulate("mast-monitor", set={"reporting.interval_s": 1800,
                                               "network.rrc.release_assistance_supported": False})
        self.assertClose(got.lifetime_days, want["lifetime_days"], "lifetime_days")
        # The same as a list of PATH=VALUE strings, and not the default budget.
        as_list = pb.simulate("mast-monitor", set=["reporting.interval_s=1800",
                                                   "network.rrc.release_assistance_supported=false"])
        self.assertEqual(as_list, got)
        self.assertLess(got.lifetime_days, pb.simulate("mast-monitor").lifetime_days * 0.9)

    def test_profile_by_path(self):
        path = ROOT / "profiles" / "devices" / "mast-monitor.json"
        self.assertEqual(pb.simulate(path), pb.simulate("mast-monitor"))

    def test_bad_input_names_the_field(self):
        with self.assertRaises(pb.ProfileError) as caught:
            pb.simulate("mast-monitor", set={"reporting.interval_s": -5})
        self.assertEqual(caught.exception.field, "/reporting/interval_s")
        with self.assertRaises(pb.ProfileError) as caught:
            pb.simulate("no-such-device")
        self.assertIn("mast-monitor", str(caught.exception))  # lists the bundled devices
        with self.assertRaises(TypeError):
            pb.simulate("mast-monitor", set="reporting.interval_s=1800")


class Lifetime(unittest.TestCase, Close):
    def test_equals_the_cli_and_gives_arrays(self):
        want = cli_json("lifetime", "mast-monitor", "--dt-days", "2", "--set", "climate=subarctic-kiruna")
        got = pb.lifetime("mast-monitor", dt_days=2, set={"climate": "subarctic-kiruna"})
        self.assertClose(got.lifetime_days, want["lifetime_days"], "lifetime_days")
        self.assertEqual(got.end_of_life_cause, want["end_of_life_cause"])
        self.assertEqual(got.climate, want["climate"])
        self.assertClose(got.min_loaded_voltage_V, want["min_loaded_voltage_V"], "min_loaded_voltage_V")
        series = got.series
        self.assertEqual(set(series), set(want["series"][0]))
        for name, values in series.items():
            self.assertIsInstance(values, np.ndarray, name)
            self.assertEqual(values.dtype, np.float64, name)
            self.assertEqual(len(values), len(want["series"]), name)
        mid = len(want["series"]) // 2
        for name in series:
            self.assertClose(float(series[name][mid]), want["series"][mid][name], f"series[{mid}].{name}")
        # From full to empty (this life ends with the charge exhausted; the state of charge may rise a
        # little in a warm month, as the cold derating lifts), the series ends at the end of life, and
        # the energy per step adds up to the energy per month.
        self.assertEqual(got.end_of_life_cause, "charge_exhausted")
        self.assertGreater(series["soc_frac"][0], 0.95)
        self.assertLess(series["soc_frac"][-1], 0.01)
        self.assertLessEqual(abs(series["time_days"][-1] - got.lifetime_days), 2.0 + 1e-9)
        self.assertEqual(len(got.energy_J_per_month), len(want["energy_J_per_month"]))
        self.assertTrue(math.isclose(series["energy_J"].sum(), got.energy_J_per_month.sum(), rel_tol=1e-9))

    def test_options_are_checked_by_name(self):
        with self.assertRaises(pb.ProfileError) as caught:
            pb.lifetime("mast-monitor", dt_days=0)
        self.assertIn("dt_days", str(caught.exception))
        with self.assertRaises(pb.ProfileError):
            pb.lifetime("mast-monitor", start_month=13)


class MonteCarlo(unittest.TestCase, Close):
    @classmethod
    def setUpClass(cls):
        cls.want = cli_json("montecarlo", "mast-monitor", "--devices", "400", "--seed", "11")
        cls.got = pb.montecarlo("mast-monitor", devices=400, seed=11)

    def test_percentiles_and_share_equal_the_cli(self):
        got, want = self.got, self.want
        for key, value in want["lifetime_percentiles"].items():
            self.assertClose(got.lifetime_percentiles[key], value, key)
        self.assertEqual(got.reaching_target["fraction"], want["reaching_target"]["fraction"])
        self.assertClose(got.reaching_target["ci_low"], want["reaching_target"]["ci_low"], "ci_low")
        self.assertEqual(got.early_deaths_by_cause, want["early_deaths_by_cause"])
        self.assertEqual(got.uncertain_inputs, want["uncertain_inputs"])
        self.assertEqual([g["devices"] for g in got.ce_level_mix], [g["devices"] for g in want["ce_level_mix"]])

    def test_arrays_are_the_population(self):
        got = self.got
        self.assertIsInstance(got.lifetimes_days, np.ndarray)
        self.assertEqual(got.lifetimes_days.shape, (400,))
        # The engine's percentiles and share are those of the per-device array.
        self.assertAlmostEqual(got.percentile(50), got.lifetime_percentiles["P50_days"], places=6)
        self.assertAlmostEqual(got.percentile(10), got.lifetime_percentiles["P10_days"], places=6)
        self.assertEqual(got.share_reaching(got.target_lifetime_days), got.reaching_target["fraction"])
        self.assertEqual(len(got.end_of_life_causes), 400)
        self.assertEqual(set(got.inputs), set(got.uncertain_inputs))
        for name, values in got.inputs.items():
            self.assertEqual(values.shape, (400,), name)
        self.assertGreater(np.std(got.lifetimes_days), 0.0)

    def test_seeded_reproducible_whatever_the_threads(self):
        again = pb.montecarlo("mast-monitor", devices=400, seed=11, threads=1)
        np.testing.assert_array_equal(again.lifetimes_days, self.got.lifetimes_days)
        other = pb.montecarlo("mast-monitor", devices=400, seed=12, threads=1)
        self.assertFalse(np.array_equal(other.lifetimes_days, self.got.lifetimes_days))


class Prove(unittest.TestCase, Close):
    def test_verdict_and_probability_equal_the_cli(self):
        args = ("--devices", "400", "--seed", "5")
        for target, confidence in (("365", 0.9), ("1500", 0.9)):
            with self.subTest(target=target):
                want = cli_json("prove", "mast-monitor", "--target", target + "d", "--confidence", str(confidence), *args)
                got = pb.prove("mast-monitor", target_days=float(target), confidence=confidence, devices=400, seed=5)
                self.assertIsInstance(got, pb.Proof)
                self.assertEqual(got.proven, want["proven"])
                self.assertEqual(got.probability, want["population"]["reaching_target"]["fraction"])
                self.assertClose(got.probability_low, want["population"]["reaching_target"]["ci_low"], "ci_low")
                # The verdict is the bound against the required share.
                self.assertEqual(got.proven, got.probability_low >= confidence)
                self.assertClose(got.design_point["lifetime_days"], want["design_point"]["lifetime_days"], "nominal")
                self.assertClose(got.margin_frac, want["margin_frac"], "margin_frac", rel=1e-4)
                self.assertEqual([r["input"] for r in got.sensitivity], [r["input"] for r in want["sensitivity"]["drivers"]])
                self.assertClose(got.sensitivity[0]["swing_days"], want["sensitivity"]["drivers"][0]["swing_days"], "swing")
        # A 1,500-day target is beyond this device (P50 near 1,000 days): not proven.
        self.assertFalse(got.proven)
        self.assertEqual(got.verdict, "NOT PROVEN")

    def test_confidence_is_checked(self):
        with self.assertRaises(pb.ProfileError) as caught:
            pb.prove("mast-monitor", confidence=1.5, devices=10)
        self.assertIn("confidence", str(caught.exception))


class Estimate(unittest.TestCase, Close):
    def test_equals_the_cli_estimates(self):
        text = SAMPLE.read_text()
        want = [json.loads(line) for line in cli("estimate", "--profile", "mast-monitor", "--input", str(SAMPLE),
                                                  "--format", "json").splitlines()]
        got = pb.estimate("mast-monitor", text, format="jsonl")
        self.assertEqual([e["device"] for e in got], [e["device"] for e in want])
        for g, w in zip(got, want):
            self.assertClose(g["soc_pct"], w["soc_pct"], g["device"])
            self.assertClose(g["remaining_life_days"]["p10"], w["remaining_life_days"]["p10"], g["device"])
        # Records as dicts give the same.
        records = [json.loads(line) for line in text.splitlines() if line.strip() and not line.startswith("#")]
        self.assertEqual(pb.estimate("mast-monitor", records), got)
        # The set= overrides reach the estimator: a smaller cell leaves less life.
        small = pb.estimate("mast-monitor", text, format="jsonl", set={"battery.capacity_mAh": 500})
        self.assertLess(small[0]["remaining_life_days"]["p50"], got[0]["remaining_life_days"]["p50"] / 3)

    def test_malformed_input_raises(self):
        with self.assertRaises(ValueError) as caught:
            pb.estimate("mast-monitor", '{"device": "a", "time": "2024-01-01T00:00:00Z"}\nnot json\n', format="jsonl")
        self.assertIn("line 2", str(caught.exception))
        with self.assertRaises(ValueError):
            pb.estimate("mast-monitor", "x", format=None)

    def test_fleet_keeps_its_api(self):
        fleet = pb.Fleet("mast-monitor", ["reporting.interval_s=3600"], set={"battery.capacity_mAh": 500})
        self.assertIsInstance(fleet, pb._core.Fleet)
        self.assertEqual(fleet.ingest_text("jsonl", SAMPLE.read_text())["malformed"], 0)
        self.assertEqual(len(fleet), 2)
        self.assertIn("Mast", fleet.profile)


if __name__ == "__main__":
    unittest.main()
