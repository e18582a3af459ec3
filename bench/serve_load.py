#!/usr/bin/python3
"""Load bench for `powerbudget serve` (not a test): a publisher on loopback sends SenML telemetry
for N devices (R rounds, one message per device per round, QoS 1) through Mosquitto with mutual
TLS; a subscriber takes the retained estimates serve publishes. Reports the sustained rate end to
end (first publish -> last estimate) and the publish -> estimate latency P50/P99.

  POWERBUDGET=build/release/cli/powerbudget /usr/bin/python3 bench/serve_load.py --devices 100000 --rounds 2
  cmake --build build/release --target serve_load      (the same with the defaults)

With --rate the publisher offers a fixed rate (latency below saturation); without it, it sends
as fast as it can and the broker queues for serve (throughput at saturation; the latency is then
the queue's). The publisher and subscriber are Python (paho): where they, not serve, are the limit, the
figure is a lower bound for serve; serve's own CPU time is printed next to it.
"""
import argparse
import json
import os
import sys
import threading
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "serve"))
os.environ.setdefault("POWERBUDGET_PROFILES", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "profiles"))
import serve_harness as h  # noqa: E402


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(p / 100.0 * len(sorted_values)))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--devices", type=int, default=100000)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--influx", action="store_true", help="also write the estimates to a local influxd")
    ap.add_argument("--backlog", action="store_true",
                    help="publish everything while serve is stopped (the broker queues it for serve's session), "
                         "then start serve and time the drain: serve's own throughput, not the publisher's")
    ap.add_argument("--rate", type=float, default=0.0,
                    help="offered messages/s (0: as fast as the publisher goes, i.e. saturation)")
    args = ap.parse_args()
    if not h.POWERBUDGET:
        sys.exit("set POWERBUDGET to the powerbudget binary")

    with h.Environment(influx=args.influx) as env:
        serve = h.Serve(env.base, env.certs, env.broker, env.influx,
                        extra=["--subscribe", "telemetry/#=senml", "--snapshot-interval-s", "30"]).start()
        t0 = 1767225600  # 2026-01-01T00:00:00Z
        published = {}   # (device, record time) -> publish time
        received = []    # latencies of estimates whose record time we published
        last_receive = [0.0]
        lock = threading.Lock()
        expected = args.devices * args.rounds

        def on_message(client, userdata, msg):
            now = time.time()
            pack = json.loads(msg.payload)
            key = (pack[0]["bn"][:-1], pack[0]["bt"])
            with lock:
                sent = published.get(key)
                if sent is not None:
                    received.append(now - sent)
                last_receive[0] = now

        if args.backlog:
            serve.stop()  # the session (subscription) stays with the broker, which queues for it
        sub = h.tls_client(env.certs, "bench-reader")
        sub.on_message = on_message
        sub.connect("127.0.0.1", env.broker.port)
        sub.subscribe("powerbudget/estimate/#", qos=0)
        sub.loop_start()
        time.sleep(0.5)

        pub = h.Publisher(env.certs, env.broker, client_id="bench-publisher")
        start = time.time()
        cpu0 = 0.0 if args.backlog else serve_cpu(serve.proc.pid)
        sent = 0
        for r in range(args.rounds):
            bt = t0 + 3600 * r
            for i in range(args.devices):
                device = f"dev-{i:06d}"
                payload = (f'[{{"bn":"{device}/","bt":{bt},"n":"3/0/7","u":"mV","v":{3650 - r}}},'
                           f'{{"n":"3/0/9","u":"%EL","v":{99 - r}}},{{"n":"4/0/2","u":"dBm","v":-105}},'
                           f'{{"n":"pb/reports","u":"count","v":{r + 1}}}]')
                with lock:
                    published[(device, bt)] = time.time()
                pub.publish(f"telemetry/{device}", payload)
                sent += 1
                if args.rate > 0 and sent % 100 == 0:
                    ahead = start + sent / args.rate - time.time()
                    if ahead > 0:
                        time.sleep(ahead)
                if len(pub.infos) >= 5000:
                    pub.wait_all(timeout=300)
        pub.wait_all(timeout=300)
        publish_done = time.time()
        if args.backlog:
            start = time.time()
            serve.start()
            cpu0 = serve_cpu(serve.proc.pid)
        serve.wait(lambda: serve.metrics()["records_accepted_total"] >= expected, "all records accepted", timeout=600)
        accepted_at = time.time()
        # Estimates still in flight to the subscriber: wait until they stop coming.
        while time.time() - max(last_receive[0], accepted_at) < 2.0:
            time.sleep(0.2)
        sub.loop_stop()
        cpu = serve_cpu(serve.proc.pid) - cpu0
        m = serve.metrics()
        end = last_receive[0]
        lat = sorted(received)
        summary = serve.stop()
        print(json.dumps({
            "devices": args.devices, "rounds": args.rounds, "messages": expected, "offered_rate": args.rate,
            "backlog": args.backlog,
            "publish_s": round(publish_done - start, 2),
            "end_to_end_s": round(end - start, 2),
            "messages_per_s_end_to_end": round(expected / (end - start)),
            "accepted_per_s": round(expected / (accepted_at - start)),
            "estimates_received": len(lat),
            # with --backlog the messages waited in the broker on purpose: no latency figure
            "latency_p50_ms": None if args.backlog else round(1000 * percentile(lat, 50), 1),
            "latency_p99_ms": None if args.backlog else round(1000 * percentile(lat, 99), 1),
            "serve_cpu_s": round(cpu, 2),
            "serve_cpu_us_per_message": round(1e6 * cpu / expected, 1),
            "records_accepted": m["records_accepted_total"],
            "wal_syncs": m["wal_syncs_total"],
            "snapshot_duration_s": m["snapshot_duration_seconds"],
            "estimates_published": m["estimates_published_total"],
            "influx_points_written": m["influx_points_written_total"],
            "summary": summary,
        }, indent=2))


def serve_cpu(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":
    main()
