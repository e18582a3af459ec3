#!/usr/bin/env python3
"""Checks the bundled profiles against the JSON Schemas in profiles/schema/.

Usage: python3 tests/schema/check_profiles.py <repo root> [--dump DIR]

  (a) every bundled document validates against its schema:
        profiles/{modems,networks,batteries,devices,climates}/*.json  modem, network, battery,
                                         device, climate (and the same folders under
                                         profiles/reference/, e.g. reference/devices/);
        profiles/reference/*.json        reference cases (reference.schema.json);
        profiles/cells/*.json, profiles/campaigns/*.json   cell and campaign scenarios (when the
                                         folders exist);
      string references are validated as they are (a string) and must name a bundled file that
      exists: a device's modem, network, battery and climate; a reference case's device, modem,
      network, battery and cell scenario; a scenario's network and its mix's devices;
  (b) every numeric leaf of every bundled profile and scenario (not the reference cases, which
      carry one "source" text instead) is covered by a "sources" entry of its own file: a key
      equal to the leaf's dotted path or to one of its parent paths ("ce_levels[2]
      .npusch_repetitions", "ce_levels[2]", "ce_levels"), in the "sources" object of the object
      that holds it or of any object above it (paths relative to that object: an inline battery
      of a device is covered by its own "sources" or by the device's "battery..." keys); every
      "sources" key must name a field of the object it sits in;
  (c) deliberately broken documents (unknown key, out-of-range value, missing required field,
      wrong form) are rejected by the schema at the expected JSON pointer, and variants that the
      loader accepts (ignored fields, nulls, inline parts) are accepted, so that the schema is
      neither too lax nor too strict.

--dump DIR writes the documents of (c) to DIR as <case>.json, with DIR/cases.json listing each
case's name, kind and expected pointer (null: accepted), to try them with the loader: the device
ones with POWERBUDGET_PROFILES=<repo root>/profiles powerbudget simulate DIR/<name>.json; the
modem, network, battery and climate ones inline in a device (--set modem=... does not take a path
outside the profiles root, so copy them into a device file); the reference cases with powerbudget
validate --profiles-dir on a copy of profiles/ whose reference/ holds the case alone; the
scenarios with powerbudget cell|campaign DIR/<name>.json. Every case agrees with the loader.

Needs only the standard library and jsonschema (Debian's python3-jsonschema 4.10 works, as do
later versions with the referencing library). Prints one line per problem naming the file and
the JSON pointer, then "N passed, M failed". Exit status 0 when everything passes, 1 otherwise
(2 for a usage error).
"""
import copy
import json
import sys
from pathlib import Path

try:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match
except ImportError:  # pragma: no cover - environment problem, reported as a failure
    print("jsonschema is not installed (Debian: apt-get install python3-jsonschema)")
    print("0 passed, 1 failed")
    sys.exit(1)

# Profile folders (also looked for under profiles/reference/) and the schema of their files.
FOLDERS = {"modems": "modem", "networks": "network", "batteries": "battery", "devices": "device",
           "climates": "climate"}
# Scenario folders: validated when they exist (cell_loader.cpp).
SCENARIO_FOLDERS = {"cells": "cell", "campaigns": "campaign"}
SCHEMAS = ["device", "modem", "network", "battery", "climate", "reference", "cell", "campaign"]
# A device's parts named by reference, and the folder their bundled profiles live in.
REFERENCES = {"modem": "modems", "network": "networks", "battery": "batteries", "climate": "climates"}
MAX_MESSAGE = 160


# ------------------------------------------------------------------------------------ output

class Report:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, problems):
        """problems: list of lines; an empty list is a passed check."""
        if problems:
            self.failed += 1
            for line in problems:
                print(line)
        else:
            self.passed += 1


def short(text):
    text = " ".join(str(text).split())
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE - 3] + "..."


def pointer(tokens):
    return "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in tokens) or "/"


def edit_distance(a, b):
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
        prev = cur
    return prev[len(b)]


# ------------------------------------------------------------------------------------ schemas

def load_validators(schema_dir):
    """Validators by document type; the $refs between the sibling files resolve (device -> modem,
    network, battery, climate; cell and campaign -> network; campaign -> cell's $defs)."""
    schemas = {}
    for kind in SCHEMAS:
        path = schema_dir / f"{kind}.schema.json"
        with open(path, encoding="utf-8") as f:
            schema = json.load(f)
        Draft202012Validator.check_schema(schema)
        schemas[kind] = (path.resolve().as_uri(), schema)

    try:  # jsonschema >= 4.18: the referencing library
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        registry = Registry().with_resources(
            (uri, Resource.from_contents(schema, default_specification=DRAFT202012))
            for uri, schema in schemas.values())
        # A schema without $id has no base URI of its own: enter it through its file URI so that
        # "battery.schema.json" resolves next to it.
        return {kind: Draft202012Validator({"$ref": uri}, registry=registry)
                for kind, (uri, _) in schemas.items()}
    except (ImportError, TypeError):  # jsonschema 4.10 (Debian 12): RefResolver
        from jsonschema import RefResolver

        store = {uri: schema for uri, schema in schemas.values()}
        return {kind: Draft202012Validator(schema, resolver=RefResolver(uri, schema, store=store))
                for kind, (uri, schema) in schemas.items()}


def error_pointers(error):
    """JSON pointers an error is about: the missing or unknown key for required and
    additionalProperties errors (jsonschema reports those at the enclosing object)."""
    base = list(error.absolute_path)
    if error.validator == "required" and isinstance(error.instance, dict):
        return [pointer(base + [k]) for k in error.validator_value if k not in error.instance]
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = error.schema.get("properties", {})
        return [pointer(base + [k]) for k in error.instance if k not in known]
    return [pointer(base)]


TYPE_NAMES = {"number": "a number", "integer": "an integer", "string": "a string", "boolean": "true or false",
              "object": "an object", "array": "an array", "null": "null"}


def show(value, limit=60):
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def got(instance):
    return "" if isinstance(instance, (dict, list)) else f" (got {show(instance)})"


def error_message(error):
    v, value, instance = error.validator, error.validator_value, error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    described = schema.get("description")
    if v == "type":
        if value == "null" and described:  # "not allowed here" branches explain themselves
            return short(described + got(instance))
        kinds = value if isinstance(value, list) else [value]
        return f"expected {' or '.join(TYPE_NAMES.get(k, k) for k in kinds if k != 'null')}, got {show(instance)}"
    if v in ("minimum", "maximum"):
        lo, hi = schema.get("minimum"), schema.get("maximum")
        allowed = (f"allowed {show(lo)} to {show(hi)}" if lo is not None and hi is not None
                   else f"allowed at least {show(lo)}" if lo is not None else f"allowed at most {show(hi)}")
        branch = described and "type" not in schema  # a conditional bound explains itself
        return short(f"value {show(instance)} is out of range; {allowed}" + (f" ({described})" if branch else ""))
    if v in ("exclusiveMinimum", "exclusiveMaximum"):
        lo = schema.get("exclusiveMinimum", schema.get("minimum"))
        hi = schema.get("exclusiveMaximum", schema.get("maximum"))
        above = f"above {show(lo)}" if "exclusiveMinimum" in schema else f"at least {show(lo)}"
        below = f"below {show(hi)}" if "exclusiveMaximum" in schema else f"at most {show(hi)}"
        allowed = " and ".join(text for text, bound in ((above, lo), (below, hi)) if bound is not None)
        return short(f"value {show(instance)} is out of range; allowed {allowed}")
    if v == "enum":
        return short(f"{show(instance)} is not one of: {', '.join(show(x) for x in value if x is not None)}")
    if v in ("minItems", "maxItems"):
        text = f"expected at {'least' if v == 'minItems' else 'most'} {value} elements, got {len(instance)}"
        branch = described and "type" not in schema  # a conditional limit explains itself
        return short(text + (f" ({described})" if branch else ""))
    if v == "contains" and isinstance(value, dict) and value.get("description"):
        return short(value["description"])
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = list(error.schema.get("properties", {}))
        parts = []
        for key in (k for k in error.instance if k not in known):
            best = min(known, key=lambda k: edit_distance(key, k), default=None)
            hint = f" (did you mean '{best}'?)" if best and edit_distance(key, best) < 4 else ""
            parts.append(f"unknown key '{key}'{hint}")
        return "; ".join(parts)
    if error.validator == "required":
        return "required field is missing"
    if error.schema is False:
        return "not allowed here"
    # The schemas' conditional branches explain themselves in their description.
    if described and v in ("not", "const", "oneOf", "anyOf"):
        return short(described + got(instance))
    return short(error.message)


def validation_problems(validator, document):
    """[(pointer, message)] for every error, each narrowed to its most relevant cause."""
    found = []
    for error in validator.iter_errors(document):
        leaf = best_match([error])
        for ptr in error_pointers(leaf):
            found.append((ptr, error_message(leaf)))
    return sorted(set(found))


# ------------------------------------------------------------------------------------ sources

def dotted(tokens):
    out = ""
    for t in tokens:
        out += f"[{t}]" if isinstance(t, int) else ("." if out else "") + t
    return out


def numeric_leaves(node, tokens=()):
    if isinstance(node, bool) or node is None:
        return
    if isinstance(node, (int, float)):
        yield list(tokens)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key != "sources":
                yield from numeric_leaves(value, tokens + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from numeric_leaves(value, tokens + (i,))


def node_at(document, tokens):
    node = document
    for t in tokens:
        node = node[t]
    return node


def parse_dotted(path):
    """'ce_levels[2].nprach_repetitions' -> ['ce_levels', 2, 'nprach_repetitions']; None if malformed."""
    tokens = []
    for part in path.split("."):
        if not part:
            return None
        name, _, rest = part.partition("[")
        if name:
            tokens.append(name)
        elif not tokens:
            return None
        while rest:
            index, bracket, rest = rest.partition("]")
            if not bracket or not index.isdigit():
                return None
            tokens.append(int(index))
            if rest:
                if not rest.startswith("["):
                    return None
                rest = rest[1:]
    return tokens


def exists(node, tokens):
    for t in tokens:
        if isinstance(t, int):
            if not isinstance(node, list) or t >= len(node):
                return False
        elif not isinstance(node, dict) or t not in node or t == "sources":
            return False
        node = node[t]
    return True


def sources_problems(name, document):
    problems = []
    # Every "sources" must be an object of strings whose keys name fields of its object.
    holders = []

    def find_holders(node, tokens):
        if isinstance(node, dict):
            if "sources" in node:
                holders.append(tokens)
            for key, value in node.items():
                if key != "sources":
                    find_holders(value, tokens + [key])
        elif isinstance(node, list):
            for i, value in enumerate(node):
                find_holders(value, tokens + [i])

    find_holders(document, [])
    for tokens in holders:
        owner = node_at(document, tokens)
        sources = owner["sources"]
        where = pointer(tokens + ["sources"])
        if not isinstance(sources, dict):
            problems.append(f"{name}#{where}: \"sources\" must be an object (dotted field path -> source text)")
            continue
        for key, text in sources.items():
            key_ptr = pointer(tokens + ["sources", key])
            if not isinstance(text, str) or not text.strip():
                problems.append(f"{name}#{key_ptr}: the source must be a non-empty string")
            path = parse_dotted(key)
            if path is None:
                problems.append(f"{name}#{key_ptr}: malformed field path (write a.b[2].c)")
            elif not exists(owner, path):
                problems.append(f"{name}#{key_ptr}: names no field of this object")

    # Every number must be covered.
    for leaf in numeric_leaves(document):
        covered = False
        for depth in range(len(leaf)):
            owner = node_at(document, leaf[:depth])
            if not isinstance(owner, dict) or not isinstance(owner.get("sources"), dict):
                continue
            rest = leaf[depth:]
            if isinstance(rest[0], int):
                continue
            if any(dotted(rest[:n]) in owner["sources"] for n in range(1, len(rest) + 1)):
                covered = True
                break
        if not covered:
            problems.append(f"{name}#{pointer(leaf)}: no \"sources\" entry covers this number "
                            f"(add \"{dotted(leaf)}\" or a parent path)")
    return problems


# ------------------------------------------------------------------------------------ references

def resolve_candidates(value, folder, referencing_file, profiles):
    """Where the loaders look for a named file: a name ending in ".json" is a path relative to the
    referencing file, then to the profiles root; any other name is <profiles root>/<folder>/<name>.json."""
    if len(value) > 5 and value.endswith(".json"):
        return [referencing_file.parent / value, profiles / value]
    return [profiles / folder / (value + ".json")]


def missing_file(name, ptr, what, value, folder, referencing_file, profiles):
    candidates = resolve_candidates(value, folder, referencing_file, profiles)
    if any(c.is_file() for c in candidates):
        return []
    return [f"{name}#{ptr}: no {what} '{value}' (looked for {', '.join(str(c) for c in candidates)})"]


def reference_problems(name, path, kind, document, profiles):
    """Every file a bundled document names by a string must exist."""
    problems = []
    if not isinstance(document, dict):
        return problems
    if kind == "device":
        for key, folder in REFERENCES.items():
            if isinstance(document.get(key), str):
                problems += missing_file(name, f"/{key}", f"{key} profile", document[key], folder, path, profiles)
    elif kind == "reference":
        scenario = document.get("scenario")
        if isinstance(scenario, dict):
            for key, folder, what in (("device", "devices", "device profile"), ("modem", "modems", "modem profile"),
                                      ("network", "networks", "network profile"),
                                      ("battery", "batteries", "battery profile"),
                                      ("scenario", "cells", "cell scenario")):
                if isinstance(scenario.get(key), str):
                    problems += missing_file(name, f"/scenario/{key}", what, scenario[key], folder, path, profiles)
    elif kind in ("cell", "campaign"):
        if isinstance(document.get("network"), str):
            problems += missing_file(name, "/network", "network profile", document["network"], "networks", path,
                                     profiles)
        holder, tokens = (document.get("population"), ["population"]) if kind == "cell" else \
            (document.get("fleet"), ["fleet"])
        mix = holder.get("mix") if isinstance(holder, dict) else None
        for i, group in enumerate(mix if isinstance(mix, list) else []):
            if isinstance(group, dict) and isinstance(group.get("device"), str):
                problems += missing_file(name, pointer(tokens + ["mix", i, "device"]), "device profile",
                                         group["device"], "devices", path, profiles)
    return problems


# ------------------------------------------------------------------------------------ (c) cases

def set_path(document, tokens, value):
    node = node_at(document, tokens[:-1])
    node[tokens[-1]] = value


def delete_path(document, tokens):
    node = node_at(document, tokens[:-1])
    del node[tokens[-1]]


DELETE = object()


def variant(base, *changes):
    document = copy.deepcopy(base)
    for tokens, value in changes:
        if value is DELETE:
            delete_path(document, tokens)
        else:
            set_path(document, tokens, copy.deepcopy(value))
    return document


def related(found, expected):
    """The schema reports a problem at the expected pointer, or at a parent or a child of it (the
    loader and JSON Schema may name different ends of a rule that involves an object and its keys)."""
    if found == expected:
        return True
    if found == "/" or expected == "/":
        return False
    return found.startswith(expected + "/") or expected.startswith(found + "/")


def cases(p):
    """(name, kind, document, expected pointer or None for 'must be accepted').
    p: the bundled profiles used as bases, by short name."""
    modem, network, battery = p["nrf9160"], p["typical-operator"], p["saft-ls17500"]
    lwm2m_dev, mqtt_dev, measured = p["mast-monitor"], p["smart-meter-gateway"], p["nordic-power-example-measured"]
    udp_dev = variant(lwm2m_dev, (["stack"], "udp"), (["security"], DELETE), (["lwm2m"], DELETE),
                      (["udp"], {"ack_B": 20}), (["fota"], {"enabled": False}))
    edrx_on = {"psm": True, "t3412_s": 86400, "t3324_s": 10, "edrx": True, "edrx_cycle_s": 81.92, "ptw_s": 10.24}
    rejected = [
        ("modem-unknown-key", "modem", variant(modem, (["psm_curent_uA"], 3.0)), "/psm_curent_uA"),
        ("modem-missing-name", "modem", variant(modem, (["name"], DELETE)), "/name"),
        ("modem-curve-one-point", "modem", variant(modem, (["tx_current_curve"], modem["tx_current_curve"][:1])),
         "/tx_current_curve"),
        ("modem-curve-point-unknown-key", "modem", variant(modem, (["tx_current_curve", 0, "power_dBm"], 0)),
         "/tx_current_curve/0/power_dBm"),
        ("modem-category", "modem", variant(modem, (["category"], "NB3")), "/category"),
        ("modem-voltage-out-of-range", "modem", variant(modem, (["supply_voltage_V"], 7.0)), "/supply_voltage_V"),
        ("battery-capacity-zero", "battery", variant(battery, (["capacity_mAh"], 0)), "/capacity_mAh"),
        ("battery-chemistry", "battery", variant(battery, (["chemistry"], "nimh")), "/chemistry"),
        ("battery-wrong-schema-id", "battery", variant(battery, (["schema"], "powerbudget/battery/2")), "/schema"),
        ("battery-description", "battery", variant(battery, (["description"], "a cell")), "/description"),
        ("network-cdrx-cycle-out-of-range", "network", variant(network, (["rrc", "cdrx_cycle_s"], 20.48)),
         "/rrc/cdrx_cycle_s"),
        ("network-two-ce-levels", "network", variant(network, (["ce_levels"], network["ce_levels"][:2])),
         "/ce_levels"),
        ("network-repetitions-not-allowed", "network",
         variant(network, (["ce_levels", 1, "nprach_repetitions"], 3)), "/ce_levels/1/nprach_repetitions"),
        ("network-search-space-g-not-allowed", "network",
         variant(network, (["ce_levels", 0, "npdcch_search_space_g"], 3)), "/ce_levels/0/npdcch_search_space_g"),
        ("network-rsrp-threshold-out-of-range", "network",
         variant(network, (["coverage", "rsrp_threshold_ce1_dBm"], -30)), "/coverage/rsrp_threshold_ce1_dBm"),
        ("network-deployment-unknown", "network",
         variant(network, (["link_budget", "deployment"], "inband")), "/link_budget/deployment"),
        ("network-bler-out-of-range", "network",
         variant(network, (["link_budget", "target_bler_frac"], 0.9)), "/link_budget/target_bler_frac"),
        ("network-missing-granted", "network", variant(network, (["granted"], DELETE)), "/granted"),
        ("network-granted-negative", "network", variant(network, (["granted", "t3324_s"], -2)), "/granted/t3324_s"),
        ("device-unknown-key", "device", variant(lwm2m_dev, (["reporting", "interval"], 60)), "/reporting/interval"),
        ("device-interval-out-of-range", "device", variant(lwm2m_dev, (["reporting", "interval_s"], 0.5)),
         "/reporting/interval_s"),
        ("device-required-null", "device", variant(lwm2m_dev, (["reporting", "interval_s"], None)),
         "/reporting/interval_s"),
        ("device-missing-security", "device", variant(lwm2m_dev, (["security"], DELETE)), "/security"),
        ("device-lwm2m-stack-without-lwm2m", "device", variant(lwm2m_dev, (["lwm2m"], DELETE)), "/lwm2m"),
        ("device-lwm2m-stack-with-mqtt", "device", variant(lwm2m_dev, (["mqtt"], mqtt_dev["mqtt"])), "/mqtt"),
        ("device-mqtt-stack-with-fota", "device", variant(mqtt_dev, (["fota"], lwm2m_dev["fota"])),
         "/fota/enabled"),
        ("device-psm-without-t3324", "device", variant(lwm2m_dev, (["power_saving", "t3324_s"], DELETE)),
         "/power_saving/t3324_s"),
        ("device-edrx-without-cycle", "device",
         variant(lwm2m_dev, (["power_saving"], edrx_on), (["power_saving", "edrx_cycle_s"], DELETE)),
         "/power_saving/edrx_cycle_s"),
        ("device-fota-without-flash", "device", variant(lwm2m_dev, (["fota", "flash"], DELETE)), "/fota/flash"),
        ("device-fota-block-size", "device", variant(lwm2m_dev, (["fota", "block_size_B"], 500)),
         "/fota/block_size_B"),
        ("device-switching-without-efficiency", "device",
         variant(lwm2m_dev, (["supply", "kind"], "switching")), "/supply/efficiency_frac"),
        ("device-persistent-without-keepalive", "device",
         variant(mqtt_dev, (["mqtt", "persistent_connection"], True)), "/mqtt/keepalive_s"),
        ("device-udp-stack-with-security", "device", variant(udp_dev, (["security"], lwm2m_dev["security"])),
         "/security"),
        ("device-udp-stack-without-udp", "device", variant(udp_dev, (["udp"], DELETE)), "/udp"),
        ("device-udp-stack-with-fota", "device", variant(udp_dev, (["fota"], lwm2m_dev["fota"])), "/fota/enabled"),
        ("device-udp-ack-out-of-range", "device", variant(udp_dev, (["udp", "ack_B"], 70000)), "/udp/ack_B"),
        ("device-lwm2m-stack-with-udp", "device", variant(lwm2m_dev, (["udp"], {"ack_B": 20})), "/udp"),
        ("device-ce-level-3", "device", variant(lwm2m_dev, (["coverage", "ce_level"], 3)), "/coverage/ce_level"),
        ("device-stack", "device", variant(lwm2m_dev, (["stack"], "coap")), "/stack"),
        ("device-kind", "device", variant(lwm2m_dev, (["kind"], "measured")), "/kind"),
        ("device-battery-number", "device", variant(lwm2m_dev, (["battery"], 5)), "/battery"),
        ("device-inline-battery-unknown-key", "device",
         variant(lwm2m_dev, (["battery"], variant(battery, (["capacity_mAH"], 3600)))), "/battery/capacity_mAH"),
        ("device-inline-modem-out-of-range", "device",
         variant(lwm2m_dev, (["modem"], variant(modem, (["max_tx_power_dBm"], 40)))), "/modem/max_tx_power_dBm"),
        ("device-inline-network-missing-field", "device",
         variant(lwm2m_dev, (["network"], variant(network, (["core", "server_rtt_ms"], DELETE)))),
         "/network/core/server_rtt_ms"),
        ("device-modelled-with-events", "device", variant(lwm2m_dev, (["events"], [])), "/events"),
        ("measured-with-modem", "device", variant(measured, (["modem"], "nrf9160")), "/modem"),
        ("measured-missing-floor", "device", variant(measured, (["floor_current_uA"], DELETE)), "/floor_current_uA"),
        ("measured-event-charge-and-energy", "device", variant(measured, (["events", 0, "energy_mJ"], 400)),
         "/events/0/charge_mC"),
        ("measured-event-neither", "device", variant(measured, (["events", 0, "charge_mC"], DELETE)),
         "/events/0/charge_mC"),
        ("measured-event-period-zero", "device", variant(measured, (["events", 0, "period_s"], 0)),
         "/events/0/period_s"),
    ]
    accepted = [
        ("device-inline-parts", "device",
         variant(lwm2m_dev, (["modem"], modem), (["network"], network), (["battery"], battery))),
        ("device-part-by-path", "device", variant(lwm2m_dev, (["modem"], "modems/nrf9160.json"))),
        ("device-fota-disabled-leftovers", "device",
         variant(lwm2m_dev, (["fota", "enabled"], False), (["fota", "interval_days"], "ignored"))),
        ("device-direct-supply-efficiency", "device", variant(lwm2m_dev, (["supply", "efficiency_frac"], 0.9))),
        ("device-switching-supply", "device",
         variant(lwm2m_dev, (["supply"], {"kind": "switching", "efficiency_frac": 0.85, "quiescent_current_uA": 1,
                                           "min_operating_voltage_V": 3.0}))),
        ("device-psm-off-leftover-t3324", "device",
         variant(lwm2m_dev, (["power_saving", "psm"], False), (["power_saving", "t3324_s"], "ignored"))),
        ("device-edrx", "device", variant(lwm2m_dev, (["power_saving"], edrx_on))),
        ("device-nulls", "device",
         variant(lwm2m_dev, (["sensor"], None), (["ip"], None), (["kind"], None), (["description"], None),
                 (["mqtt"], None), (["coverage", "ce_level"], None), (["security", "cookie_B"], None))),
        ("device-optionals", "device",
         variant(lwm2m_dev, (["kind"], "modelled"), (["ip"], "ipv6"), (["coverage", "ce_level"], 2),
                 (["security", "psk_identity_B"], 32), (["security", "psk_with_ecdhe"], True),
                 (["security", "cookie_B"], 64), (["sensor"], DELETE), (["description"], DELETE))),
        ("device-nested-sources", "device",
         variant(lwm2m_dev, (["supply", "sources"], {"quiescent_current_uA": "nested source"}))),
        ("device-udp-stack", "device", udp_dev),
        ("device-udp-stack-nulls", "device", variant(udp_dev, (["security"], None), (["mqtt"], None))),
        ("device-mqtt-persistent", "device",
         variant(mqtt_dev, (["mqtt", "persistent_connection"], True), (["mqtt", "keepalive_s"], 60),
                 (["lwm2m"], None))),
        ("network-granted-timers", "network",
         variant(network, (["granted"], {"t3412_s": 3600, "t3324_s": 0, "edrx_cycle_s": 81.92, "ptw_s": 2.56}))),
        ("measured-energy-event", "device",
         variant(measured, (["events", 0, "charge_mC"], None), (["events", 0, "energy_mJ"], 420.0))),
        ("measured-no-events", "device", variant(measured, (["events"], []), (["kind"], "measured_events"))),
    ]
    more_rejected, more_accepted = physics_climate_uncertainty_cases(battery, lwm2m_dev, measured)
    rejected += more_rejected
    accepted += more_accepted
    more_rejected, more_accepted = reference_and_scenario_cases(network)
    rejected += more_rejected
    accepted += more_accepted
    return rejected, [(n, k, d, None) for n, k, d in accepted]


def twelve(value):
    return [value] * 12


CLIMATE = {"schema": "powerbudget/climate/1", "name": "test climate",
           "monthly_mean_degC": [-10, -9, -5, 0, 6, 12, 15, 13, 8, 2, -4, -8],
           "daily_swing_degC": twelve(4),
           "monthly_coldest_night_degC": [-30, -28, -22, -12, -4, 2, 6, 4, -2, -10, -20, -26]}


def physics_climate_uncertainty_cases(battery, lwm2m_dev, measured):
    """Battery physics (battery_physics_loader.cpp), climates, the device's supply voltage floor and
    uncertainty (profile_loader.cpp). battery: a bundled battery with KiBaM, derating, Arrhenius
    self-discharge and an OCV table (saft-ls17500)."""
    physics = battery["physics"]
    rows = len(physics["derating"]["temperatures_degC"])
    polynomial = variant(battery, (["physics", "ocv"], DELETE),
                         (["physics", "ocv_polynomial"], {"temperatures_degC": [0, 25],
                                                          "coefficients_V": [[3.3, 0.3], [3.4, 0.27, 0.0]]}),
                         (["physics", "rc_branch"], {"temperatures_degC": [0, 25], "resistances_Ohm": [0.04, 0.02],
                                                     "capacitance_F": 1600}))
    all_none = {"charge_model": "none", "derating_model": "none", "self_discharge_model": "none",
                "voltage_model": "none", "pulse_buffer_model": "none"}
    buffer = {"capacitance_F": 2.5, "esr_Ohm": 0.2, "leakage_current_uA": 15}
    uncertainty = {
        "coupling_loss_dB": {"distribution": "discrete", "values": [134, 144, 154], "weights": [1, 2, 0],
                             "source": "test"},
        "temperature_offset_degC": {"distribution": "normal", "mean": 0, "sd": 3, "min": None, "max": 10},
        "capacity_frac": {"distribution": "uniform", "min": 0.95, "max": 1.05, "source": None},
        "interval_frac": {"distribution": "triangular", "min": 0.5, "mode": 1.0, "max": 1.0, "source": "test"},
        "modem_current_frac": None,
        "rollback_probability_frac": {"distribution": "normal", "mean": 0.02, "sd": 0.01, "min": 0, "max": 1,
                                      "sources": {"mean": "test"}},
        "sources": {"capacity_frac": "test"},
    }
    normal = {"distribution": "normal", "mean": 144, "sd": 8, "source": "test"}
    rejected = [
        ("battery-physics-unknown-key", "battery",
         variant(battery, (["physics", "kibam_rate_constant_per_sec"], 7e-5)),
         "/physics/kibam_rate_constant_per_sec"),
        ("battery-physics-table-unknown-key", "battery",
         variant(battery, (["physics", "resistance", "dod"], [0, 1])), "/physics/resistance/dod"),
        ("battery-physics-null", "battery", variant(battery, (["physics"], None)), "/physics"),
        ("battery-physics-missing-model", "battery", variant(battery, (["physics", "voltage_model"], DELETE)),
         "/physics/voltage_model"),
        ("battery-physics-model-name", "battery", variant(battery, (["physics", "charge_model"], "peukert")),
         "/physics/charge_model"),
        ("battery-physics-kibam-keys-without-kibam", "battery",
         variant(battery, (["physics", "charge_model"], "none")), "/physics/kibam_available_frac"),
        ("battery-physics-kibam-frac-out-of-range", "battery",
         variant(battery, (["physics", "kibam_available_frac"], 1.0)), "/physics/kibam_available_frac"),
        ("battery-physics-kibam-with-current-axis", "battery",
         variant(battery, (["physics", "derating", "currents_mA"], [3, 30]),
                 (["physics", "derating", "factors_frac"], [[1.0, 0.9]] * rows)), "/physics/derating/currents_mA"),
        ("battery-physics-derating-factor-out-of-range", "battery",
         variant(battery, (["physics", "derating", "factors_frac", 0, 0], 1.5)),
         "/physics/derating/factors_frac/0/0"),
        ("battery-physics-table-without-derating", "battery", variant(battery, (["physics", "derating"], DELETE)),
         "/physics/derating"),
        ("battery-physics-self-discharge-out-of-range", "battery",
         variant(battery, (["physics", "self_discharge_frac_per_year_at_20degC"], 1.0)),
         "/physics/self_discharge_frac_per_year_at_20degC"),
        ("battery-physics-ocv-and-polynomial", "battery", variant(polynomial, (["physics", "ocv"], physics["ocv"])),
         "/physics/ocv_polynomial"),
        ("battery-physics-no-ocv", "battery", variant(battery, (["physics", "ocv"], DELETE)), "/physics/ocv"),
        ("battery-physics-eleven-coefficients", "battery",
         variant(polynomial, (["physics", "ocv_polynomial", "coefficients_V", 0], [3.3] + [0] * 10)),
         "/physics/ocv_polynomial/coefficients_V/0"),
        ("battery-physics-voltage-none-with-tables", "battery",
         variant(battery, (["physics", "voltage_model"], "none")), "/physics/ocv"),
        ("battery-physics-capacitor-without-buffer", "battery",
         variant(battery, (["physics", "pulse_buffer_model"], "capacitor")), "/physics/pulse_buffer"),
        ("battery-physics-buffer-without-capacitor", "battery",
         variant(battery, (["physics", "pulse_buffer"], buffer)), "/physics/pulse_buffer"),
        ("device-inline-battery-physics-unknown-key", "device",
         variant(lwm2m_dev, (["battery"], variant(battery, (["physics", "derating", "temperature_degC"], [20])))),
         "/battery/physics/derating/temperature_degC"),
        ("climate-out-of-range", "climate", variant(CLIMATE, (["monthly_mean_degC", 0], -75)),
         "/monthly_mean_degC/0"),
        ("climate-swing-negative", "climate", variant(CLIMATE, (["daily_swing_degC", 6], -1)), "/daily_swing_degC/6"),
        ("climate-eleven-months", "climate", variant(CLIMATE, (["daily_swing_degC"], twelve(4)[:11])),
         "/daily_swing_degC"),
        ("climate-unknown-key", "climate", variant(CLIMATE, (["monthly_mean_C"], twelve(0))), "/monthly_mean_C"),
        ("climate-missing-coldest-night", "climate", variant(CLIMATE, (["monthly_coldest_night_degC"], DELETE)),
         "/monthly_coldest_night_degC"),
        ("climate-wrong-schema-id", "climate", variant(CLIMATE, (["schema"], "powerbudget/climate/2")), "/schema"),
        ("device-inline-climate-out-of-range", "device",
         variant(lwm2m_dev, (["climate"], variant(CLIMATE, (["monthly_coldest_night_degC", 0], -90)))),
         "/climate/monthly_coldest_night_degC/0"),
        ("device-climate-number", "device", variant(lwm2m_dev, (["climate"], 5)), "/climate"),
        ("device-missing-min-operating-voltage", "device",
         variant(lwm2m_dev, (["supply", "min_operating_voltage_V"], DELETE)), "/supply/min_operating_voltage_V"),
        ("device-min-operating-voltage-out-of-range", "device",
         variant(lwm2m_dev, (["supply", "min_operating_voltage_V"], 61)), "/supply/min_operating_voltage_V"),
        ("device-uncertainty-bad-distribution", "device",
         variant(lwm2m_dev, (["uncertainty"], {"coupling_loss_dB": dict(normal, distribution="lognormal")})),
         "/uncertainty/coupling_loss_dB/distribution"),
        ("device-uncertainty-unknown-input", "device",
         variant(lwm2m_dev, (["uncertainty"], {"battery_frac": normal})), "/uncertainty/battery_frac"),
        ("device-uncertainty-entry-number", "device",
         variant(lwm2m_dev, (["uncertainty"], {"coupling_loss_dB": 144})), "/uncertainty/coupling_loss_dB"),
        ("device-uncertainty-normal-without-sd", "device",
         variant(lwm2m_dev, (["uncertainty"], {"coupling_loss_dB": variant(normal, (["sd"], DELETE))})),
         "/uncertainty/coupling_loss_dB/sd"),
        ("device-uncertainty-normal-with-mode", "device",
         variant(lwm2m_dev, (["uncertainty"], {"coupling_loss_dB": dict(normal, mode=144)})),
         "/uncertainty/coupling_loss_dB/mode"),
        ("device-uncertainty-uniform-with-mean", "device",
         variant(lwm2m_dev, (["uncertainty"], {"capacity_frac": dict(uncertainty["capacity_frac"], mean=1.0)})),
         "/uncertainty/capacity_frac/mean"),
        ("device-uncertainty-triangular-without-mode", "device",
         variant(lwm2m_dev, (["uncertainty"],
                             {"interval_frac": variant(uncertainty["interval_frac"], (["mode"], DELETE))})),
         "/uncertainty/interval_frac/mode"),
        ("device-uncertainty-discrete-zero-weights", "device",
         variant(lwm2m_dev, (["uncertainty"],
                             {"coupling_loss_dB": dict(uncertainty["coupling_loss_dB"], weights=[0, 0, 0])})),
         "/uncertainty/coupling_loss_dB/weights"),
        ("device-uncertainty-discrete-with-min", "device",
         variant(lwm2m_dev, (["uncertainty"], {"coupling_loss_dB": dict(uncertainty["coupling_loss_dB"], min=None)})),
         "/uncertainty/coupling_loss_dB/min"),
        ("device-uncertainty-source-number", "device",
         variant(lwm2m_dev, (["uncertainty"], {"coupling_loss_dB": dict(normal, source=5)})),
         "/uncertainty/coupling_loss_dB/source"),
    ]
    accepted = [
        ("battery-without-physics", "battery", variant(battery, (["physics"], DELETE))),
        ("battery-physics-all-none", "battery", variant(battery, (["physics"], all_none))),
        ("battery-physics-polynomial-rc", "battery", variant(polynomial, (["physics", "ocv"], None))),
        ("battery-physics-rc-branch-null", "battery", variant(battery, (["physics", "rc_branch"], None))),
        ("battery-physics-buffer", "battery",
         variant(battery, (["physics", "pulse_buffer_model"], "capacitor"), (["physics", "pulse_buffer"], buffer))),
        ("battery-physics-nested-sources", "battery",
         variant(battery, (["physics", "derating", "sources"], {"factors_frac": "nested source"}),
                 (["physics", "sources"], {"charge_model": "physics-level source"}))),
        ("climate-inline", "climate", variant(CLIMATE, (["sources"], {"monthly_mean_degC": "test"}))),
        ("device-inline-battery-with-physics", "device", variant(lwm2m_dev, (["battery"], battery))),
        ("device-inline-climate", "device", variant(lwm2m_dev, (["climate"], CLIMATE))),
        ("device-climate-by-path", "device", variant(lwm2m_dev, (["climate"], "climates/lab-25C.json"))),
        ("device-no-climate-no-uncertainty", "device",
         variant(lwm2m_dev, (["climate"], None), (["uncertainty"], None))),
        ("device-uncertainty-all-kinds", "device", variant(lwm2m_dev, (["uncertainty"], uncertainty))),
        ("device-uncertainty-empty", "device", variant(lwm2m_dev, (["uncertainty"], {}))),
        ("device-min-operating-voltage-zero", "device",
         variant(lwm2m_dev, (["supply", "min_operating_voltage_V"], 0))),
        ("measured-climate-and-uncertainty", "device",
         variant(measured, (["climate"], "lab-25C"),
                 (["uncertainty"], {"capacity_frac": uncertainty["capacity_frac"]}))),
    ]
    return rejected, accepted


REFERENCE_CASE = {"schema": "powerbudget/reference/1", "id": "schema-test", "title": "schema test",
                  "validates": "bookkeeping", "role": "independent", "source": "test", "published": 2.0, "unit": "years",
                  "tolerance_frac": 10, "tolerance_reason": "a schema test, not a validation",
                  "scenario": {"kind": "device_budget", "device": "mast-monitor", "quantity": "lifetime_years"}}
CARRIER = {"nprach_subcarriers": [24, 12, 12], "sib1_repetitions": 16,
           "other_system_information_subframes_per_s": 12.5}
CELL = {"schema": "powerbudget/cell/1", "name": "schema test cell", "network": "typical-operator", "carrier": CARRIER,
        "population": {"density": {"households_per_km2": 1517, "devices_per_household": 4,
                                   "inter_site_distance_m": 1732, "sectors_per_site": 3},
                       "mix": [{"device": "mast-monitor", "share_frac": 0.5, "interval_s": 7200, "label": "masts"},
                               {"device": "reference/devices/tr45820-report.json", "share_frac": 0.5,
                                "set": ["reporting.uplink_payload_B=32"]}],
                       "coupling_loss": {"distribution": "normal", "mean_dB": 135, "std_dB": 10}},
        "access": {"max_preamble_attempts": 10, "backoff_indicator_ms": 1024},
        "synchronised": {"spread_s": 60},
        "limits": {"max_utilisation_frac": 0.7, "max_collision_probability_frac": 0.1},
        "sweep": {"population_factors": [0.5, 1, 2]}}
CAMPAIGN = {"schema": "powerbudget/campaign/1", "name": "schema test campaign", "seed": 7,
            "network": "nordic-operator", "carrier": CARRIER,
            "fleet": {"devices": 1000, "cells": 4, "mix": [{"device": "mast-monitor", "share_frac": 1.0}],
                      "coupling_loss": {"distribution": "bins",
                                        "bins": [{"coupling_loss_dB": 140, "share_frac": 0.6},
                                                 {"coupling_loss_dB": 155, "share_frac": 0.4}]}},
            "image": {"size_B": 204800, "delta_ratio_frac": 0.2, "block_size_B": 512},
            "schedule": {"downlink_share_frac": 0.3, "max_concurrent_downloads_per_cell": 4},
            "failures": {"download_failure_frac": 0.02, "install_failure_frac": 0.02},
            "retry": {"max_download_attempts": 5, "on_install_failure": "retry", "max_install_attempts": 2},
            "multicast": {"session_after_frac": 0.95, "block_loss_frac": 0.02},
            "updates_per_year": 4,
            "variants": [{"name": "full-unicast", "image": "full", "delivery": "unicast"},
                         {"name": "delta-multicast", "image": "delta", "delivery": "multicast"}]}


def reference_and_scenario_cases(network):
    """Reference cases (reference_loader.cpp) and cell and campaign scenarios (cell_loader.cpp), built
    here so that they do not depend on which cases and scenarios are bundled."""
    ref, scen = REFERENCE_CASE, ["scenario"]
    coap = {"kind": "protocol", "measure": "coap_block_count", "image_size_B": 204800, "block_size_B": 512}
    dtls = {"kind": "protocol", "measure": "dtls_handshake_B", "version": "1.3", "credential": "psk",
            "connection_id_B": 1, "psk_identity_B": 1}
    battery_capacity = {"kind": "battery_capacity", "battery": "saft-ls14500", "current_mA": 2,
                        "temperature_degC": 20}
    edrx = {"kind": "edrx_idle", "modem": "nrf9160", "network": "typical-operator", "coupling_loss_dB": 120,
            "edrx_cycle_s": 81.92, "ptw_s": 2.56}
    multicast_free = [v for v in CAMPAIGN["variants"] if v["delivery"] == "unicast"]
    rejected = [
        ("reference-unknown-key", "reference", variant(ref, (["tolerance"], 0.1)), "/tolerance"),
        ("reference-published-zero", "reference", variant(ref, (["published"], 0)), "/published"),
        ("reference-validates", "reference", variant(ref, (["validates"], "radio")), "/validates"),
        ("reference-role", "reference", variant(ref, (["role"], "fitted")), "/role"),
        ("reference-calibration-without-calibrates", "reference", variant(ref, (["role"], "calibration")), "/calibrates"),
        ("reference-missing-tolerance-reason", "reference", variant(ref, (["tolerance_reason"], DELETE)),
         "/tolerance_reason"),
        ("reference-unknown-kind", "reference", variant(ref, (scen + ["kind"], "battery_life")), "/scenario/kind"),
        ("reference-field-of-other-kind", "reference", variant(ref, (scen + ["coupling_loss_dB"], 144)),
         "/scenario/coupling_loss_dB"),
        ("reference-activity-missing", "reference", variant(ref, (scen + ["quantity"], "activity_energy_mJ")),
         "/scenario/activity"),
        ("reference-set-not-strings", "reference", variant(ref, (scen + ["set"], [5])), "/scenario/set"),
        ("reference-edrx-inline-modem", "reference", variant(ref, (scen, edrx), (scen + ["modem"], {"name": "x"})),
         "/scenario/modem"),
        ("reference-edrx-ptw-out-of-range", "reference", variant(ref, (scen, edrx), (scen + ["ptw_s"], 42)),
         "/scenario/ptw_s"),
        ("reference-coap-with-version", "reference", variant(ref, (scen, coap), (scen + ["version"], "1.2")),
         "/scenario/version"),
        ("reference-coap-block-size", "reference", variant(ref, (scen, coap), (scen + ["block_size_B"], 500)),
         "/scenario/block_size_B"),
        ("reference-dtls-without-version", "reference", variant(ref, (scen, dtls), (scen + ["version"], DELETE)),
         "/scenario/version"),
        ("reference-dtls-with-image-size", "reference", variant(ref, (scen, dtls), (scen + ["image_size_B"], None)),
         "/scenario/image_size_B"),
        ("reference-battery-current-out-of-range", "reference",
         variant(ref, (scen, battery_capacity), (scen + ["current_mA"], 0)), "/scenario/current_mA"),
        ("reference-cell-capacity-quantity", "reference",
         variant(ref, (scen, {"kind": "cell_capacity", "scenario": "tr45820-capacity",
                              "quantity": "lifetime_years"})),
         "/scenario/quantity"),
        ("reference-not-modelled-without-needs", "reference", variant(ref, (scen, {"kind": "not_modelled"})),
         "/scenario/needs"),
        ("cell-unknown-key", "cell", variant(CELL, (["access", "backoff_ms"], 1024)), "/access/backoff_ms"),
        ("cell-wrong-schema-id", "cell", variant(CELL, (["schema"], "powerbudget/campaign/1")), "/schema"),
        ("cell-devices-and-density", "cell", variant(CELL, (["population", "devices"], 1000)), "/population/devices"),
        ("cell-neither-devices-nor-density", "cell", variant(CELL, (["population", "density"], DELETE)),
         "/population/devices"),
        ("cell-density-sectors", "cell", variant(CELL, (["population", "density", "sectors_per_site"], 13)),
         "/population/density/sectors_per_site"),
        ("cell-nprach-subcarriers-value", "cell", variant(CELL, (["carrier", "nprach_subcarriers", 0], 20)),
         "/carrier/nprach_subcarriers/0"),
        ("cell-nprach-two-levels", "cell", variant(CELL, (["carrier", "nprach_subcarriers"], [12, 12])),
         "/carrier/nprach_subcarriers"),
        ("cell-backoff-value", "cell", variant(CELL, (["access", "backoff_indicator_ms"], 1000)),
         "/access/backoff_indicator_ms"),
        ("cell-normal-with-bins", "cell",
         variant(CELL, (["population", "coupling_loss", "bins"], [{"coupling_loss_dB": 140, "share_frac": 1}])),
         "/population/coupling_loss/bins"),
        ("cell-bins-with-mean", "cell",
         variant(CELL, (["population", "coupling_loss"], CAMPAIGN["fleet"]["coupling_loss"]),
                 (["population", "coupling_loss", "mean_dB"], 140)), "/population/coupling_loss/mean_dB"),
        ("cell-mix-empty", "cell", variant(CELL, (["population", "mix"], [])), "/population/mix"),
        ("cell-group-share-out-of-range", "cell", variant(CELL, (["population", "mix", 0, "share_frac"], 1.5)),
         "/population/mix/0/share_frac"),
        ("cell-network-null", "cell", variant(CELL, (["network"], None)), "/network"),
        ("cell-inline-network-out-of-range", "cell",
         variant(CELL, (["network"], variant(network, (["rrc", "cdrx_cycle_s"], 20.48)))),
         "/network/rrc/cdrx_cycle_s"),
        ("cell-sweep-factor-zero", "cell", variant(CELL, (["sweep", "population_factors", 0], 0)),
         "/sweep/population_factors/0"),
        ("campaign-multicast-without-section", "campaign", variant(CAMPAIGN, (["multicast"], DELETE)), "/multicast"),
        ("campaign-on-install-failure", "campaign", variant(CAMPAIGN, (["retry", "on_install_failure"], "abort")),
         "/retry/on_install_failure"),
        ("campaign-seed-fraction", "campaign", variant(CAMPAIGN, (["seed"], 1.5)), "/seed"),
        ("campaign-variant-image", "campaign", variant(CAMPAIGN, (["variants", 0, "image"], "patch")),
         "/variants/0/image"),
        ("campaign-no-variants", "campaign", variant(CAMPAIGN, (["variants"], [])), "/variants"),
        ("campaign-unknown-key", "campaign", variant(CAMPAIGN, (["image", "delta_ratio"], 0.2)),
         "/image/delta_ratio"),
        ("campaign-download-failure-out-of-range", "campaign",
         variant(CAMPAIGN, (["failures", "download_failure_frac"], 1.0)), "/failures/download_failure_frac"),
        ("campaign-missing-fleet-cells", "campaign", variant(CAMPAIGN, (["fleet", "cells"], DELETE)), "/fleet/cells"),
    ]
    accepted = [
        ("reference-device-budget-activity", "reference",
         variant(ref, (scen + ["quantity"], "activity_duration_s"), (scen + ["activity"], "report"),
                 (scen + ["set"], ["fota.enabled=false"]), (["known_gap"], None),
                 (["explanation"], "free text"), (["assumptions"], "free text"))),
        ("reference-device-budget-nulls", "reference",
         variant(ref, (scen + ["set"], None), (scen + ["activity"], None))),
        ("reference-edrx-idle", "reference", variant(ref, (scen, edrx), (["validates"], "radio model"))),
        ("reference-protocol-dtls", "reference", variant(ref, (scen, dtls), (["validates"], "protocol sizes"))),
        ("reference-protocol-dtls-nulls", "reference",
         variant(ref, (scen, {"kind": "protocol", "measure": "dtls_record_overhead_B", "version": "1.2",
                              "credential": None, "connection_id_B": None, "cookie_exchange": None}))),
        ("reference-protocol-coap", "reference", variant(ref, (scen, coap))),
        ("reference-battery-capacity", "reference",
         variant(ref, (scen, battery_capacity), (["validates"], "battery model"), (["unit"], "mAh"))),
        ("reference-cell-capacity", "reference",
         variant(ref, (scen, {"kind": "cell_capacity", "scenario": "tr45820-capacity",
                              "set": ["population.coupling_loss.mean_dB=140"], "quantity": "capacity_devices"}),
                 (["validates"], "cell model"))),
        ("reference-not-modelled", "reference", variant(ref, (scen, {"kind": "not_modelled", "needs": "a model"}))),
        ("reference-negative-published", "reference", variant(ref, (["published"], -3.5))),
        ("cell-density", "cell", CELL),
        ("cell-device-count", "cell",
         variant(CELL, (["population", "devices"], 50000), (["population", "density"], None))),
        ("cell-bins-nulls", "cell",
         variant(CELL, (["population", "coupling_loss"], CAMPAIGN["fleet"]["coupling_loss"]),
                 (["population", "coupling_loss", "mean_dB"], None), (["description"], None),
                 (["population", "mix", 0, "label"], None), (["population", "mix", 1, "set"], None),
                 (["sweep"], None))),
        ("cell-inline-network", "cell", variant(CELL, (["network"], network), (["sweep"], DELETE))),
        ("campaign", "campaign", CAMPAIGN),
        ("campaign-unicast-without-multicast", "campaign",
         variant(CAMPAIGN, (["variants"], multicast_free), (["multicast"], DELETE))),
        ("campaign-unicast-with-null-multicast", "campaign",
         variant(CAMPAIGN, (["variants"], multicast_free), (["multicast"], None), (["description"], "text"))),
        ("campaign-integral-seed", "campaign", variant(CAMPAIGN, (["seed"], 9007199254740991))),
    ]
    return rejected, accepted


# ------------------------------------------------------------------------------------ main

def main(argv):
    args = [a for a in argv[1:]]
    dump_dir = None
    if "--dump" in args:
        i = args.index("--dump")
        if i + 1 >= len(args):
            print(__doc__)
            return 2
        dump_dir = Path(args[i + 1])
        del args[i:i + 2]
    if len(args) != 1:
        print(__doc__)
        return 2
    root = Path(args[0])
    profiles = root / "profiles"
    report = Report()

    try:
        validators = load_validators(profiles / "schema")
    except Exception as e:  # a broken schema fails everything
        print(f"profiles/schema: cannot load the schemas: {short(e)}")
        report.failed += 1
        print(f"{report.passed} passed, {report.failed} failed")
        return 1

    bases = {}
    files = []
    for folder, kind in FOLDERS.items():
        found = sorted((profiles / folder).glob("*.json"))
        if not found:
            report.check([f"profiles/{folder}: no bundled profiles found"])
        # profiles/reference/<folder>/: profiles of the reference cases (e.g. the TR 45.820 evaluation device)
        files += [(f, kind) for f in found + sorted((profiles / "reference" / folder).glob("*.json"))]
    found = sorted((profiles / "reference").glob("*.json"))
    if not found:
        report.check(["profiles/reference: no reference cases found"])
    files += [(f, "reference") for f in found]
    for folder, kind in SCENARIO_FOLDERS.items():  # optional folders
        files += [(f, kind) for f in sorted((profiles / folder).glob("*.json"))]

    for path, kind in files:
        name = str(path.relative_to(root))
        try:
            with open(path, encoding="utf-8") as f:
                document = json.load(f)
        except (OSError, ValueError) as e:
            report.check([f"{name}#/: cannot read: {short(e)}"])
            continue
        bases.setdefault(path.stem, document)
        # (a) schema, and the files it names exist
        report.check([f"{name}#{ptr}: {msg}" for ptr, msg in validation_problems(validators[kind], document)])
        report.check(reference_problems(name, path, kind, document, profiles))
        # (b) sources (a reference case carries one "source" text for its published figure instead)
        if kind != "reference":
            report.check(sources_problems(name, document))

    # (c) broken documents are rejected, loader-accepted variants pass
    needed = ["nrf9160", "typical-operator", "saft-ls17500", "mast-monitor", "smart-meter-gateway",
              "nordic-power-example-measured"]
    missing = [n for n in needed if n not in bases]
    if missing:
        report.check([f"profiles: the broken-document checks need the bundled profiles {', '.join(missing)}"])
    else:
        rejected, accepted = cases(bases)
        if dump_dir:
            dump_dir.mkdir(parents=True, exist_ok=True)
            with open(dump_dir / "cases.json", "w", encoding="utf-8") as f:  # name, kind, expected pointer
                json.dump([{"name": n, "kind": k, "expected": e} for n, k, _, e in rejected + accepted], f, indent=2)
        for case_name, kind, document, expected in rejected + accepted:
            if dump_dir:
                with open(dump_dir / f"{case_name}.json", "w", encoding="utf-8") as f:
                    json.dump(document, f, indent=2, ensure_ascii=False)
            label = f"<{kind} document '{case_name}'>"
            found = validation_problems(validators[kind], document)
            if expected is None:
                report.check([f"{label}#{ptr}: should be accepted (the loader accepts it) but: {msg}"
                              for ptr, msg in found])
            elif not found:
                report.check([f"{label}#{expected}: should be rejected but the schema accepts it"])
            elif not any(related(ptr, expected) for ptr, _ in found):
                report.check([f"{label}#{expected}: should be rejected here, but the schema reports "
                              + "; ".join(f"{ptr}: {msg}" for ptr, msg in found)])
            else:
                report.check([])

    print(f"{report.passed} passed, {report.failed} failed")
    return 0 if report.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
