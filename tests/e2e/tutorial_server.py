"""demo.Demo served the way the Python tutorial behind rpccli teaches: stubs
generated with protoc and grpc_python_plugin, a servicer class, and
grpc.server(futures.ThreadPoolExecutor(...)).

    tutorial_server.py STUBS_DIR     prints "listening on 127.0.0.1:PORT"
"""

import sys
import time
from concurrent import futures

import grpc

sys.path.insert(0, sys.argv[1])
import demo_pb2  # noqa: E402  (generated at test time into STUBS_DIR)
import demo_pb2_grpc  # noqa: E402


class DemoServicer(demo_pb2_grpc.DemoServicer):
    # Unary: one request, one reply.
    def Greet(self, request, context):
        return demo_pb2.GreetReply(message="Hello from Python, %s!" % request.name)

    # Server streaming: one request, many replies.
    def Countdown(self, request, context):
        for remaining in range(request.start, 0, -1):
            yield demo_pb2.Tick(remaining=remaining)

    # Client streaming: many requests, one reply.
    def Sum(self, request_iterator, context):
        reply = demo_pb2.SumReply()
        for number in request_iterator:
            reply.count += 1
            reply.total += number.value
        return reply

    # Bidi streaming: many requests, many replies.
    def Chat(self, request_iterator, context):
        for message in request_iterator:
            yield demo_pb2.ChatMessage(seq=message.seq,
                                       text="py: " + message.text)


def serve():
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=10))
    demo_pb2_grpc.add_DemoServicer_to_server(DemoServicer(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print("listening on 127.0.0.1:%d" % port, flush=True)
    try:
        while True:
            time.sleep(60 * 60 * 24)
    except KeyboardInterrupt:
        server.stop(0)


if __name__ == "__main__":
    serve()
