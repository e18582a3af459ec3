"""(d) kill -9 of serve mid-stream, then a restart: every record the broker acknowledged to the
publisher is accepted exactly once (redelivered duplicates are counted as duplicates)."""
import os
import threading
import time

from serve_harness import Environment, Publisher, Serve, device_of, fleet_sim

def crash_between_log_and_ack(env):
    """serve dies after its first batch is in the log but before its PUBACKs: the broker redelivers
    that batch, the log already holds it, and serve recognises the copies (messages_duplicate_total).
    Without that, the estimator's time rule alone would count a redelivered run of one device's
    old records again (three old records in a row read as a clock that went back)."""
    lines = fleet_sim(devices=10, days=2, fmt="senml", seed=5)
    pub = Publisher(env.certs, env.broker, client_id="pub-crash")
    serve = Serve(env.base, env.certs, env.broker, name="crash", extra=["--subscribe", "crash/#=senml"])
    serve.start()  # subscribe once so that the broker queues for the session
    serve.stop()
    for line in lines:
        pub.publish(f"crash/{device_of(line, 'senml')}", line)
    pub.wait_all()
    os.environ["POWERBUDGET_SERVE_CRASH_AFTER_BATCHES"] = "1"
    serve.start(wait_connected=False)
    serve.proc.wait(timeout=30)
    del os.environ["POWERBUDGET_SERVE_CRASH_AFTER_BATCHES"]
    assert serve.proc.returncode == 137, serve.proc.returncode
    serve.start()
    serve.wait(lambda: serve.metrics()["records_accepted_total"] >= len(lines), "all records after the crash")
    time.sleep(0.5)
    m = serve.metrics()
    duplicates = m["messages_duplicate_total"]
    assert m["records_accepted_total"] == len(lines), m
    assert duplicates > 0, m
    assert m['estimator_events_total{reason="clock_backwards"}'] == 0, m
    serve.stop()
    pub.close()
    print(f"ok: crash between log and PUBACK: {len(lines)} records accepted once, {duplicates:.0f} redelivered "
          "copies rejected as duplicates")


with Environment() as env:
    crash_between_log_and_ack(env)
    lines = fleet_sim(devices=40, days=3, fmt="senml", seed=7)
    total = len(lines)
    serve = Serve(env.base, env.certs, env.broker, extra=["--subscribe", "telemetry/#=senml",
                                                          "--snapshot-interval-s", "1"]).start()
    pub = Publisher(env.certs, env.broker)

    def publish_all():
        # Paced (about 2000 messages/s) so that serve cannot finish before the kill.
        for i, line in enumerate(lines):
            pub.publish(f"telemetry/{device_of(line, 'senml')}", line)
            if i % 10 == 9:
                time.sleep(0.005)
        pub.wait_all()

    publisher = threading.Thread(target=publish_all)
    publisher.start()
    # Kill it in the middle: some records accepted, many still coming.
    serve.wait(lambda: serve.metrics()["records_accepted_total"] >= total // 3, "a third of the records")
    before = serve.metrics()["records_accepted_total"]
    serve.kill9()
    publisher.join()
    assert before < total, "the stream was over before the kill; make it longer"

    serve.start()
    serve.wait(lambda: serve.metrics()["records_accepted_total"] >= total, f"all {total} records after the restart")
    time.sleep(1.0)  # anything more would be a double count
    m = serve.metrics()
    assert m["records_accepted_total"] == total, m
    assert m["devices_tracked"] == 40, m
    rejected = {k: v for k, v in m.items() if k.startswith("records_rejected_total") and v > 0}
    assert not rejected, rejected
    duplicates = m["messages_duplicate_total"]
    summary = serve.stop()
    assert summary["records_accepted"] == total, summary
    print(f"ok: killed after {before:.0f} of {total} records; after the restart {total} accepted exactly once, "
          f"{duplicates:.0f} redelivered duplicates rejected, "
          f"{summary['replayed_messages']} messages replayed from the log")
