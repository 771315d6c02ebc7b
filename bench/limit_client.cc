// The limit rpccli is measured against: a client generated with
// grpc_cpp_plugin for demo.proto, doing the same calls with messages it
// makes itself: no JSON, no schema loading, no output. Streams write with
// buffer hints, as a client tuned by hand would. Built only for the
// benchmark.
//
// Usage: limit-client TARGET unary
//        limit-client TARGET client-stream|server-stream|bidi COUNT
//        limit-client TARGET echo-bytes SIZE
#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "demo.grpc.pb.h"

namespace {

grpc::WriteOptions Hinted(bool more_follow) {
  grpc::WriteOptions options;
  if (more_follow) options.set_buffer_hint();
  return options;
}

int Check(const grpc::Status& status, const char* what) {
  if (status.ok()) return 0;
  std::fprintf(stderr, "limit-client: %s: %s\n", what,
               status.error_message().c_str());
  return 1;
}

int Unary(demo::Demo::Stub* stub) {
  grpc::ClientContext context;
  demo::GreetRequest request;
  request.set_name("bench");
  demo::GreetReply reply;
  return Check(stub->Greet(&context, request, &reply), "Greet");
}

int ClientStream(demo::Demo::Stub* stub, long count) {
  grpc::ClientContext context;
  demo::SumReply reply;
  auto writer = stub->Sum(&context, &reply);
  demo::Number number;
  for (long i = 0; i < count; ++i) {
    number.set_value(i);
    if (!writer->Write(number, Hinted(i + 1 < count))) break;
  }
  writer->WritesDone();
  int failed = Check(writer->Finish(), "Sum");
  if (!failed && reply.count() != count) {
    std::fprintf(stderr, "limit-client: Sum counted %ld of %ld\n",
                 static_cast<long>(reply.count()), count);
    return 1;
  }
  return failed;
}

int ServerStream(demo::Demo::Stub* stub, long count) {
  grpc::ClientContext context;
  demo::CountdownRequest request;
  request.set_start(static_cast<int32_t>(count));
  auto reader = stub->Countdown(&context, request);
  demo::Tick tick;
  long received = 0;
  while (reader->Read(&tick)) ++received;
  int failed = Check(reader->Finish(), "Countdown");
  if (!failed && received != count) {
    std::fprintf(stderr, "limit-client: received %ld of %ld ticks\n", received,
                 count);
    return 1;
  }
  return failed;
}

int Bidi(demo::Demo::Stub* stub, long count) {
  grpc::ClientContext context;
  auto stream = stub->Chat(&context);
  std::thread writer([&stream, count] {
    demo::ChatMessage message;
    message.set_text("bench");
    for (long i = 0; i < count; ++i) {
      message.set_seq(i);
      if (!stream->Write(message, Hinted(i + 1 < count))) break;
    }
    stream->WritesDone();
  });
  demo::ChatMessage echo;
  long received = 0;
  while (stream->Read(&echo)) ++received;
  writer.join();
  int failed = Check(stream->Finish(), "Chat");
  if (!failed && received != count) {
    std::fprintf(stderr, "limit-client: %ld of %ld echoes\n", received, count);
    return 1;
  }
  return failed;
}

int EchoBytes(demo::Demo::Stub* stub, long size) {
  grpc::ClientContext context;
  demo::Sample request, reply;
  request.mutable_blob()->assign(static_cast<size_t>(size), 'x');
  int failed = Check(stub->Echo(&context, request, &reply), "Echo");
  if (!failed && reply.blob().size() != static_cast<size_t>(size)) {
    std::fprintf(stderr, "limit-client: echoed %zu bytes of %ld\n",
                 reply.blob().size(), size);
    return 1;
  }
  return failed;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: limit-client TARGET MODE [N]\n");
    return 2;
  }
  std::string mode = argv[2];
  long n = argc > 3 ? std::atol(argv[3]) : 0;
  grpc::ChannelArguments arguments;
  arguments.SetMaxReceiveMessageSize(-1);
  auto channel = grpc::CreateCustomChannel(
      argv[1], grpc::InsecureChannelCredentials(), arguments);
  auto stub = demo::Demo::NewStub(channel);
  if (mode == "unary") return Unary(stub.get());
  if (mode == "client-stream") return ClientStream(stub.get(), n);
  if (mode == "server-stream") return ServerStream(stub.get(), n);
  if (mode == "bidi") return Bidi(stub.get(), n);
  if (mode == "echo-bytes") return EchoBytes(stub.get(), n);
  std::fprintf(stderr, "limit-client: unknown mode %s\n", mode.c_str());
  return 2;
}
