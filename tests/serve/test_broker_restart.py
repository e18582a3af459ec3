"""(e) the broker restarts mid-stream: serve reconnects (persistent session) and nothing is lost."""
import time

from serve_harness import Environment, Publisher, Serve, device_of, fleet_sim

with Environment() as env:
    lines = fleet_sim(devices=30, days=3, fmt="senml", seed=3)
    half = len(lines) // 2
    serve = Serve(env.base, env.certs, env.broker, extra=["--subscribe", "telemetry/#=senml"]).start()
    pub = Publisher(env.certs, env.broker, client_id="pub-1")
    for line in lines[:half]:
        pub.publish(f"telemetry/{device_of(line, 'senml')}", line)
    pub.wait_all()
    pub.close()
    env.broker.stop()          # what serve had not yet received stays queued in the broker's persistence
    serve.wait(lambda: serve.health() == 503, "serve notices the broker is gone")
    time.sleep(0.5)
    env.broker.start()
    serve.wait(lambda: serve.health() == 200, "serve reconnected")
    pub = Publisher(env.certs, env.broker, client_id="pub-2")
    for line in lines[half:]:
        pub.publish(f"telemetry/{device_of(line, 'senml')}", line)
    pub.wait_all()
    pub.close()
    serve.wait(lambda: serve.metrics()["records_accepted_total"] >= len(lines), f"all {len(lines)} records")
    time.sleep(0.5)
    m = serve.metrics()
    assert m["records_accepted_total"] == len(lines), m
    assert m["mqtt_reconnects_total"] >= 1, m
    serve.stop()
    print(f"ok: broker restarted after {half} messages; {len(lines)} records accepted, "
          f"{m['mqtt_reconnects_total']:.0f} reconnect(s)")
