#!/usr/bin/env python3
"""The Grafana dashboard (docs/grafana/powerbudget-estimates.json) against what powerbudget writes.

1. Every InfluxQL query of the dashboard names only the measurement, tags and fields that
   `powerbudget estimate --output-format influx` really emits (read from the CLI's output on a bundled
   telemetry sample, not from a list kept here), and averages only numeric fields: renaming a field in
   the estimate writer breaks this test.
2. Where Debian's influxd (InfluxDB 1.x) is installed, the estimates are written into a private
   influxd on loopback (random ports, a temporary directory, stopped afterwards even on failure) and
   every query of the dashboard runs there, with Grafana's variables filled in, and must return data.

Run by ctest (`grafana_dashboard_fields`) with POWERBUDGET the CLI; by hand:

    POWERBUDGET=build/h-py/cli/powerbudget /usr/bin/python3 bindings/python/tests/test_grafana_dashboard.py -v
"""
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import unittest

ROOT = pathlib.Path(os.environ.get("PB_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[3]))
DASHBOARD = ROOT / "docs" / "grafana" / "powerbudget-estimates.json"
SAMPLE = ROOT / "profiles" / "telemetry" / "mast-monitor-sample.jsonl"

# InfluxQL functions that need numeric fields (last/first/count take any type).
NUMERIC_FUNCTIONS = {"mean", "median", "sum", "min", "max", "spread", "stddev", "percentile", "integral",
                     "derivative", "non_negative_derivative", "difference", "moving_average", "mode"}


def influx_estimates():
    """The CLI's line-protocol estimates of the bundled sample (two devices, one day)."""
    cli = os.environ.get("POWERBUDGET")
    if not cli or not pathlib.Path(cli).exists():
        raise unittest.SkipTest("POWERBUDGET (the CLI's path) is not set; ctest sets it")
    out = subprocess.run([cli, "estimate", "--profile", "mast-monitor", "--input", str(SAMPLE),
                          "--output-format", "influx", "--emit", "record"],
                         capture_output=True, text=True, check=True)
    return out.stdout


def parse_line_protocol(text):
    """{measurement: {"tags": set, "fields": {name: "string" | "number"}}} of line protocol without
    escapes in keys (the writer escapes only tag values)."""
    schema = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        head, fields, _timestamp = re.match(r'^((?:[^ \\]|\\.)+) (.+) (\d+)$', line).groups()
        parts = re.split(r'(?<!\\),', head)
        entry = schema.setdefault(parts[0], {"tags": set(), "fields": {}})
        entry["tags"].update(p.split("=", 1)[0] for p in parts[1:])
        for key, value in re.findall(r'([A-Za-z0-9_]+)=("(?:[^"\\]|\\.)*"|[^,]+)', fields):
            entry["fields"][key] = "string" if value.startswith('"') else "number"
    return schema


def dashboard_queries(dashboard):
    """(where, query) for every panel target and templating query."""
    queries = []
    for panel in dashboard["panels"]:
        for target in panel.get("targets", []):
            queries.append((f"panel '{panel['title']}' {target['refId']}", target))
    for variable in dashboard.get("templating", {}).get("list", []):
        if variable.get("type") == "query":
            queries.append((f"variable '{variable['name']}'", {"query": variable["query"], "rawQuery": True}))
    return queries


class DashboardNamesWhatTheWriterEmits(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dashboard = json.loads(DASHBOARD.read_text())
        cls.schema = parse_line_protocol(influx_estimates())

    def test_writer_output_was_understood(self):
        # Guards the parser above: a test that parses nothing would pass everything.
        self.assertIn("battery_estimate", self.schema)
        self.assertIn("device", self.schema["battery_estimate"]["tags"])
        self.assertEqual(self.schema["battery_estimate"]["fields"].get("soc_pct"), "number")
        self.assertEqual(self.schema["battery_estimate"]["fields"].get("flag_names"), "string")

    def test_every_query_names_emitted_measurements_tags_and_fields(self):
        queries = dashboard_queries(self.dashboard)
        self.assertGreaterEqual(len(queries), 8)
        used_fields = set()
        for where, target in queries:
            with self.subTest(where=where):
                # Builder-mode targets would escape the checks below.
                self.assertTrue(target.get("rawQuery"), f"{where}: use a raw InfluxQL query")
                query = target["query"]
                measurements = re.findall(r'\bFROM\s+"([^"]+)"', query)
                self.assertTrue(measurements, f"{where}: no FROM \"measurement\" in {query}")
                for m in measurements:
                    self.assertIn(m, self.schema, f"{where}: measurement {m} is not written by the CLI")
                entry = self.schema[measurements[0]]
                fields, tags = entry["fields"], entry["tags"]
                aliases = set(re.findall(r'\bAS\s+"([^"]+)"', query))
                for function, name in re.findall(r'\b(\w+)\(\s*"([^"]+)"', query):
                    self.assertIn(name, fields, f"{where}: {function}(\"{name}\"): no such field in the writer's output")
                    used_fields.add(name)
                    if function.lower() in NUMERIC_FUNCTIONS:
                        self.assertEqual(fields[name], "number", f"{where}: {function} of the string field {name}")
                for name in re.findall(r'WITH KEY\s*=\s*"([^"]+)"', query):
                    self.assertIn(name, tags, f"{where}: tag key {name} is not written")
                group_by = re.search(r'\bGROUP BY\s+(.*?)(?:\bfill\(|\bORDER\b|\bLIMIT\b|$)', query)
                if group_by:
                    for name in re.findall(r'"([^"]+)"', group_by.group(1)):
                        self.assertIn(name, tags, f"{where}: GROUP BY {name}: not a tag the writer emits")
                # Whatever else is quoted must be the measurement, a tag, a field or an alias.
                for name in re.findall(r'"([^"]+)"', query):
                    self.assertTrue(name in self.schema or name in tags or name in fields or name in aliases,
                                    f"{where}: \"{name}\" is neither a measurement, tag nor field of the writer")
                # Templated panels filter by the device tag.
                if "$device" in query:
                    self.assertRegex(query, r'"device"\s*(=~|=)')
        # The panels the dashboard is documented to have (docs/grafana.md).
        for name in ("soc_pct", "soc_sd_pct", "remaining_life_p10_days", "remaining_life_p50_days",
                     "remaining_life_p90_days", "flags", "flag_names", "drain_cause"):
            self.assertIn(name, used_fields)

    def test_template_variable_and_data_source(self):
        variables = {v["name"]: v for v in self.dashboard["templating"]["list"]}
        self.assertIn("device", variables)
        self.assertEqual(self.dashboard["__inputs"][0]["pluginId"], "influxdb")
        for panel in self.dashboard["panels"]:
            self.assertEqual(panel["datasource"]["type"], "influxdb", panel["title"])
        types = {p["type"] for p in self.dashboard["panels"]}
        self.assertTrue({"timeseries", "table", "histogram"} <= types, types)


class DashboardQueriesRunOnInfluxDB(unittest.TestCase):
    """The queries are valid InfluxQL and find the estimates (a private influxd 1.x on loopback,
    started by the serve tests' harness)."""

    @classmethod
    def setUpClass(cls):
        if not os.path.exists("/usr/bin/influxd"):
            raise unittest.SkipTest("influxd (Debian package influxdb) is not installed")
        sys.path.insert(0, str(ROOT / "tests" / "serve"))
        from serve_harness import Influx  # noqa: E402 (needs python3-paho-mqtt, from scripts/setup.sh)
        lines = influx_estimates()
        cls.tmp = tempfile.TemporaryDirectory(prefix="pb-grafana-influx-")
        try:
            cls.influx = Influx(cls.tmp.name)
            cls.influx.query("CREATE DATABASE pb", post=True)
            cls.influx.write("pb", lines)
        except BaseException:
            cls.tmp.cleanup()
            raise
        cls.devices = sorted(set(re.findall(r'^battery_estimate,device=([^, ]+)', lines, re.M)))
        times = [int(t) for t in re.findall(r' (\d+)$', lines, re.M)]
        cls.time_filter = f"time >= {min(times)} AND time <= {max(times)}"

    @classmethod
    def tearDownClass(cls):
        cls.influx.stop()
        cls.tmp.cleanup()

    def grafana_variables(self, query, device_values):
        """What Grafana substitutes: $timeFilter, $__interval, and $device (one value, or a regex
        alternation for a multi-value variable inside /^...$/)."""
        query = query.replace("$timeFilter", self.time_filter).replace("$__interval", "1h")
        query = query.replace("/^$device$/", "/^(" + "|".join(re.escape(d) for d in device_values) + ")$/")
        return query.replace("$device", device_values[0])

    def test_every_query_returns_estimates(self):
        dashboard = json.loads(DASHBOARD.read_text())
        self.assertEqual(len(self.devices), 2)
        for where, target in dashboard_queries(dashboard):
            with self.subTest(where=where):
                query = self.grafana_variables(target["query"], self.devices)
                answer = self.influx.query(query, db="pb")
                result = answer["results"][0]
                self.assertNotIn("error", result, f"{where}: {query}")
                series = result.get("series", [])
                self.assertTrue(series, f"{where}: no data for {query}")
                values = [v for s in series for row in s["values"] for v in row[1:]]
                self.assertTrue(any(v is not None for v in values), f"{where}: only nulls for {query}")
                if "SHOW TAG VALUES" in query:
                    self.assertEqual(sorted(row[1] for row in series[0]["values"]), self.devices)
                elif 'GROUP BY "device"' in query or ', "device"' in query:
                    self.assertEqual(sorted(s["tags"]["device"] for s in series), self.devices, where)


if __name__ == "__main__":
    unittest.main()
