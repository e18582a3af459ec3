"""Broker access control (docs/serve.md, "Broker access control"): Mosquitto with the ACL of
docs/examples/mosquitto.acl, as it is. A device's certificate (CN = its device id) writes its own
telemetry topic and nothing else: not another device's telemetry, not an estimate, retained or
not; serve, under the same ACL, subscribes its partitions and is the one that publishes estimates.
What the ACL cannot see, a payload in the device's own topic that names another device, serve
refuses (device_mismatch); nor does a certificate whose CN holds a '/' pass for another device."""
import atexit
import os
import shutil
import subprocess
import tempfile
import threading
import time

from serve_harness import POWERBUDGET, Environment, Serve, tls_client

HERE = os.path.dirname(os.path.abspath(__file__))
ACL = os.path.join(HERE, "..", "..", "docs", "examples", "mosquitto.acl")
T0 = 1704067200


def pack(device, t, level):
    return (f'[{{"bn":"{device}/","bt":{t},"n":"3/0/9","u":"%EL","v":{level}}},'
            f'{{"n":"3/0/7","u":"mV","v":3600}},{{"n":"4/0/2","u":"dBm","v":-105}}]')


class Observer:
    """Reads every topic (a test identity granted `topic read #` on top of the documented ACL)."""

    def __init__(self, env, client_id, filters):
        self.messages = []
        self.lock = threading.Lock()
        self.client = tls_client(env.certs, client_id)
        self.client.on_message = self._on_message
        self.client.connect("127.0.0.1", env.broker.port)
        self.client.loop_start()
        subscribed = threading.Event()
        self.client.on_subscribe = lambda *a: subscribed.set()
        self.client.subscribe([(f, 1) for f in filters])
        assert subscribed.wait(10), "no SUBACK"

    def _on_message(self, client, userdata, m):
        with self.lock:
            self.messages.append((m.topic, m.payload.decode(), m.retain))

    def seen(self):
        with self.lock:
            return list(self.messages)

    def close(self):
        self.client.loop_stop()
        self.client.disconnect()


def publish_as(env, cert, topic, payload, retain=False):
    """One QoS 1 publish on a connection of its own. Mosquitto 2.0 acknowledges a denied publish
    and then drops the connection; either end of the attempt is waited for, neither relied on."""
    done = threading.Event()
    client = tls_client(env.certs, f"{cert}-{time.monotonic_ns()}", cert=cert)
    client.on_disconnect = lambda *a: done.set()
    client.on_publish = lambda *a: done.set()
    client.connect("127.0.0.1", env.broker.port)
    client.loop_start()
    client.publish(topic, payload, qos=1, retain=retain)
    assert done.wait(10), f"{cert}: neither PUBACK nor disconnect for {topic}"
    client.loop_stop()
    client.disconnect()


acl_dir = tempfile.mkdtemp(prefix="pb-serve-acl-")
atexit.register(shutil.rmtree, acl_dir, True)
acl_file = os.path.join(acl_dir, "mosquitto.acl")
with open(ACL) as documented, open(acl_file, "w") as f:
    f.write(documented.read() + "\n# the test's observer\nuser test-publisher\ntopic read #\n")

with Environment(client_certs=[("dev-a", "dev-a"), ("dev-b", "dev-b"), ("slash", "x/dev-b")],
                 broker_extra=f"acl_file {acl_file}\n") as env:
    out = subprocess.run([POWERBUDGET, "serve", "--partitions", "2", "--partition-of", "dev-a", "--partition-of", "dev-b"],
                         check=True, capture_output=True, text=True).stdout.split()
    own, other = out  # telemetry/<p>/dev-a, telemetry/<p>/dev-b
    serve = Serve(env.base, env.certs, env.broker, extra=["--partitions", "2", "--partition", "0,1"]).start()
    observer = Observer(env, "observer", ["telemetry/#", "powerbudget/estimate/#"])

    # Refused by the broker: another device's telemetry topic, an estimate (another's, its own).
    publish_as(env, "dev-a", other, pack("dev-b", T0, 10))
    publish_as(env, "dev-a", "powerbudget/estimate/dev-b", '[{"bn":"dev-b/","n":"soc","u":"%EL","v":1}]', retain=True)
    publish_as(env, "dev-a", "powerbudget/estimate/dev-a", '[{"bn":"dev-a/","n":"soc","u":"%EL","v":100}]', retain=True)
    # Through the broker, refused by serve: dev-a's own topic, a payload naming dev-b; and a
    # certificate "x/dev-b" on telemetry/<p>/x/dev-b, which the pattern ACL lets through.
    publish_as(env, "dev-a", own, pack("dev-b", T0, 10))
    p_slash = other.split("/")[1]
    publish_as(env, "slash", f"telemetry/{p_slash}/x/dev-b", pack("dev-b", T0, 10))
    # Allowed: dev-a's own telemetry, and dev-b's on its own topic.
    publish_as(env, "dev-a", own, pack("dev-a", T0, 95))
    publish_as(env, "dev-b", other, pack("dev-b", T0, 80))

    serve.wait(lambda: serve.metrics()["records_accepted_total"] == 2, "dev-a's and dev-b's own records")
    serve.wait(lambda: len([m for m in observer.seen() if m[0].startswith("powerbudget/estimate/")]) >= 2,
               "serve's estimates")
    time.sleep(0.5)
    m = serve.metrics()
    assert m['records_rejected_total{reason="device_mismatch"}'] == 2, m
    assert m["devices_tracked"] == 2, m

    seen = observer.seen()
    telemetry = [(t, p) for t, p, _ in seen if t.startswith("telemetry/")]
    assert telemetry == [(own, pack("dev-b", T0, 10)), (f"telemetry/{p_slash}/x/dev-b", pack("dev-b", T0, 10)),
                         (own, pack("dev-a", T0, 95)), (other, pack("dev-b", T0, 80))], telemetry
    estimates = sorted((t, p) for t, p, _ in seen if t.startswith("powerbudget/estimate/"))
    assert [t for t, _ in estimates] == ["powerbudget/estimate/dev-a", "powerbudget/estimate/dev-b"], estimates
    for topic, payload in estimates:  # serve's SenML (remaining life in EL), not what dev-a tried
        assert '"n":"remaining_life_p50","u":"EL"' in payload, (topic, payload)
    # The retained estimates a newcomer gets are serve's only.
    late = Observer(env, "late-reader", ["powerbudget/estimate/#"])
    time.sleep(1.0)
    retained = late.seen()
    assert sorted(t for t, _, r in retained if r) == ["powerbudget/estimate/dev-a", "powerbudget/estimate/dev-b"], retained
    assert all('"remaining_life_p50"' in p for _, p, _ in retained), retained
    observer.close()
    late.close()
    serve.stop()
    print("ok: the broker refused dev-a's 3 writes to topics not its own, serve refused 2 records naming another "
          "device than their topic, and the 2 devices' estimates are serve's")
