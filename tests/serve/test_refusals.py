"""(b) the broker refuses a client without a certificate; serve refuses a broker whose
certificate does not name the host it connected to."""
import os
import re
import socket
import ssl

from serve_harness import Broker, Environment, Serve

with Environment() as env:
    # No client certificate: the broker ends the TLS session before any MQTT (require_certificate).
    context = ssl.create_default_context(cafile=f"{env.certs}/ca.crt")
    connect = bytes([0x10, 14, 0, 4]) + b"MQTT" + bytes([4, 2, 0, 30, 0, 2]) + b"nc"
    answer = b""
    try:
        with socket.create_connection(("127.0.0.1", env.broker.port), timeout=5) as raw:
            with context.wrap_socket(raw, server_hostname="localhost") as tls:
                tls.sendall(connect)
                answer = tls.recv(4)
    except (ssl.SSLError, ConnectionResetError, BrokenPipeError) as e:
        print(f"refused as expected: {e}")
    assert not answer.startswith(b"\x20"), f"the broker sent a CONNACK to a client without a certificate: {answer!r}"

    # A broker certificate for broker.example.net, reached as 127.0.0.1: serve must refuse it.
    os.makedirs(env.base + "/wrong", exist_ok=True)
    wrong = Broker(env.base + "/wrong", env.certs, server_cert="wronghost")
    serve = Serve(env.base, env.certs, wrong, extra=["--subscribe", "telemetry/#=senml"]).start(wait_connected=False)
    serve.wait(lambda: "certificate verification" in open(serve.log_path).read(), "a certificate verification error")
    log = open(serve.log_path).read()
    assert re.search(r"cannot connect to 127\.0\.0\.1:\d+: TLS handshake .* certificate verification", log), log
    assert serve.health() == 503, serve.health()
    assert "connected to" not in log, log
    serve.stop()
    print("ok: client without certificate refused; broker with a certificate for another host refused")
