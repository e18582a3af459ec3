"""Reconnect backoff when connections do not last: two instances started by mistake with the same
client id take the session from each other (the broker disconnects the older connection). Each
lost connection that lasted less than 10 s must lengthen the wait before the next attempt; a
backoff that starts again from 250 ms at every successful connect makes the pair flap about
twice a second for ever."""
import time

from serve_harness import Environment, Serve

WINDOW_S = 10

with Environment() as env:
    extra = ["--subscribe", "telemetry/#=auto"]
    one = Serve(env.base, env.certs, env.broker, name="one", extra=extra)
    one.args[one.args.index("--client-id") + 1] = "twin"
    two = Serve(env.base, env.certs, env.broker, name="two", extra=extra)
    two.args[two.args.index("--client-id") + 1] = "twin"
    one.start()
    two.start(wait_connected=False)
    time.sleep(WINDOW_S)
    reconnects = [s.metrics()["mqtt_reconnects_total"] for s in (one, two)]
    log = open(one.log_path).read() + open(two.log_path).read()
    assert log.count("disconnected") >= 2, log[-3000:]  # the two did take the session from each other
    # 250 + 500 + 1000 + 2000 + 4000 ms: about 5 attempts each in 10 s, against some 20 without backoff.
    assert max(reconnects) <= 8, (reconnects, log[-3000:])
    one.stop()
    two.stop()
    print(f"ok: two instances with one client id reconnected {reconnects} times in {WINDOW_S} s")
