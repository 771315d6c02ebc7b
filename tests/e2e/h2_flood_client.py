"""A gRPC client on raw HTTP/2 that never lets the server answer: it
advertises a receive window of 0 bytes, so no DATA frame can come, and
sends one bidi call's requests as fast as the server's window lets it.
Prints, as one JSON line, how many requests had been sent at half time
and at the end: a server that keeps reading while its answers pile up
lets the count grow to the end.

    h2_flood_client.py HOST:PORT SECONDS PATH HEX
"""

import json
import socket
import sys
import time

import h2.config
import h2.connection
import h2.settings


def main():
    host, port = sys.argv[1].rsplit(":", 1)
    seconds, path = float(sys.argv[2]), sys.argv[3]
    payload = bytes.fromhex(sys.argv[4])
    message = b"\x00" + len(payload).to_bytes(4, "big") + payload
    chunk = message * max(1, 16000 // len(message))
    per_chunk = len(chunk) // len(message)

    connection = h2.connection.H2Connection(h2.config.H2Configuration(
        client_side=True, header_encoding="utf-8"))
    connection.local_settings = h2.settings.Settings(client=True, initial_values={
        h2.settings.SettingCodes.INITIAL_WINDOW_SIZE: 0,
        h2.settings.SettingCodes.ENABLE_PUSH: 0})
    connection.initiate_connection()
    stream = connection.get_next_available_stream_id()
    connection.send_headers(stream, [
        (":method", "POST"), (":scheme", "http"), (":path", path),
        (":authority", host), ("content-type", "application/grpc"),
        ("te", "trailers")])
    sock = socket.create_connection((host, int(port)), timeout=10)
    sock.sendall(connection.data_to_send())
    sock.setblocking(False)

    sent = 0
    started = time.monotonic()
    half_time = None
    while time.monotonic() - started < seconds:
        if half_time is None and time.monotonic() - started >= seconds / 2:
            half_time = sent
        try:
            data = sock.recv(65536)
            if not data:
                break
            connection.receive_data(data)
        except BlockingIOError:
            pass
        if connection.local_flow_control_window(stream) >= len(chunk):
            connection.send_data(stream, chunk)
            sent += per_chunk
        out = connection.data_to_send()
        if out:
            sock.setblocking(True)
            sock.sendall(out)
            sock.setblocking(False)
        else:
            time.sleep(0.001)
    sock.close()
    print(json.dumps({"sent_at_half_time": half_time, "sent": sent}))


if __name__ == "__main__":
    main()
