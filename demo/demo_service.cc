#include "demo_service.h"

#include <google/protobuf/util/time_util.h>

#include <string>

namespace demo {
namespace {

using google::protobuf::util::TimeUtil;

std::string Greeting(Language language) {
  switch (language) {
    case CHINESE:
      return "你好";
    case FRENCH:
      return "Bonjour";
    default:
      return "Hello";
  }
}

}  // namespace

using google::protobuf::Empty;
using grpc::ServerContext;
using grpc::Status;

Status DemoService::Greet(ServerContext*, const demo::GreetRequest* request,
                          demo::GreetReply* reply) {
  std::string name = request->name().empty() ? "world" : request->name();
  reply->set_message(Greeting(request->language()) + ", " + name + "!");
  *reply->mutable_greeted_at() = TimeUtil::GetCurrentTime();
  return Status::OK;
}

Status DemoService::Echo(ServerContext*, const demo::Sample* request,
                         demo::Sample* reply) {
  *reply = *request;
  return Status::OK;
}

Status DemoService::Countdown(ServerContext* context,
                              const demo::CountdownRequest* request,
                              grpc::ServerWriter<demo::Tick>* writer) {
  demo::Tick tick;
  for (int remaining = request->start(); remaining > 0; --remaining) {
    if (context->IsCancelled()) return Status::CANCELLED;
    tick.set_remaining(remaining);
    // Hint that more follows so the transport can batch small messages.
    grpc::WriteOptions options;
    if (remaining > 1) options.set_buffer_hint();
    if (!writer->Write(tick, options)) break;
  }
  return Status::OK;
}

Status DemoService::Sum(ServerContext*,
                        grpc::ServerReader<demo::Number>* reader,
                        demo::SumReply* reply) {
  demo::Number number;
  while (reader->Read(&number)) {
    reply->set_count(reply->count() + 1);
    reply->set_total(reply->total() + number.value());
  }
  return Status::OK;
}

Status DemoService::Chat(
    ServerContext*,
    grpc::ServerReaderWriter<demo::ChatMessage, demo::ChatMessage>* stream) {
  demo::ChatMessage message;
  while (stream->Read(&message)) {
    message.set_text("echo: " + message.text());
    if (!stream->Write(message)) break;
  }
  return Status::OK;
}

Status DemoService::Fail(ServerContext*, const demo::FailRequest* request,
                         Empty*) {
  int code = request->code();
  if (code < 1 || code > 16) {
    return Status(grpc::INVALID_ARGUMENT, "code must be between 1 and 16");
  }
  return Status(static_cast<grpc::StatusCode>(code), request->message());
}

}  // namespace demo
