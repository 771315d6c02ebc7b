"""A server whose demo.Demo/Echo answers with fixed bytes, whatever it is
asked: responses no protobuf library would write, but the wire allows. It
reports on stderr the peer of each call (`peer ipv4:127.0.0.1:PORT`), so
that a test can count connections.
Usage: raw_server.py HEX [--identity-only]
(HEX: the response's bytes in hex; --identity-only: the server takes no
compressed message, as a server built without compression would not)."""

import sys
import threading

import grpc

from generic_server import serve_forever

RESPONSE = bytes.fromhex(sys.argv[1])
LOG_LOCK = threading.Lock()


def echo(request, context):
    # Calls run on several threads: one whole line at a time.
    with LOG_LOCK:
        sys.stderr.write("peer %s\n" % context.peer())
        sys.stderr.flush()
    return RESPONSE


def serve():
    # Only bit 0 set: of the algorithms, identity alone is enabled.
    options = ([("grpc.compression_enabled_algorithms_bitset", 1)]
               if "--identity-only" in sys.argv else [])
    serve_forever("demo.Demo",
                  {"Echo": grpc.unary_unary_rpc_method_handler(echo)},
                  options)


if __name__ == "__main__":
    serve()
