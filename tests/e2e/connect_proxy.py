"""An HTTP CONNECT proxy on 127.0.0.1, as corporate networks put between a
client and its servers. It reports each tunnel asked for on stderr
(`CONNECT host:port` and the `Proxy-Authorization` header if one came) and
relays bytes both ways.
Usage: connect_proxy.py [--refuse] (answer every CONNECT with 403)."""

import socket
import sys
import threading

from tcp_server import serve_connections

REFUSE = "--refuse" in sys.argv
LOG_LOCK = threading.Lock()


def log(line):
    with LOG_LOCK:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()


def relay(source, destination):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            destination.sendall(data)
    except OSError:
        pass
    finally:
        # The other direction may still have bytes to carry.
        try:
            destination.shutdown(socket.SHUT_WR)
        except OSError:
            pass


def read_request(client):
    """The request line and headers, up to the blank line."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = client.recv(4096)
        if not chunk:
            return None
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    return head.decode("latin-1").split("\r\n"), rest


def tunnel(client):
    with client:
        request = read_request(client)
        if request is None:
            return
        lines, early_bytes = request
        method, target, _ = lines[0].split(" ", 2)
        authorization = [line for line in lines[1:]
                         if line.lower().startswith("proxy-authorization:")]
        log(" ".join([method, target] + authorization))
        if method != "CONNECT":
            client.sendall(b"HTTP/1.1 405 Method Not Allowed\r\n\r\n")
            return
        if REFUSE:
            client.sendall(b"HTTP/1.1 403 Forbidden\r\n\r\n")
            return
        host, port = target.rsplit(":", 1)
        try:
            server = socket.create_connection((host, int(port)), timeout=10)
        except OSError:
            client.sendall(b"HTTP/1.1 502 Bad Gateway\r\n\r\n")
            return
        with server:
            server.settimeout(None)
            client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            if early_bytes:
                server.sendall(early_bytes)
            upstream = threading.Thread(target=relay, args=(client, server),
                                        daemon=True)
            upstream.start()
            relay(server, client)
            upstream.join()


def serve():
    serve_connections(tunnel)

if __name__ == "__main__":
    serve()
