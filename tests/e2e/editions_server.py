"""A server of Protobuf Editions files, as a server built with protobuf 27
or later serves them: python3-grpcio serving the files of a descriptor set
by reflection exactly as buf wrote them, and every service in it. Usage:
editions_server.py STUBS_DIR PROTOSET [v1alpha], where STUBS_DIR holds
reflection_pb2 generated from grpc-proto's v1 reflection.proto; with
v1alpha, reflection is served under that name only (its messages are v1's,
field for field).

Each method answers from the request's bytes, never parsed: Echo sends
them back as they came, Wire sends a message whose field 1 holds them
(editions.v1.Raw), so that a test sees what rpccli put on the wire, and
Unwrap answers with the bytes such a message holds, as any server may."""

import sys
import time
from concurrent import futures

import grpc
from google.protobuf import descriptor_pb2

sys.path.insert(0, sys.argv[1])
import reflection_pb2  # noqa: E402

with open(sys.argv[2], "rb") as protoset:
    SET = descriptor_pb2.FileDescriptorSet.FromString(protoset.read())
# Served as read: python3-protobuf 3.21 keeps the editions fields it does
# not know as unknown fields, and writes them back.
FILES = {file.name: file.SerializeToString() for file in SET.file}
REFLECTION_NAME = ("grpc.reflection.v1alpha.ServerReflection"
                   if sys.argv[3:] == ["v1alpha"] else
                   "grpc.reflection.v1.ServerReflection")


def services():
    """{full service name: file name} for every service in the set."""
    return {(file.package + "." if file.package else "") + service.name:
            file.name
            for file in SET.file for service in file.service}


def defining_file(symbol):
    """The file defining `symbol` (a service, method or message), if any."""
    for file in SET.file:
        prefix = file.package + "." if file.package else ""
        names = [prefix + m.name for m in file.message_type]
        names += [prefix + e.name for e in file.enum_type]
        for service in file.service:
            names.append(prefix + service.name)
            names += [prefix + service.name + "." + m.name
                      for m in service.method]
        if symbol in names:
            return file.name
    return None


def answer(request):
    response = reflection_pb2.ServerReflectionResponse(
        original_request=request)
    kind = request.WhichOneof("message_request")
    if kind == "list_services":
        for name in sorted(services()):
            response.list_services_response.service.add(name=name)
        return response
    name = None
    if kind == "file_by_filename":
        name = request.file_by_filename
    elif kind == "file_containing_symbol":
        name = defining_file(request.file_containing_symbol)
    if name in FILES:
        response.file_descriptor_response.file_descriptor_proto.append(
            FILES[name])
    else:
        response.error_response.error_code = grpc.StatusCode.NOT_FOUND.value[0]
        response.error_response.error_message = "not found"
    return response


def reflection_info(requests, context):
    for request in requests:
        yield answer(request)


def varint(number):
    out = b""
    while number >= 0x80:
        out += bytes([number & 0x7F | 0x80])
        number >>= 7
    return out + bytes([number])


def unwrapped(raw):
    """The bytes field 1 of `raw` holds, or b"" (it is the only field)."""
    if not raw.startswith(b"\x0a"):
        return b""
    length, shift, at = 0, 0, 1
    while raw[at] & 0x80:
        length |= (raw[at] & 0x7F) << shift
        shift += 7
        at += 1
    length |= raw[at] << shift
    return raw[at + 1:at + 1 + length]


def method_handler(method):
    if method == "Unwrap":
        return grpc.unary_unary_rpc_method_handler(
            lambda request, context: unwrapped(request))
    if method == "Wire":
        return grpc.unary_unary_rpc_method_handler(
            lambda request, context: b"\x0a" + varint(len(request)) + request)
    return grpc.unary_unary_rpc_method_handler(
        lambda request, context: request)


def main():
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    handlers = [grpc.method_handlers_generic_handler(REFLECTION_NAME, {
        "ServerReflectionInfo": grpc.stream_stream_rpc_method_handler(
            reflection_info,
            request_deserializer=reflection_pb2.ServerReflectionRequest.FromString,
            response_serializer=reflection_pb2.ServerReflectionResponse.SerializeToString),
    })]
    for file in SET.file:
        prefix = file.package + "." if file.package else ""
        for service in file.service:
            handlers.append(grpc.method_handlers_generic_handler(
                prefix + service.name,
                {method.name: method_handler(method.name)
                 for method in service.method}))
    server.add_generic_rpc_handlers(handlers)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print("listening on 127.0.0.1:%d" % port, flush=True)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
