"""What the hand-written Python test servers share: python3-grpcio serving
one service from a dict of method handlers on a free 127.0.0.1 port,
announced as the C++ demo server announces it, until killed."""

import time
from concurrent import futures

import grpc


def serve_forever(service, handlers, options=()):
    """Serves `service` ("pkg.Service") with {method name: handler};
    `options` are gRPC's server channel arguments."""
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4),
                         options=list(options))
    server.add_generic_rpc_handlers(
        [grpc.method_handlers_generic_handler(service, handlers)])
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print("listening on 127.0.0.1:%d" % port, flush=True)
    while True:
        time.sleep(3600)
