"""A server whose demo.Demo/Echo answers with fixed bytes, whatever it is
asked: responses no protobuf library would write, but the wire allows.
Usage: raw_server.py HEX (the response's bytes in hex)."""

import sys

import grpc

from generic_server import serve_forever

RESPONSE = bytes.fromhex(sys.argv[1])


def serve():
    serve_forever("demo.Demo", {"Echo": grpc.unary_unary_rpc_method_handler(
        lambda request, context: RESPONSE)})


if __name__ == "__main__":
    serve()
