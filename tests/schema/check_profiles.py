#!/usr/bin/env python3
"""Checks the bundled profiles against the JSON Schemas in profiles/schema/.

Usage: python3 tests/schema/check_profiles.py <repo root> [--dump DIR]

  (a) every bundled profile (profiles/{devices,modems,networks,batteries}/*.json, and the same
      folders under profiles/reference/) validates
      against its schema; a device's string references are validated as they are (a string) and
      must name a bundled profile that exists;
  (b) every numeric leaf of every bundled profile is covered by a "sources" entry of its own
      file: a key equal to the leaf's dotted path or to one of its parent paths ("ce_levels[2]
      .npusch_repetitions", "ce_levels[2]", "ce_levels"), in the "sources" object of the object
      that holds it or of any object above it (paths relative to that object: an inline battery
      of a device is covered by its own "sources" or by the device's "battery..." keys); every
      "sources" key must name a field of the object it sits in;
  (c) deliberately broken documents (unknown key, out-of-range value, missing required field,
      wrong form) are rejected by the schema at the expected JSON pointer, and variants that the
      loader accepts (ignored fields, nulls, inline parts) are accepted, so that the schema is
      neither too lax nor too strict.

--dump DIR writes the documents of (c) to DIR, to try them with the loader: the device ones with
POWERBUDGET_PROFILES=<repo root>/profiles powerbudget simulate DIR/<name>.json; the modem, network
and battery ones inline in a device (--set modem=... does not take a path outside the profiles
root, so copy them into a device file). Every case agrees with the loader.

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

FOLDERS = {"devices": "device", "modems": "modem", "networks": "network", "batteries": "battery"}
REFERENCES = {"modem": "modems", "network": "networks", "battery": "batteries"}
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
    """Validators by profile type; the device schema's $refs to the sibling files resolve."""
    schemas = {}
    for kind in FOLDERS.values():
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
    if v == "enum":
        return short(f"{show(instance)} is not one of: {', '.join(show(x) for x in value if x is not None)}")
    if v == "minItems":
        return f"expected at least {value} elements, got {len(instance)}"
    if v == "maxItems":
        return f"expected at most {value} elements, got {len(instance)}"
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
    """'ce_levels[2].npusch_repetitions' -> ['ce_levels', 2, 'npusch_repetitions']; None if malformed."""
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

def reference_problems(name, device_file, device, root):
    problems = []
    for key, folder in REFERENCES.items():
        value = device.get(key)
        if not isinstance(value, str):
            continue
        if len(value) > 5 and value.endswith(".json"):
            candidates = [device_file.parent / value, root / value]
        else:
            candidates = [root / folder / (value + ".json")]
        if not any(c.is_file() for c in candidates):
            problems.append(f"{name}#/{key}: no {key} profile '{value}' (looked for "
                            f"{', '.join(str(c) for c in candidates)})")
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
         variant(network, (["ce_levels", 1, "npusch_repetitions"], 3)), "/ce_levels/1/npusch_repetitions"),
        ("network-3.75kHz-multi-tone", "network",
         variant(network, (["ce_levels", 0, "npusch_subcarrier_spacing_kHz"], 3.75),
                 (["ce_levels", 0, "npusch_subcarriers"], 3)), "/ce_levels/0/npusch_subcarriers"),
        ("network-single-tone-itbs-11", "network",
         variant(network, (["ce_levels", 0, "npusch_subcarriers"], 1), (["ce_levels", 0, "npusch_itbs"], 11)),
         "/ce_levels/0/npusch_itbs"),
        ("network-spacing-7.5kHz", "network",
         variant(network, (["ce_levels", 2, "npusch_subcarrier_spacing_kHz"], 7.5)),
         "/ce_levels/2/npusch_subcarrier_spacing_kHz"),
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
         variant(lwm2m_dev, (["supply"], {"kind": "switching", "efficiency_frac": 0.85, "quiescent_current_uA": 1}))),
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
    return rejected, [(n, k, d, None) for n, k, d in accepted]


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
        # profiles/reference/<folder>/: bundled reference cases (e.g. the TR 45.820 evaluation device)
        files += [(f, kind) for f in found + sorted((profiles / "reference" / folder).glob("*.json"))]

    for path, kind in files:
        name = str(path.relative_to(root))
        try:
            with open(path, encoding="utf-8") as f:
                document = json.load(f)
        except (OSError, ValueError) as e:
            report.check([f"{name}#/: cannot read: {short(e)}"])
            continue
        bases.setdefault(path.stem, document)
        # (a) schema
        report.check([f"{name}#{ptr}: {msg}" for ptr, msg in validation_problems(validators[kind], document)])
        if kind == "device" and isinstance(document, dict):
            report.check(reference_problems(name, path, document, profiles))
        # (b) sources
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
