"""Calls a client library allows but no generated stub makes, through
grpcio's generic calls on raw bytes; prints the outcome as one JSON line.

    raw_grpc_client.py TARGET send PATH HEX...     each HEX one message
    raw_grpc_client.py TARGET flood SECONDS [PATH HEX]
        requests (64 KiB reflection ones, or HEX to PATH) sent for
        SECONDS, their answers never read; how many were sent at half
        time and at the end
"""

import json
import sys
import threading
import time

import grpc

REFLECTION = "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"
# ServerReflectionRequest{host: 64 KiB, list_services: ""}: each answer
# repeats the request, so it is as big.
HOST = b"h" * 65536
LIST_SERVICES = b"\x0a\x80\x80\x04" + HOST + b"\x3a\x00"


def send(channel, path, messages):
    call = channel.stream_stream(path)
    try:
        replies = list(call(iter(messages), timeout=10))
        return {"code": "OK", "replies": [r.hex() for r in replies]}
    except grpc.RpcError as error:
        return {"code": error.code().name, "message": error.details()}


def flood(channel, seconds, path=REFLECTION, message=LIST_SERVICES):
    """Sends for `seconds`, reading nothing: a server that goes on reading
    regardless sends as fast as the client can write."""
    sent = [0]
    stop = threading.Event()

    def requests():
        while not stop.is_set():
            sent[0] += 1
            yield message

    call = channel.stream_stream(path)(requests(), timeout=seconds + 30)
    time.sleep(seconds / 2)
    half_time = sent[0]
    time.sleep(seconds / 2)
    stop.set()
    call.cancel()
    return {"sent_at_half_time": half_time, "sent": sent[0]}


def main():
    target, mode = sys.argv[1], sys.argv[2]
    with grpc.insecure_channel(target) as channel:
        if mode == "send":
            result = send(channel, sys.argv[3],
                          [bytes.fromhex(h) for h in sys.argv[4:]])
        else:
            result = flood(channel, float(sys.argv[3]), *sys.argv[4:5],
                           *[bytes.fromhex(h) for h in sys.argv[5:6]])
    print(json.dumps(result))


if __name__ == "__main__":
    main()
