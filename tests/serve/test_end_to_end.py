"""(a) mutual TLS end to end: SenML and line-protocol telemetry from fleet-sim in, retained SenML
estimates on the output topics and points in InfluxDB out."""
import json
import time

from serve_harness import Environment, Publisher, Serve, device_of, fleet_sim, tls_client

with Environment(influx=True) as env:
    senml = fleet_sim(devices=4, days=2, fmt="senml", seed=1)
    # The same fleet model as line protocol, under other device names, several lines per message.
    influx = [line.replace("device=dev-", "device=lp-") for line in fleet_sim(devices=3, days=2, fmt="influx", seed=2)]
    # A pack without a base name (as some forwarders send it): the device is the topic's last level.
    nobn = [f'[{{"bt":{1704067200 + 3600 * i},"n":"3/0/7","u":"mV","v":{3650 - i}}},{{"n":"3/0/9","u":"%EL","v":{99 - i}}}]'
            for i in range(3)]
    devices = sorted({device_of(l, "senml") for l in senml} | {device_of(l, "influx") for l in influx} | {"dev-nobn"})
    total = len(senml) + len(influx) + len(nobn)

    serve = Serve(env.base, env.certs, env.broker, env.influx,
                  extra=["--subscribe", "telemetry/senml/#=senml", "--subscribe", "telemetry/lp/#=influx"]).start()
    pub = Publisher(env.certs, env.broker)
    for line in senml:
        pub.publish(f"telemetry/senml/{device_of(line, 'senml')}", line)
    for line in nobn:
        pub.publish("telemetry/senml/dev-nobn", line)
    for i in range(0, len(influx), 5):
        pub.publish("telemetry/lp/gateway-1", "\n".join(influx[i:i + 5]) + "\n")
    pub.wait_all()
    serve.wait(lambda: serve.metrics()["records_accepted_total"] == total, f"{total} records accepted")
    m = serve.metrics()
    assert m["messages_in_total"] == len(senml) + len(nobn) + (len(influx) + 4) // 5, m
    assert m["devices_tracked"] == len(devices), m
    assert m["messages_malformed_total"] == 0, m

    # Retained estimates: a new subscriber gets one per device.
    got = {}
    sub = tls_client(env.certs, "estimate-reader")
    sub.on_message = lambda c, u, msg: got.__setitem__(msg.topic, (msg.retain, json.loads(msg.payload)))
    sub.connect("127.0.0.1", env.broker.port)
    sub.subscribe("powerbudget/estimate/#", qos=1)
    sub.loop_start()
    deadline = time.time() + 20
    while len(got) < len(devices) and time.time() < deadline:
        time.sleep(0.1)
    sub.loop_stop()
    assert sorted(t.split("/")[-1] for t in got) == devices, sorted(got)
    for topic, (retained, pack) in got.items():
        assert retained, topic
        assert pack[0]["bn"] == topic.split("/")[-1] + "/", pack[0]
        units = {e.get("n"): e.get("u") for e in pack}
        assert units["soc"] == "%EL" and units["remaining_life_p50"] == "EL", units
        soc = next(e["v"] for e in pack if e.get("n") == "soc")
        assert 0 < soc <= 100, soc

    # InfluxDB: every device's estimate queryable back.
    serve.wait(lambda: serve.metrics()["influx_points_written_total"] >= len(devices), "points written to InfluxDB")
    result = env.influx.query('SELECT last("soc_pct") FROM "battery_estimate" GROUP BY "device"', db="powerbudget")
    series = result["results"][0].get("series", [])
    in_influx = sorted(s["tags"]["device"] for s in series)
    assert in_influx == devices, (in_influx, result)
    for s in series:
        assert 0 < s["values"][0][1] <= 100, s

    summary = serve.stop()
    assert summary["records_accepted"] == total and summary["devices"] == len(devices), summary
    print(f"ok: {total} records from {len(devices)} devices -> {len(got)} retained estimates, "
          f"{len(series)} devices in InfluxDB")
