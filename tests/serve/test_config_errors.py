"""Bad configuration: exit code 2 and a message that names the field; no broker needed."""
import json
import os
import subprocess
import tempfile
import time

from serve_harness import POWERBUDGET, PROFILES, free_port, make_certs


def serve(*args, env_extra=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("POWERBUDGET_MQTT_")}
    env.update(env_extra or {})
    cmd = [POWERBUDGET, "serve", "mast-monitor"] + (["--profiles-dir", PROFILES] if PROFILES else []) + list(args)
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=30)
    return r.returncode, r.stderr


with tempfile.TemporaryDirectory() as d:
    base = ["--state-dir", f"{d}/state", "--subscribe", "t/#=senml"]
    cases = [
        ((*base,), "mqtt.ca"),
        (("--ca", "ca.pem", "--subscribe", "t/#"), "state_dir"),
        (("--ca", "ca.pem", "--state-dir", f"{d}/s"), "mqtt.subscribe"),
        (("--ca", "ca.pem", *base, "--cert", "c.pem"), "mqtt.cert/mqtt.key"),
        (("--ca", "ca.pem", *base[:2], "--partitions", "2", "--partition", "2"), "--partition '2'"),
        (("--ca", "ca.pem", *base[:2], "--subscribe", "t/#=xml"), "use senml, influx or auto"),
        (("--ca", f"{d}/missing-ca.pem", *base), "mqtt.ca: cannot load CA file"),
        (("--ca", "ca.pem", *base, "--influx-url", "https://db:8086"), "influx.url"),
        (("--ca", "ca.pem", *base, "--format", "xml"), "table, json, csv"),
        (("--ca", "ca.pem", *base, "--set", "reporting.interval_s=-5"), "reporting"),
        # 0 is out of range, not "the default"
        (("--ca", "ca.pem", *base, "--port", "0"), "--port: must be 1..65535"),
        (("--ca", "ca.pem", *base, "--max-message-bytes", "0"), "--max-message-bytes: must be 64..268435455"),
        (("--ca", "ca.pem", *base, "--max-message-bytes", "300000000"), "--max-message-bytes"),
        (("--ca", "ca.pem", *base, "--snapshot-interval-s", "0"), "--snapshot-interval-s: must be 1..86400"),
        (("--ca", "ca.pem", *base, "--port", "88x"), "--port"),
        (("--ca", "ca.pem", *base, "--metrics-port", "-1"), "metrics.port"),
    ]
    config = f"{d}/serve.json"
    with open(config, "w") as f:
        json.dump({"mqtt": {"port": 70000}}, f)
    cases.append((("--config", config, "--ca", "ca.pem", *base), "mqtt.port: 70000 is outside 1..65535"))
    config2 = f"{d}/serve2.json"
    with open(config2, "w") as f:
        json.dump({"influx": {"ulr": "http://x"}}, f)
    cases.append((("--config", config2, "--ca", "ca.pem", *base), "influx.ulr: unknown key"))
    for args, expected in cases:
        code, err = serve(*args)
        assert code == 2, (args, code, err)
        assert expected in err, (args, expected, err)
    # InfluxDB credentials over plain HTTP to a host that is not loopback would cross the network
    # in clear text: refused, naming the key; the credential itself is not repeated.
    for variable in ("POWERBUDGET_INFLUX_USER", "POWERBUDGET_INFLUX_PASSWORD"):
        code, err = serve("--ca", "ca.pem", *base, "--influx-url", "http://influx.example.net:8086",
                          env_extra={variable: "s3cret"})
        assert code == 2 and "config influx.url" in err and "not loopback" in err and "s3cret" not in err, (variable, err)
    # A password in the InfluxDB URL is refused without being repeated in the message.
    code, err = serve("--ca", "ca.pem", *base, "--influx-url", "http://u:s3cret@127.0.0.1:8086")
    assert code == 2 and "influx.url" in err and "s3cret" not in err, err
    # The certificate paths may come from the environment (here a missing file, to stop early).
    code, err = serve(*base, env_extra={"POWERBUDGET_MQTT_CA": f"{d}/env-ca.pem"})
    assert code == 2 and f"{d}/env-ca.pem" in err, err
    # A state directory that cannot be written is exit code 3 (docs/serve.md), not 2: a snapshot
    # cannot be created where a directory is in the way of its temporary file.
    os.makedirs(f"{d}/certs")
    make_certs(f"{d}/certs")
    os.makedirs(f"{d}/blocked/snapshot.bin.tmp")
    code, err = serve("--ca", f"{d}/certs/ca.crt", "--state-dir", f"{d}/blocked", "--subscribe", "t/#",
                      "--metrics-port", "0")
    assert code == 3 and "snapshot.bin.tmp" in err, (code, err)
    # The metrics endpoint has no authentication: bound beyond loopback, serve says so at start.
    def start_log(*extra):
        log_path = f"{d}/metrics-{len(extra)}.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith("POWERBUDGET_MQTT_")}
        with open(log_path, "w") as log:
            p = subprocess.Popen([POWERBUDGET, "serve", "mast-monitor"] + (["--profiles-dir", PROFILES] if PROFILES else [])
                                 + ["--ca", f"{d}/certs/ca.crt", "--state-dir", f"{d}/state-{len(extra)}", "--subscribe",
                                    "t/#", "--port", str(free_port()), "--metrics-port", "0", *extra],
                                 stdout=subprocess.DEVNULL, stderr=log, env=env)
            try:
                deadline = time.time() + 30
                while "metrics on http://" not in open(log_path).read():
                    assert p.poll() is None and time.time() < deadline, open(log_path).read()
                    time.sleep(0.05)
            finally:
                p.terminate()
                p.wait(timeout=30)
        return open(log_path).read()
    wide = start_log("--metrics-bind", "0.0.0.0")
    assert "warning: metrics.bind 0.0.0.0 is not loopback" in wide, wide
    assert "warning" not in start_log(), "a warning for the loopback default"
    print(f"ok: {len(cases) + 3} bad configurations refused with exit code 2, naming the field; "
          "a metrics endpoint beyond loopback is warned about")
