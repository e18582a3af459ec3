#!/usr/bin/env python3
"""The Grafana files (docs/grafana/: the dashboard, the provisioning of the data source, the dashboard
provider and the alert rules) against what powerbudget writes.

1. Every InfluxQL query of the dashboard names only the measurement, tags and fields that
   `powerbudget estimate --format influx` really emits (read from the CLI's output on a bundled
   telemetry sample, not from a list kept here), and averages only numeric fields: renaming a field in
   the estimate writer breaks this test.
2. Where Debian's influxd (InfluxDB 1.x) is installed, the estimates are written into a private
   influxd on loopback (random ports, a temporary directory, stopped afterwards even on failure) and
   every query of the dashboard runs there, with Grafana's variables filled in, and must return data;
   on a fleet-sim fleet with faults and a small cell, the stat panels must give the fleet's figures
   computed here from the CLI's own estimates (devices, share flagged, lowest P10, drain_fast), and
   the alert rules' queries must select exactly the devices that should fire.
3. The provisioning YAML loads, names the data source the rules use, and each rule's expression
   chain is whole (every refId referenced exists, the condition is one of them).

Run by ctest (`grafana_dashboard_fields`) with POWERBUDGET the CLI; by hand:

    POWERBUDGET=build/h-py/cli/powerbudget /usr/bin/python3 bindings/python/tests/test_grafana_dashboard.py -v
"""
import json
import math
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import unittest

ROOT = pathlib.Path(os.environ.get("PB_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[3]))
GRAFANA = ROOT / "docs" / "grafana"
DASHBOARD = GRAFANA / "powerbudget-estimates.json"
PROVISIONING = GRAFANA / "provisioning"
SAMPLE = ROOT / "profiles" / "telemetry" / "mast-monitor-sample.jsonl"

# InfluxQL functions that need numeric fields (last/first/count take any type).
NUMERIC_FUNCTIONS = {"mean", "median", "sum", "min", "max", "spread", "stddev", "percentile", "integral",
                     "derivative", "non_negative_derivative", "difference", "moving_average", "mode"}


def cli_path():
    cli = os.environ.get("POWERBUDGET")
    if not cli or not pathlib.Path(cli).exists():
        raise unittest.SkipTest("POWERBUDGET (the CLI's path) is not set; ctest sets it")
    return cli


def influx_estimates(telemetry=SAMPLE, overrides=()):
    """The CLI's line-protocol estimates of telemetry (default: the bundled sample, two devices, one day)."""
    sets = [a for o in overrides for a in ("--set", o)]
    out = subprocess.run([cli_path(), "estimate", "--profile", "mast-monitor", *sets, "--input", str(telemetry),
                          "--format", "influx", "--emit", "record"],
                         capture_output=True, text=True, check=True)
    return out.stdout


# A fleet whose estimates carry what the stat panels and alert rules look for: faulty devices
# (drain_fast) and a cell small enough that some devices have less than 90 days left.
FLEET_OVERRIDES = ("battery.capacity_mAh=400",)


def fleet_estimates(directory):
    telemetry = pathlib.Path(directory) / "fleet.jsonl"
    subprocess.run([cli_path(), "fleet-sim", "mast-monitor", "--devices", "40", "--days", "12", "--seed", "3",
                    "--faulty-fraction", "0.3", "--telemetry-format", "jsonl",
                    *[a for o in FLEET_OVERRIDES for a in ("--set", o)], "-o", str(telemetry)],
                   capture_output=True, text=True, check=True)
    return influx_estimates(telemetry, FLEET_OVERRIDES)


def latest_per_device(lines):
    """{device: {field: value}} of each device's last point (by timestamp), parsed from line protocol."""
    latest = {}
    for line in lines.splitlines():
        if not line or line.startswith("#"):
            continue
        head, fields, stamp = re.match(r'^((?:[^ \\]|\\.)+) (.+) (\d+)$', line).groups()
        device = re.search(r',device=((?:[^,\\]|\\.)+)', head).group(1)
        values = {}
        for key, value in re.findall(r'([A-Za-z0-9_]+)=("(?:[^"\\]|\\.)*"|[^,]+)', fields):
            values[key] = value.strip('"') if value.startswith('"') else float(value.rstrip("i"))
        if device not in latest or int(stamp) >= latest[device][0]:
            latest[device] = (int(stamp), values)
    return {device: values for device, (_, values) in latest.items()}


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


def check_query(test, schema, where, query):
    """Asserts that an InfluxQL query names only the measurement, tags and fields the writer emits
    (or aliases the query itself defines, as a subquery's columns), averages only numbers, and
    groups only by tags. Returns the writer's fields it uses."""
    measurements = re.findall(r'\bFROM\s+"([^"]+)"', query)
    test.assertTrue(measurements, f"{where}: no FROM \"measurement\" in {query}")
    for m in measurements:
        test.assertIn(m, schema, f"{where}: measurement {m} is not written by the CLI")
    entry = schema[measurements[0]]
    fields, tags = entry["fields"], entry["tags"]
    aliases = set(re.findall(r'\bAS\s+"([^"]+)"', query))
    used = set()
    for function, name in re.findall(r'\b(\w+)\(\s*"([^"]+)"', query):
        if name in aliases and name not in fields:
            continue  # a subquery's column: the subquery's own function was checked on the field
        test.assertIn(name, fields, f"{where}: {function}(\"{name}\"): no such field in the writer's output")
        used.add(name)
        if function.lower() in NUMERIC_FUNCTIONS:
            test.assertEqual(fields[name], "number", f"{where}: {function} of the string field {name}")
    for name in re.findall(r'WITH KEY\s*=\s*"([^"]+)"', query):
        test.assertIn(name, tags, f"{where}: tag key {name} is not written")
    for group_by in re.finditer(r'\bGROUP BY\s+(.*?)(?:\bfill\(|\bORDER\b|\bLIMIT\b|\)|$)', query):
        for name in re.findall(r'"([^"]+)"', group_by.group(1)):
            test.assertIn(name, tags, f"{where}: GROUP BY {name}: not a tag the writer emits")
    # Whatever else is quoted must be the measurement, a tag, a field or an alias.
    for name in re.findall(r'"([^"]+)"', query):
        test.assertTrue(name in schema or name in tags or name in fields or name in aliases,
                        f"{where}: \"{name}\" is neither a measurement, tag nor field of the writer")
    # Templated panels filter by the device tag.
    if "$device" in query:
        test.assertRegex(query, r'"device"\s*(=~|=)')
    return used


def outer_groups_by_device(query):
    """Whether the outer query (not a subquery) groups by device: its result has one series per device."""
    outer = re.sub(r'FROM \(SELECT .*\)', 'FROM (subquery)', query)
    return 'GROUP BY "device"' in outer or ', "device"' in outer


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
        self.assertGreaterEqual(len(queries), 12)
        used_fields = set()
        for where, target in queries:
            with self.subTest(where=where):
                # Builder-mode targets would escape the checks below.
                self.assertTrue(target.get("rawQuery"), f"{where}: use a raw InfluxQL query")
                used_fields |= check_query(self, self.schema, where, target["query"])
        # The panels the dashboard is documented to have (docs/grafana.md).
        for name in ("soc_pct", "soc_sd_pct", "remaining_life_p10_days", "remaining_life_p50_days",
                     "remaining_life_p90_days", "flags", "flag_names", "drain_cause"):
            self.assertIn(name, used_fields)

    def test_template_variable_and_data_source(self):
        variables = {v["name"]: v for v in self.dashboard["templating"]["list"]}
        self.assertIn("device", variables)
        # The data source is a variable (any InfluxDB data source; the provisioned one by default),
        # so the same file imports and provisions: a provisioned dashboard gets no ${DS_...} inputs.
        self.assertEqual(variables["datasource"]["type"], "datasource")
        self.assertEqual(variables["datasource"]["query"], "influxdb")
        self.assertNotIn("__inputs", self.dashboard)
        self.assertNotIn("${DS_", json.dumps(self.dashboard))
        for panel in self.dashboard["panels"]:
            self.assertEqual(panel["datasource"], {"type": "influxdb", "uid": "${datasource}"}, panel["title"])
            for target in panel.get("targets", []):
                self.assertEqual(target["datasource"]["uid"], "${datasource}", panel["title"])
        types = {p["type"] for p in self.dashboard["panels"]}
        self.assertTrue({"timeseries", "table", "histogram", "stat"} <= types, types)
        self.assertEqual(len({p["id"] for p in self.dashboard["panels"]}), len(self.dashboard["panels"]))

    def test_fleet_health_stat_panels(self):
        stats = {p["title"]: p for p in self.dashboard["panels"] if p["type"] == "stat"}
        self.assertEqual(set(stats), set(STAT_PANELS))
        for title, panel in stats.items():
            with self.subTest(panel=title):
                (target,) = panel["targets"]
                self.assertIn(STAT_PANELS[title], target["query"])
                # Fleet-wide: not filtered by the selected devices.
                self.assertNotIn("$device", target["query"])


# The stat panels: title -> what its query must contain.
STAT_PANELS = {
    "Devices": 'count("p10")',
    "Devices flagged": 'last("flags") / last("flags")',
    "Lowest remaining life P10": 'min("p10")',
    "Draining faster than the model": 'last("flags") & 1',
}
DATASOURCE_UID = "powerbudget-influxdb"
# uid -> (what it means, threshold evaluator type, params)
ALERT_RULES = {
    "pb-remaining-life-p10-low": ("remaining life P10 below N days", "lt", [90]),
    "pb-draining-faster-than-model": ("drain_fast raised", "gt", [0]),
}


def load_yaml(path):
    try:
        import yaml  # Debian's python3-yaml (scripts/setup.sh)
    except ImportError:
        raise unittest.SkipTest("python3-yaml is not installed")
    return yaml.safe_load(path.read_text())


class ProvisioningFiles(unittest.TestCase):
    """docs/grafana/provisioning: the data source, the dashboard provider and the alert rules."""

    @classmethod
    def setUpClass(cls):
        cls.datasources = load_yaml(PROVISIONING / "datasources" / "powerbudget-influxdb.yaml")
        cls.providers = load_yaml(PROVISIONING / "dashboards" / "powerbudget.yaml")
        cls.alerting = load_yaml(PROVISIONING / "alerting" / "powerbudget-alerts.yaml")
        cls.schema = parse_line_protocol(influx_estimates())

    def test_data_source(self):
        self.assertEqual(self.datasources["apiVersion"], 1)
        (source,) = self.datasources["datasources"]
        self.assertEqual(source["type"], "influxdb")
        self.assertEqual(source["uid"], DATASOURCE_UID)
        self.assertTrue(source["url"].startswith("http"))
        self.assertEqual(source["jsonData"]["dbName"], "powerbudget")  # serve's --influx-db in docs/grafana.md
        self.assertTrue(source["isDefault"])  # the dashboard's datasource variable starts on it

    def test_dashboard_provider(self):
        self.assertEqual(self.providers["apiVersion"], 1)
        (provider,) = self.providers["providers"]
        self.assertEqual(provider["type"], "file")
        self.assertTrue(provider["options"]["path"].startswith("/"))

    def test_alert_rules_are_whole_and_query_what_the_writer_emits(self):
        self.assertEqual(self.alerting["apiVersion"], 1)
        rules = {r["uid"]: r for g in self.alerting["groups"] for r in g["rules"]}
        self.assertEqual(set(rules), set(ALERT_RULES))
        for group in self.alerting["groups"]:
            self.assertRegex(group["interval"], r"^\d+[smh]$")
        for uid, rule in rules.items():
            with self.subTest(rule=uid):
                refs = {d["refId"]: d for d in rule["data"]}
                self.assertEqual(len(refs), len(rule["data"]), "duplicate refId")
                self.assertIn(rule["condition"], refs)
                for ref, d in refs.items():
                    self.assertEqual(d["model"]["refId"], ref)
                    if d["datasourceUid"] == "__expr__":
                        self.assertIn(d["model"]["expression"], refs, f"{ref} reduces or compares a missing refId")
                        self.assertIn(d["model"]["type"], ("reduce", "threshold", "math"))
                    else:
                        self.assertEqual(d["datasourceUid"], DATASOURCE_UID)
                        self.assertTrue(d["model"]["rawQuery"])
                        self.assertIn("$timeFilter", d["model"]["query"])
                        self.assertIn('GROUP BY "device"', d["model"]["query"])  # one alert per device
                        check_query(self, self.schema, f"{uid} {ref}", d["model"]["query"])
                condition = refs[rule["condition"]]["model"]
                self.assertEqual(condition["type"], "threshold")
                evaluator = condition["conditions"][0]["evaluator"]
                self.assertEqual((evaluator["type"], evaluator["params"]), ALERT_RULES[uid][1:])
                # Annotations name the device; the values they show are expressions of the rule.
                self.assertIn("$labels.device", rule["annotations"]["summary"])
                for ref in re.findall(r'\$values\.(\w+)', json.dumps(rule["annotations"])):
                    self.assertIn(ref, refs)


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
            cls.fleet_lines = fleet_estimates(cls.tmp.name)
            cls.influx = Influx(cls.tmp.name)
            cls.influx.query("CREATE DATABASE pb", post=True)
            cls.influx.write("pb", lines)
            cls.influx.query("CREATE DATABASE fleet", post=True)
            cls.influx.write("fleet", cls.fleet_lines)  # about 5 MB, under influxd's 25 MB body limit
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
                elif outer_groups_by_device(query):
                    self.assertEqual(sorted(s["tags"]["device"] for s in series), self.devices, where)

    def fleet_query(self, query):
        times = [int(t) for t in re.findall(r' (\d+)$', self.fleet_lines, re.M)]
        query = query.replace("$timeFilter", f"time >= {min(times)} AND time <= {max(times)}")
        result = self.influx.query(query, db="fleet")["results"][0]
        self.assertNotIn("error", result, query)
        return result.get("series", [])

    def test_stat_panels_give_the_fleets_figures(self):
        latest = latest_per_device(self.fleet_lines)
        drain_fast_bit = self.drain_fast_bit()
        expected = {
            "Devices": len(latest),
            "Devices flagged": 100.0 * sum(v["flags"] > 0 for v in latest.values()) / len(latest),
            "Lowest remaining life P10": min(v["remaining_life_p10_days"] for v in latest.values()),
            "Draining faster than the model": sum(int(v["flags"]) & drain_fast_bit != 0 for v in latest.values()),
        }
        # The fleet must exercise the panels: flagged and unflagged devices, some draining fast.
        self.assertEqual(expected["Devices"], 40)
        self.assertTrue(0 < expected["Devices flagged"] < 100, expected)
        self.assertGreater(expected["Draining faster than the model"], 0)
        dashboard = json.loads(DASHBOARD.read_text())
        for panel in (p for p in dashboard["panels"] if p["type"] == "stat"):
            with self.subTest(panel=panel["title"]):
                (series,) = self.fleet_query(panel["targets"][0]["query"])
                (row,) = series["values"]
                self.assertTrue(math.isclose(row[1], expected[panel["title"]], rel_tol=1e-9),
                                f"{panel['title']}: {row[1]}, expected {expected[panel['title']]}")

    def drain_fast_bit(self):
        """The flag bit of drain_fast, from what the writer emits (flags with and without it)."""
        points = [(int(float(f.rstrip("i"))), names) for f, names in
                  re.findall(r'flags=(\d+i),flag_names="([^"]*)"', self.fleet_lines)]
        with_flag = [bits for bits, names in points if "drain_fast" in names.split("|")]
        without = [bits for bits, names in points if "drain_fast" not in names.split("|")]
        self.assertTrue(with_flag and without)
        common = 0xFFFFFFFF
        for bits in with_flag:
            common &= bits
        for bits in without:
            common &= ~bits
        self.assertEqual(bin(common).count("1"), 1, "drain_fast is one bit of flags")
        return common

    def test_alert_rules_select_the_devices_that_should_fire(self):
        alerting = load_yaml(PROVISIONING / "alerting" / "powerbudget-alerts.yaml")
        rules = {r["uid"]: r for g in alerting["groups"] for r in g["rules"]}
        latest = latest_per_device(self.fleet_lines)
        bit = self.drain_fast_bit()
        should_fire = {
            "pb-remaining-life-p10-low": {d for d, v in latest.items() if v["remaining_life_p10_days"] < 90},
            "pb-draining-faster-than-model": {d for d, v in latest.items() if "drain_fast" in v["flag_names"].split("|")},
        }
        for uid, rule in rules.items():
            with self.subTest(rule=uid):
                refs = {d["refId"]: d for d in rule["data"]}
                # The condition's threshold over the reduced query, as Grafana evaluates it.
                threshold = refs[rule["condition"]]["model"]
                reduce = refs[threshold["expression"]]["model"]
                query = refs[reduce["expression"]]["model"]["query"]
                evaluator = threshold["conditions"][0]["evaluator"]
                compare = {"lt": lambda x: x < evaluator["params"][0], "gt": lambda x: x > evaluator["params"][0]}
                firing = {s["tags"]["device"] for s in self.fleet_query(query)
                          if compare[evaluator["type"]](s["values"][-1][1])}
                self.assertEqual(firing, should_fire[uid])
                self.assertTrue(0 < len(firing) < len(latest), f"{uid}: {len(firing)} of {len(latest)} fire")
        # drain_fast is bit 0 (the rule's & 1) as the writer emits it.
        self.assertEqual(bit, 1)


if __name__ == "__main__":
    unittest.main()
