"""A DNS server on 127.0.0.1 that answers every question with "no such
name" (NXDOMAIN), over UDP and TCP: a test of a name that does not resolve
then asks this server (`dns://127.0.0.1:PORT/name:port`), not the machine's.
It reports each question on stderr."""

import socket
import socketserver
import sys
import threading


def answer(query):
    """The NXDOMAIN reply to `query`: its id and question, no answers."""
    flags = 0x8000 | (query[2] & 0x01) << 8 | 0x0080 | 3  # QR, RD, RA, NXDOMAIN
    return query[:2] + flags.to_bytes(2, "big") + query[4:6] + b"\0" * 6 + query[12:]


class Udp(socketserver.BaseRequestHandler):
    def handle(self):
        query, sock = self.request
        sys.stderr.write("question over udp\n")
        sys.stderr.flush()
        sock.sendto(answer(query), self.client_address)


class Tcp(socketserver.BaseRequestHandler):
    def handle(self):
        length = int.from_bytes(self.request.recv(2), "big")
        query = self.request.recv(length)
        reply = answer(query)
        self.request.sendall(len(reply).to_bytes(2, "big") + reply)


def serve():
    # One port number for both: the UDP port the system picks may be
    # taken for TCP by another test's server; then another is picked.
    for _ in range(100):
        udp = socketserver.ThreadingUDPServer(("127.0.0.1", 0), Udp)
        port = udp.server_address[1]
        try:
            tcp = socketserver.ThreadingTCPServer(("127.0.0.1", port), Tcp)
            break
        except OSError:
            udp.server_close()
    else:
        raise SystemExit("no port free for both UDP and TCP")
    threading.Thread(target=tcp.serve_forever, daemon=True).start()
    print("listening on 127.0.0.1:%d" % port, flush=True)
    udp.serve_forever()


if __name__ == "__main__":
    serve()
