"""Server reflection, and nothing else, for the files of a protoset: what
`rpccli list` by reflection is measured against when the schema is large.
python3-grpcio has no reflection package, so this answers by hand.

    reflection_server.py STUBS_DIR PROTOSET

STUBS_DIR holds reflection_pb2, generated from grpc-proto's v1
reflection.proto. Prints "listening on 127.0.0.1:PORT" when ready."""

import sys
import time
from concurrent import futures

import grpc
from google.protobuf import descriptor_pb2

sys.path.insert(0, sys.argv[1])
import reflection_pb2  # noqa: E402


def load(path):
    """({file name: serialized file}, {symbol: file name}, [service])."""
    files, symbols, services = {}, {}, []
    with open(path, "rb") as f:
        protoset = descriptor_pb2.FileDescriptorSet.FromString(f.read())
    for file in protoset.file:
        files[file.name] = file.SerializeToString()
        scope = file.package + "." if file.package else ""

        def add_messages(prefix, messages):
            for message in messages:
                symbols[prefix + message.name] = file.name
                add_messages(prefix + message.name + ".", message.nested_type)
                for enum in message.enum_type:
                    symbols[prefix + message.name + "." + enum.name] = file.name

        add_messages(scope, file.message_type)
        for enum in file.enum_type:
            symbols[scope + enum.name] = file.name
        for service in file.service:
            symbols[scope + service.name] = file.name
            services.append(scope + service.name)
            for method in service.method:
                symbols[scope + service.name + "." + method.name] = file.name
    return files, symbols, services


FILES, SYMBOLS, SERVICES = load(sys.argv[2])


def answer(request):
    response = reflection_pb2.ServerReflectionResponse(original_request=request)
    kind = request.WhichOneof("message_request")
    if kind == "list_services":
        for name in sorted(SERVICES):
            response.list_services_response.service.add(name=name)
        return response
    name = None
    if kind == "file_by_filename":
        name = request.file_by_filename
    elif kind == "file_containing_symbol":
        name = SYMBOLS.get(request.file_containing_symbol)
    if name in FILES:
        response.file_descriptor_response.file_descriptor_proto.append(FILES[name])
    else:
        response.error_response.error_code = grpc.StatusCode.NOT_FOUND.value[0]
        response.error_response.error_message = "not found"
    return response


def serve():
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    handler = grpc.stream_stream_rpc_method_handler(
        lambda requests, context: (answer(request) for request in requests),
        request_deserializer=reflection_pb2.ServerReflectionRequest.FromString,
        response_serializer=reflection_pb2.ServerReflectionResponse.SerializeToString)
    server.add_generic_rpc_handlers([grpc.method_handlers_generic_handler(
        "grpc.reflection.v1.ServerReflection",
        {"ServerReflectionInfo": handler})])
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print("listening on 127.0.0.1:%d" % port, flush=True)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    serve()
