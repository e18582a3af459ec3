"""(c) malformed and oversized messages are counted in /metrics, acknowledged and skipped; serve
keeps going. Also: InfluxDB unreachable -> write errors counted, ingest not held up."""
from serve_harness import Environment, Publisher, Serve, fleet_sim, free_port

with Environment() as env:
    serve = Serve(env.base, env.certs, env.broker,
                  extra=["--subscribe", "telemetry/senml/#=senml", "--subscribe", "telemetry/lp/#=influx",
                         "--max-message-bytes", "4096",
                         "--influx-url", f"http://127.0.0.1:{free_port()}"]).start()  # nothing listens there
    good = fleet_sim(devices=1, days=1, fmt="senml")
    pub = Publisher(env.certs, env.broker)
    pub.publish("telemetry/senml/dev-x", "this is not SenML")
    pub.publish("telemetry/senml/dev-x", '[{"bn":"dev-x/","n":"3/0/7","u":"mV","v":')  # truncated JSON
    pub.publish("telemetry/lp/gw", "telemetry,device=d1 voltage_mV=\n")                  # bad line protocol
    pub.publish("telemetry/senml/dev-big", "[" + " " * 10000 + "]")                      # over 4096 bytes
    pub.publish("telemetry/senml/dev-x", "")                                            # empty
    # Not malformed, but nothing in them is used: counted by reason (issue #20), not dropped silently.
    pub.publish("telemetry/senml/dev-x", "[]")                                          # empty pack
    pub.publish("telemetry/senml/dev-x", '[{"bn":"dev-x/","bt":1704067200,"n":"3/0/7","vs":"3600"},'
                                         '{"n":"3/0/0","vs":"Nordic"}]')                 # text value, unused resource
    pub.publish("telemetry/lp/gw", "# gateway 7, batch 1\n")                            # a comment only
    for line in good:
        pub.publish("telemetry/senml/dev-00000", line)
    pub.wait_all()
    serve.wait(lambda: serve.metrics()["records_accepted_total"] == len(good), "the good records")
    m = serve.metrics()
    assert m["messages_malformed_total"] == 4, m
    assert m["messages_oversized_total"] == 1, m
    assert m['records_rejected_total{reason="malformed"}'] == 4, m
    assert m["messages_in_total"] == 4 + 3 + len(good), m
    for reason in ("empty_pack", "non_numeric", "unknown_resource", "comment"):
        assert m[f'estimator_events_total{{reason="{reason}"}}'] == 1, (reason, m)
    assert serve.health() == 200
    serve.wait(lambda: serve.metrics()["influx_write_errors_total"] >= 1, "a failed InfluxDB write")
    assert serve.metrics()["influx_points_written_total"] == 0
    summary = serve.stop()
    # The summary's JSON as docs/json-output.md documents it.
    assert summary["schema"] == "powerbudget/serve-summary/1", summary
    assert set(summary) == {"schema", "devices", "restored_devices", "replayed_messages", "messages_in",
                            "records_accepted", "estimates_published", "influx_points_written",
                            "mqtt_reconnects"}, summary
    # Acknowledged: a restart gets nothing redelivered.
    serve.start()
    import time
    time.sleep(1.5)
    m = serve.metrics()
    assert m["messages_in_total"] == 0 and m["messages_oversized_total"] == 0, m
    assert m["records_accepted_total"] == len(good), m
    serve.stop()
    print(f"ok: 4 malformed and 1 oversized message counted and skipped, 3 messages of nothing usable counted by "
          f"reason, {len(good)} good records accepted")
