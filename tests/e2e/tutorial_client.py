"""The four kinds of call made the way the Python tutorial behind rpccli
teaches: stubs generated with protoc and grpc_python_plugin, a channel, a
stub, and a call of each kind; prints what came back as JSON lines.

    tutorial_client.py STUBS_DIR TARGET
"""

import json
import sys

import grpc

sys.path.insert(0, sys.argv[1])
import demo_pb2  # noqa: E402  (generated at test time into STUBS_DIR)
import demo_pb2_grpc  # noqa: E402


def main():
    with grpc.insecure_channel(sys.argv[2]) as channel:
        stub = demo_pb2_grpc.DemoStub(channel)
        # Unary: one request, one reply.
        reply = stub.Greet(demo_pb2.GreetRequest(name="ann"), timeout=10)
        print(json.dumps({"greet": reply.message}))
        # Server streaming: one request, many replies.
        ticks = [t.remaining for t in
                 stub.Countdown(demo_pb2.CountdownRequest(start=3), timeout=10)]
        print(json.dumps({"countdown": ticks}))
        # Client streaming: many requests, one reply.
        total = stub.Sum(iter([demo_pb2.Number(value=1),
                               demo_pb2.Number(value=2)]), timeout=10)
        print(json.dumps({"sum": total.total}))
        # Bidi streaming: replies as requests go.
        said = [m.text for m in stub.Chat(
            iter([demo_pb2.ChatMessage(text="ping"),
                  demo_pb2.ChatMessage(text="ping")]), timeout=10)]
        print(json.dumps({"chat": said}))
        # An error, as the stub defines it.
        try:
            stub.Fail(demo_pb2.FailRequest(), timeout=10)
        except grpc.RpcError as error:
            print(json.dumps({"fail": [error.code().name, error.details()]}))


if __name__ == "__main__":
    main()
