"""A server whose demo.Demo/Echo answers with fixed bytes, whatever it is
asked: responses no protobuf library would write, but the wire allows.
Usage: raw_server.py HEX (the response's bytes in hex)."""

import sys
import time
from concurrent import futures

import grpc

RESPONSE = bytes.fromhex(sys.argv[1])


def serve():
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    echo = grpc.unary_unary_rpc_method_handler(lambda request, context: RESPONSE)
    server.add_generic_rpc_handlers([grpc.method_handlers_generic_handler(
        "demo.Demo", {"Echo": echo})])
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print("listening on 127.0.0.1:%d" % port, flush=True)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    serve()
