"""A gRPC server written on bare HTTP/2 (python3-h2), so that it sees what
gRPC libraries hide from their servers: the `grpc-encoding` a call arrived
with, each message's compressed flag, and the :authority as sent. Every
unary method echoes its request. For each call it reports on stderr:
    authority HOST:PORT
    call /PATH encoding=gzip flags=1 bytes=N
(`encoding` as the client declared it, `-` for none; `flags` the compressed
flag of each message; `bytes` the request's size once decompressed).
Usage: h2_echo_server.py [--respond gzip|deflate] (compress responses)."""

import sys
import threading
import zlib

import h2.config
import h2.connection
import h2.events

from tcp_server import serve_connections

RESPOND = sys.argv[2] if len(sys.argv) > 2 and sys.argv[1] == "--respond" \
    else None
LOG_LOCK = threading.Lock()


def decompress(encoding, data):
    if encoding == "gzip":
        return zlib.decompress(data, 16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return zlib.decompress(data)
    raise ValueError("unknown encoding %s" % encoding)


def compress(encoding, data):
    wbits = 16 + zlib.MAX_WBITS if encoding == "gzip" else zlib.MAX_WBITS
    packer = zlib.compressobj(wbits=wbits)
    return packer.compress(data) + packer.flush()


def messages(body):
    """(compressed flag, payload) of each length-prefixed message."""
    while body:
        flag, length = body[0], int.from_bytes(body[1:5], "big")
        yield flag, body[5:5 + length]
        body = body[5 + length:]


def answer(connection, stream_id, headers, body):
    encoding = headers.get("grpc-encoding", "-")
    flags, requests = [], []
    for flag, payload in messages(body):
        flags.append(str(flag))
        requests.append(decompress(encoding, payload) if flag else payload)
    request = b"".join(requests)
    with LOG_LOCK:
        sys.stderr.write("authority %s\n" % headers.get(":authority"))
        sys.stderr.write("call %s encoding=%s flags=%s bytes=%d\n" % (
            headers.get(":path"), encoding, ",".join(flags) or "-",
            len(request)))
        sys.stderr.flush()
    response_headers = [(":status", "200"), ("content-type", "application/grpc")]
    flag = 0
    response = request
    if RESPOND:
        response_headers.append(("grpc-encoding", RESPOND))
        flag, response = 1, compress(RESPOND, request)
    connection.send_headers(stream_id, response_headers)
    connection.send_data(stream_id, bytes([flag]) + len(response).to_bytes(
        4, "big") + response)
    connection.send_headers(stream_id, [("grpc-status", "0")],
                            end_stream=True)


def serve_connection(sock):
    connection = h2.connection.H2Connection(
        h2.config.H2Configuration(client_side=False, header_encoding="utf-8"))
    connection.initiate_connection()
    sock.sendall(connection.data_to_send())
    headers, bodies = {}, {}
    while True:
        data = sock.recv(65536)
        if not data:
            return
        for event in connection.receive_data(data):
            if isinstance(event, h2.events.RequestReceived):
                headers[event.stream_id] = dict(event.headers)
                bodies[event.stream_id] = b""
            elif isinstance(event, h2.events.DataReceived):
                bodies[event.stream_id] += event.data
                connection.acknowledge_received_data(
                    event.flow_controlled_length, event.stream_id)
            elif isinstance(event, h2.events.StreamEnded):
                answer(connection, event.stream_id,
                       headers.pop(event.stream_id),
                       bodies.pop(event.stream_id))
            elif isinstance(event, h2.events.ConnectionTerminated):
                sock.sendall(connection.data_to_send())
                return
        sock.sendall(connection.data_to_send())


def serve():
    serve_connections(serve_connection)

if __name__ == "__main__":
    serve()
