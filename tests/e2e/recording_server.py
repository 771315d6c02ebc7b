"""demo.Demo/Greet that writes what each call sent to stderr, one JSON line
per call ({"name": ..., "headers": {...}}), and answers with an empty
GreetReply: for tests of what rpccli filled in for each call.

    recording_server.py     prints "listening on 127.0.0.1:PORT"
"""

import json
import sys
import threading

import grpc

from generic_server import serve_forever


def read_name(request):
    """GreetRequest's field 1 (a string), read from its wire bytes."""
    at = 0
    while at < len(request):
        tag = request[at]
        at += 1
        length = shift = 0
        while True:
            byte = request[at]
            at += 1
            length |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                break
        if tag == 0x0A:
            return request[at:at + length].decode()
        if tag & 7 == 0:  # a varint: `length` was its value
            continue
        at += length
    return ""


# Calls are handled on several threads: one line is written at a time.
LOG_LOCK = threading.Lock()


def greet(request, context):
    record = {"name": read_name(request),
              "headers": {key: value for key, value
                          in context.invocation_metadata()
                          if key.startswith("x-")}}
    with LOG_LOCK:
        sys.stderr.write(json.dumps(record) + "\n")
        sys.stderr.flush()
    return b""


if __name__ == "__main__":
    serve_forever("demo.Demo", {
        "Greet": grpc.unary_unary_rpc_method_handler(greet),
    })
