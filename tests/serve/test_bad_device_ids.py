"""Device ids that make no valid MQTT topic ("a+b", "x#y", a control character): the records are
accepted, but their estimates are not published (counted in estimates_unpublishable_total) --
publishing one would get serve disconnected by the broker, and the resend of the unacknowledged
publish after every reconnect would repeat that for ever. Other devices are not held up."""
import time

from serve_harness import Environment, Publisher, Serve, fleet_sim

BAD_IDS = ["a+b", "x#y", "ctl\x01z"]

with Environment() as env:
    serve = Serve(env.base, env.certs, env.broker, extra=["--subscribe", "telemetry/lp/#=influx"]).start()
    lines = fleet_sim(devices=1, days=1, fmt="influx")
    pub = Publisher(env.certs, env.broker)
    for bad in BAD_IDS:
        for line in lines[:5]:
            pub.publish("telemetry/lp/gw", line.replace("device=dev-00000", f"device={bad}"))
    for line in lines:
        pub.publish("telemetry/lp/gw", line)
    pub.wait_all()
    total = 5 * len(BAD_IDS) + len(lines)
    serve.wait(lambda: serve.metrics()["records_accepted_total"] == total, "every record accepted")
    serve.wait(lambda: serve.metrics()["estimates_unpublishable_total"] >= len(BAD_IDS), "the bad ids counted")
    serve.wait(lambda: serve.metrics()["estimates_published_total"] >= 1, "the good device's estimate")
    time.sleep(2)  # a broker that disconnected us would show by now
    m = serve.metrics()
    assert m["mqtt_reconnects_total"] == 0, m
    assert m["mqtt_connected"] == 1, m
    assert serve.health() == 200
    summary = serve.stop()
    assert summary["devices"] == 1 + len(BAD_IDS), summary
    print(f"ok: {len(BAD_IDS)} device ids without a valid topic counted, no reconnects, {total} records accepted")
