"""Real components for the serve tests, on loopback, in a temporary directory.

A test CA with a server certificate (SAN IP:127.0.0.1, DNS:localhost), a client certificate
for serve and one for the test publisher (openssl); Mosquitto with a TLS listener that requires
client certificates and persists its sessions; InfluxDB 1.x with its other services off; and
`powerbudget serve` itself. Everything started here is stopped at exit, also on failure.
"""
import atexit
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

import paho.mqtt.client as mqtt

POWERBUDGET = os.environ.get("POWERBUDGET")
PROFILES = os.environ.get("POWERBUDGET_PROFILES")
_processes = []


def _stop_all():
    for p in _processes:
        if p.poll() is None:
            p.kill()
            p.wait()


atexit.register(_stop_all)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=20.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")


def run(cmd, **kw):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)


def make_certs(d):
    """CA, server (127.0.0.1/localhost), serve's client cert, publisher's client cert, and a
    server cert for another host (for the mismatch test)."""
    def key(name):
        run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", f"{d}/{name}.key"])

    key("ca")
    run(["openssl", "req", "-x509", "-new", "-key", f"{d}/ca.key", "-days", "2", "-subj", "/CN=powerbudget test CA",
         "-out", f"{d}/ca.crt"])
    for name, cn, san in [("server", "localhost", "IP:127.0.0.1,DNS:localhost"),
                          ("wronghost", "broker.example.net", "DNS:broker.example.net"),
                          ("serve", "powerbudget-serve", None), ("publisher", "test-publisher", None)]:
        key(name)
        run(["openssl", "req", "-new", "-key", f"{d}/{name}.key", "-subj", f"/CN={cn}", "-out", f"{d}/{name}.csr"])
        ext = f"{d}/{name}.ext"
        with open(ext, "w") as f:
            f.write(f"subjectAltName={san}\n" if san else "extendedKeyUsage=clientAuth\n")
        run(["openssl", "x509", "-req", "-in", f"{d}/{name}.csr", "-CA", f"{d}/ca.crt", "-CAkey", f"{d}/ca.key",
             "-CAcreateserial", "-days", "2", "-extfile", ext, "-out", f"{d}/{name}.crt"])


def make_client_cert(d, name, cn):
    """A client certificate of the CA in d with common name cn: with use_identity_as_username the
    broker's user name for whoever presents it (a device's certificate carries its device id)."""
    run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", f"{d}/{name}.key"])
    subject = "/CN=" + cn.replace("/", "\\/")
    run(["openssl", "req", "-new", "-key", f"{d}/{name}.key", "-subj", subject, "-out", f"{d}/{name}.csr"])
    with open(f"{d}/{name}.ext", "w") as f:
        f.write("extendedKeyUsage=clientAuth\n")
    run(["openssl", "x509", "-req", "-in", f"{d}/{name}.csr", "-CA", f"{d}/ca.crt", "-CAkey", f"{d}/ca.key",
         "-CAcreateserial", "-days", "2", "-extfile", f"{d}/{name}.ext", "-out", f"{d}/{name}.crt"])


class Broker:
    def __init__(self, base, certs, server_cert="server", port=None, extra=""):
        self.dir = os.path.join(base, "mosquitto")
        os.makedirs(self.dir, exist_ok=True)
        self.port = port or free_port()
        self.conf = os.path.join(self.dir, "mosquitto.conf")
        # As root mosquitto would switch to its own user, who cannot read our 0700 temp directory.
        user = "user root\n" if os.geteuid() == 0 else ""
        with open(self.conf, "w") as f:
            f.write(user + f"""per_listener_settings false
persistence true
persistence_location {self.dir}/
autosave_interval 1
max_queued_messages 0
max_inflight_messages 1000
log_dest file {self.dir}/mosquitto.log
log_type error
log_type warning
log_type notice
listener {self.port} 127.0.0.1
cafile {certs}/ca.crt
certfile {certs}/{server_cert}.crt
keyfile {certs}/{server_cert}.key
require_certificate true
use_identity_as_username true
allow_anonymous false
{extra}
""")
        self.proc = None
        self.start()

    def start(self):
        self.proc = subprocess.Popen(["/usr/sbin/mosquitto", "-c", self.conf], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        _processes.append(self.proc)
        wait_port(self.port)

    def stop(self):
        # SIGTERM: mosquitto saves its persistence file (queued messages, sessions) on the way out.
        self.proc.terminate()
        self.proc.wait(timeout=20)


class Influx:
    def __init__(self, base):
        self.dir = os.path.join(base, "influxdb")
        os.makedirs(self.dir, exist_ok=True)
        self.port = free_port()
        conf = os.path.join(self.dir, "influxdb.conf")
        with open(conf, "w") as f:
            f.write(f"""reporting-disabled = true
bind-address = "127.0.0.1:{free_port()}"
[meta]
  dir = "{self.dir}/meta"
[data]
  dir = "{self.dir}/data"
  wal-dir = "{self.dir}/wal"
  query-log-enabled = false
[http]
  enabled = true
  bind-address = "127.0.0.1:{self.port}"
  log-enabled = false
[monitor]
  store-enabled = false
[subscriber]
  enabled = false
[continuous_queries]
  enabled = false
[[graphite]]
  enabled = false
[[udp]]
  enabled = false
""")
        self.log = open(os.path.join(self.dir, "influxd.log"), "w")
        self.proc = subprocess.Popen(["/usr/bin/influxd", "-config", conf], stdout=subprocess.DEVNULL, stderr=self.log)
        _processes.append(self.proc)
        wait_port(self.port, timeout=30)
        self.query("CREATE DATABASE powerbudget", post=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def query(self, q, db=None, post=False):
        params = {"q": q}
        if db:
            params["db"] = db
        data = urllib.parse.urlencode(params).encode()
        deadline = time.time() + 20
        while True:
            try:
                if post:
                    r = urllib.request.urlopen(f"{self.url}/query", data=data, timeout=5)
                else:
                    r = urllib.request.urlopen(f"{self.url}/query?{data.decode()}", timeout=5)
                return json.loads(r.read())
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.2)


    def write(self, db, lines):
        """Line protocol into db (nanosecond timestamps); raises on an HTTP error."""
        params = urllib.parse.urlencode({"db": db, "precision": "ns"})
        urllib.request.urlopen(f"{self.url}/write?{params}", data=lines.encode(), timeout=10).read()

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


class Serve:
    def __init__(self, base, certs, broker, influx=None, name="serve", extra=(), metrics_port=0, profile="mast-monitor"):
        self.state = os.path.join(base, f"{name}-state")
        self.log_path = os.path.join(base, f"{name}.log")
        self.args = [POWERBUDGET, "serve", profile, "--broker", "127.0.0.1", "--port", str(broker.port),
                     "--ca", f"{certs}/ca.crt", "--cert", f"{certs}/serve.crt", "--key", f"{certs}/serve.key",
                     "--client-id", name, "--state-dir", self.state, "--metrics-port", str(metrics_port),
                     "--format", "json"]
        if PROFILES:
            self.args += ["--profiles-dir", PROFILES]
        if influx:
            self.args += ["--influx-url", influx.url, "--influx-db", "powerbudget"]
        self.args += list(extra)
        self.proc = None
        self.port = None

    def start(self, wait_connected=True):
        self.log = open(self.log_path, "a")
        self.proc = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=self.log, text=True)
        _processes.append(self.proc)
        deadline = time.time() + 60
        while not self._port_in_log_after_start():
            if self.proc.poll() is not None:
                raise RuntimeError(f"serve exited with {self.proc.returncode}:\n{open(self.log_path).read()}")
            if time.time() > deadline:
                raise RuntimeError("serve did not print its metrics port:\n" + open(self.log_path).read())
            time.sleep(0.05)
        if wait_connected:
            self.wait(lambda: self.health() == 200, "connected (healthz 200)")
        return self

    def _port_in_log_after_start(self):
        ports = re.findall(r"metrics on http://[0-9.]+:(\d+)/metrics", open(self.log_path).read())
        if len(ports) > self._starts_seen():
            self.port = int(ports[-1])
            self._starts = len(ports)
            return True
        return False

    def _starts_seen(self):
        return getattr(self, "_starts", 0)

    def health(self):
        try:
            return urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2).status
        except urllib.error.HTTPError as e:
            return e.code
        except OSError:
            return None

    def metrics(self):
        text = urllib.request.urlopen(f"http://127.0.0.1:{self.port}/metrics", timeout=5).read().decode()
        values = {}
        for line in text.splitlines():
            if line and not line.startswith("#"):
                name, value = line.rsplit(" ", 1)
                values[name] = float(value)
        return values

    def wait(self, condition, what, timeout=40):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"serve exited with {self.proc.returncode} while waiting for {what}:\n"
                                   + open(self.log_path).read())
            try:
                if condition():
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; metrics: {self.safe_metrics()}\nlog:\n"
                             + open(self.log_path).read()[-4000:])

    def safe_metrics(self):
        try:
            return self.metrics()
        except OSError:
            return None

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        out, _ = self.proc.communicate(timeout=60)
        assert self.proc.returncode == 0, open(self.log_path).read()
        return json.loads(out)

    def kill9(self):
        self.proc.kill()
        self.proc.wait()


def tls_client(certs, client_id, cert="publisher", clean=True, port=None):
    c = mqtt.Client(client_id=client_id, clean_session=clean, protocol=mqtt.MQTTv311)
    if cert:
        c.tls_set(ca_certs=f"{certs}/ca.crt", certfile=f"{certs}/{cert}.crt", keyfile=f"{certs}/{cert}.key",
                  tls_version=ssl.PROTOCOL_TLS_CLIENT)
    else:
        c.tls_set(ca_certs=f"{certs}/ca.crt", tls_version=ssl.PROTOCOL_TLS_CLIENT)
    return c


class Publisher:
    """QoS 1 publisher that waits until the broker has acknowledged every message."""

    def __init__(self, certs, broker, client_id="publisher"):
        self.client = tls_client(certs, client_id)
        self.client.max_inflight_messages_set(1000)
        self.client.max_queued_messages_set(0)
        self.client.connect("127.0.0.1", broker.port, keepalive=30)
        self.client.loop_start()
        self.infos = []

    def publish(self, topic, payload, qos=1):
        self.infos.append(self.client.publish(topic, payload, qos=qos))

    def wait_all(self, timeout=60):
        deadline = time.time() + timeout
        for info in self.infos:
            while not info.is_published():
                if time.time() > deadline:
                    raise AssertionError("broker did not acknowledge all publishes")
                time.sleep(0.01)
        self.infos = []

    def close(self):
        self.client.loop_stop()
        self.client.disconnect()


def fleet_sim(devices, days, fmt, seed=1, clean=True):
    args = [POWERBUDGET, "fleet-sim", "mast-monitor", "--devices", str(devices), "--days", str(days), "--seed",
            str(seed), "--telemetry-format", fmt]
    if clean:
        args.append("--clean")
    if PROFILES:
        args += ["--profiles-dir", PROFILES]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if line.strip()]


def device_of(line, fmt):
    if fmt == "senml":
        return json.loads(line)[0]["bn"].rstrip("/")
    return re.search(r"device=([^, ]+)", line).group(1)


class Environment:
    """temp dir + certs + broker (+ influx); `with Environment(influx=True) as env:`"""

    def __init__(self, influx=False, client_certs=(), broker_extra=""):
        """client_certs: (name, cn) pairs of further client certificates, made before the broker
        starts; broker_extra: lines for mosquitto.conf (an acl_file, say)."""
        self.base = tempfile.mkdtemp(prefix="pb-serve-")
        self.certs = os.path.join(self.base, "certs")
        os.makedirs(self.certs)
        make_certs(self.certs)
        for name, cn in client_certs:
            make_client_cert(self.certs, name, cn)
        self.broker = Broker(self.base, self.certs, extra=broker_extra)
        self.influx = Influx(self.base) if influx else None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        _stop_all()
        if exc[0] is None or os.environ.get("PB_SERVE_KEEP") is None:
            shutil.rmtree(self.base, ignore_errors=True)
        else:
            print(f"kept {self.base}", file=sys.stderr)
        return False
