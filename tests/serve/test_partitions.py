"""(f) two instances share a fleet by device partition: devices publish to
telemetry/<partition>/<device>, each instance subscribes $share/powerbudget/telemetry/<p>/# for
its partitions; every device's records reach exactly one instance."""
import subprocess
import time

from serve_harness import POWERBUDGET, Environment, Publisher, Serve, device_of, fleet_sim

with Environment() as env:
    lines = fleet_sim(devices=24, days=1, fmt="senml", seed=11)
    devices = sorted({device_of(l, "senml") for l in lines})
    # The helper gives each device's topic (FNV-1a of the id, modulo the partition count).
    out = subprocess.run([POWERBUDGET, "serve", "--partitions", "2"] + [a for d in devices for a in ("--partition-of", d)],
                         check=True, capture_output=True, text=True).stdout.split()
    topic_of = {t.split("/")[-1]: t for t in out}
    partition_of = {d: int(topic_of[d].split("/")[1]) for d in devices}
    assert set(partition_of.values()) == {0, 1}, partition_of

    a = Serve(env.base, env.certs, env.broker, name="serve-a", extra=["--partitions", "2", "--partition", "0"]).start()
    b = Serve(env.base, env.certs, env.broker, name="serve-b", extra=["--partitions", "2", "--partition", "1"]).start()
    pub = Publisher(env.certs, env.broker)
    for line in lines:
        pub.publish(topic_of[device_of(line, "senml")], line)
    pub.wait_all()
    want = {0: 0, 1: 0}
    for line in lines:
        want[partition_of[device_of(line, "senml")]] += 1
    a.wait(lambda: a.metrics()["records_accepted_total"] + b.metrics()["records_accepted_total"] >= len(lines),
           "all records on the two instances")
    time.sleep(0.5)
    ma, mb = a.metrics(), b.metrics()
    assert ma["records_accepted_total"] == want[0] and mb["records_accepted_total"] == want[1], (want, ma, mb)
    assert ma["devices_tracked"] == sum(1 for d in devices if partition_of[d] == 0), ma
    assert mb["devices_tracked"] == sum(1 for d in devices if partition_of[d] == 1), mb
    assert ma["devices_tracked"] + mb["devices_tracked"] == len(devices)
    a.stop()
    b.stop()
    print(f"ok: {len(devices)} devices over 2 instances ({ma['devices_tracked']:.0f} + {mb['devices_tracked']:.0f}), "
          f"{len(lines)} records accepted once each")
