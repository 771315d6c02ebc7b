"""A reflection server that lies: python3-grpcio serving
grpc.reflection.v1.ServerReflection by hand, with answers chosen by a
scenario name. Usage: hostile_reflection_server.py STUBS_DIR SCENARIO,
where STUBS_DIR holds reflection_pb2 generated from grpc-proto's v1
reflection.proto. Every scenario offers the service hostile.Svc; one,
"undescribed", also lists hostile.Hidden and never describes it; but
"escapes" lists one name holding an ANSI escape and a newline, and
"abort" fails the stream with an ANSI escape in its message,
"close-ok" ends it with OK before any answer, and "deep-chain" serves a
chain of 3001 files, each importing the next; "nameless" describes
hostile.Svc in a file whose name is empty, and "deep-option" in one with an
option value nested 20,000 deep, and "deep-messages" in one with messages
nested 150 deep."""

import sys
import time

import grpc
from google.protobuf import descriptor_pb2

from generic_server import serve_forever

sys.path.insert(0, sys.argv[1])
import reflection_pb2  # noqa: E402

SCENARIO = sys.argv[2]
# How many fields the large scenarios define, about 30 bytes each: "huge"
# is over gRPC's default 4 MiB receive limit.
LARGE_FIELDS = {"large": 60000, "huge": 200000}


def proto_file(name, imports=(), messages=(), method_input="hostile.Req",
               service=True):
    """A FileDescriptorProto in package hostile: the listed messages (each
    with one string field), and hostile.Svc with Get(method_input)."""
    file = descriptor_pb2.FileDescriptorProto(
        name=name, package="hostile", syntax="proto3")
    file.dependency.extend(imports)
    for message_name in messages:
        message = file.message_type.add(name=message_name)
        message.field.add(name="text", number=1, type=9, label=1,
                          json_name="text")
    if service:
        svc = file.service.add(name="Svc")
        svc.method.add(name="Get", input_type=method_input,
                       output_type=method_input)
    return file


def large_file(field_count):
    """hostile.proto with `field_count` fields in messages of 1000."""
    file = proto_file("hostile.proto", messages=["Req"])
    for first in range(0, field_count, 1000):
        big = file.message_type.add(name="Big%d" % (first // 1000))
        for number in range(1, min(1000, field_count - first) + 1):
            big.field.add(name="field_%d" % number, number=number, type=9,
                          label=1, json_name="field%d" % number)
    return file


def files():
    """{name: serialized file} the server knows, and which file it says
    defines hostile.Svc."""
    if SCENARIO == "missing-import":
        main = proto_file("hostile.proto", imports=["gone.proto"],
                          method_input="hostile.Gone")
        return {"hostile.proto": main.SerializeToString()}, "hostile.proto"
    if SCENARIO == "unserved-import":
        # The first import is one the server cannot serve; the second,
        # public, defines the method's type.
        main = proto_file("hostile.proto", imports=["gone.proto", "kept.proto"],
                          method_input="hostile.Req")
        main.public_dependency.append(1)
        kept = proto_file("kept.proto", messages=["Req"], service=False)
        return ({"hostile.proto": main.SerializeToString(),
                 "kept.proto": kept.SerializeToString()}, "hostile.proto")
    if SCENARIO == "placeholder":
        # As grpc-go before 1.61 served an import it could not find: a file
        # of that name and nothing in it. hostile.Req is in real.proto,
        # which only a question for the symbol finds.
        main = proto_file("hostile.proto", imports=["req.proto"],
                          method_input="hostile.Req")
        placeholder = descriptor_pb2.FileDescriptorProto(name="req.proto")
        real = proto_file("real.proto", messages=["Req"], service=False)
        return ({"hostile.proto": main.SerializeToString(),
                 "req.proto": placeholder.SerializeToString(),
                 "real.proto": real.SerializeToString()}, "hostile.proto")
    if SCENARIO == "cycle":
        a = proto_file("a.proto", imports=["b.proto"], messages=["Req"])
        b = proto_file("b.proto", imports=["a.proto"], messages=["B"],
                       service=False)
        return ({"a.proto": a.SerializeToString(),
                 "b.proto": b.SerializeToString()}, "a.proto")
    if SCENARIO == "deep-chain":
        # f0.proto imports f1.proto, which imports f2.proto... 3000 deep:
        # one stack frame or more each, in any client that recurses.
        chain = {"f%d.proto" % depth: proto_file(
            "f%d.proto" % depth, imports=["f%d.proto" % (depth + 1)],
            messages=["Req"] if depth == 0 else [], service=depth == 0)
            for depth in range(3000)}
        chain["f3000.proto"] = proto_file("f3000.proto", service=False)
        return ({name: file.SerializeToString()
                 for name, file in chain.items()}, "f0.proto")
    if SCENARIO == "wrong-symbol":
        other = proto_file("other.proto", messages=["Other"], service=False)
        return {"other.proto": other.SerializeToString()}, "other.proto"
    if SCENARIO == "undefined-type":
        main = proto_file("hostile.proto", method_input="hostile.Nowhere")
        return {"hostile.proto": main.SerializeToString()}, "hostile.proto"
    if SCENARIO == "deep-option":
        main = proto_file("hostile.proto", messages=["Req"])
        option = main.message_type[0].options.uninterpreted_option.add()
        option.name.add(name_part="hostile.opt", is_extension=True)
        option.aggregate_value = "o {" * 20000 + "}" * 20000
        return {"hostile.proto": main.SerializeToString()}, "hostile.proto"
    if SCENARIO == "deep-messages":
        main = proto_file("hostile.proto", messages=["Req"])
        message = main.message_type[0]
        for _ in range(150):
            message = message.nested_type.add(name="N")
        return {"hostile.proto": main.SerializeToString()}, "hostile.proto"
    if SCENARIO == "nameless":
        main = proto_file("", messages=["Req"])
        return {"": main.SerializeToString()}, ""
    if SCENARIO == "malformed":
        # The name, then a field whose length runs far past the end.
        broken = (descriptor_pb2.FileDescriptorProto(name="broken.proto")
                  .SerializeToString() + b"\x22\xff\xff\xff\x0f")
        return {"broken.proto": broken}, "broken.proto"
    if SCENARIO in LARGE_FIELDS:
        large = large_file(LARGE_FIELDS[SCENARIO]).SerializeToString()
        return {"hostile.proto": large}, "hostile.proto"
    if SCENARIO == "undescribed":
        # hostile.Svc is described; hostile.Hidden is listed, never sent.
        main = proto_file("hostile.proto", messages=["Req"])
        return {"hostile.proto": main.SerializeToString()}, "hostile.proto"
    if SCENARIO in ("silent", "escapes", "abort", "close-ok", "empty-list",
                    "wrong-kind"):
        return {}, None
    raise SystemExit("unknown scenario " + SCENARIO)


FILES, SERVICE_FILE = files()


def file_defining(symbol):
    """The name of the file that defines message `symbol`, if any."""
    for name, data in FILES.items():
        try:
            file = descriptor_pb2.FileDescriptorProto.FromString(data)
        except Exception:  # the malformed scenario's file
            continue
        if any(file.package + "." + message.name == symbol
               for message in file.message_type):
            return name
    return None


def answer(request):
    response = reflection_pb2.ServerReflectionResponse(
        original_request=request)
    kind = request.WhichOneof("message_request")
    name = None
    if kind == "list_services" and SCENARIO == "escapes":
        # Names with an ANSI colour and a line that forges rpccli's own.
        response.list_services_response.service.add(
            name="evil\x1b[31m.Svc\nrpccli: error: forged")
        return response
    if SCENARIO == "wrong-kind":
        # Whatever is asked, an answer of another kind.
        response.all_extension_numbers_response.base_type_name = "x.Y"
        return response
    if kind == "list_services" and SCENARIO == "empty-list":
        response.list_services_response.SetInParent()
        return response
    if kind == "list_services":
        response.list_services_response.service.add(name="hostile.Svc")
        if SCENARIO == "undescribed":
            response.list_services_response.service.add(name="hostile.Hidden")
        return response
    if kind == "file_by_filename":
        name = request.file_by_filename
    elif kind == "file_containing_symbol":
        symbol = request.file_containing_symbol
        name = SERVICE_FILE if symbol.startswith("hostile.Svc") else file_defining(symbol)
    if name in FILES:
        response.file_descriptor_response.file_descriptor_proto.append(FILES[name])
    else:
        response.error_response.error_code = grpc.StatusCode.NOT_FOUND.value[0]
        response.error_response.error_message = "not found"
    return response


def reflection_info(requests, context):
    for request in requests:
        if SCENARIO == "silent":
            time.sleep(3600)
        if SCENARIO == "close-ok":
            return  # the stream ends, OK, with no answer
        if SCENARIO == "abort":
            context.abort(grpc.StatusCode.PERMISSION_DENIED,
                          "no reflection for you \x1b[31m")
        yield answer(request)


def serve():
    serve_forever("grpc.reflection.v1.ServerReflection", {
        "ServerReflectionInfo": grpc.stream_stream_rpc_method_handler(
            reflection_info,
            request_deserializer=reflection_pb2.ServerReflectionRequest.FromString,
            response_serializer=reflection_pb2.ServerReflectionResponse.SerializeToString),
    })


if __name__ == "__main__":
    serve()
