#include "demo_service.h"

#include <google/protobuf/util/time_util.h>

#include <string>

#include "error_details.pb.h"
#include "status.pb.h"

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

Status DemoService::Sum(ServerContext* context,
                        grpc::ServerReader<demo::Number>* reader,
                        demo::SumReply* reply) {
  // Tests that kill the server mid-stream wait for this line.
  Report("started: Sum");
  demo::Number number;
  while (reader->Read(&number)) {
    reply->set_count(reply->count() + 1);
    if (number.value() < 0) {
      Report("Sum: rejected message " + std::to_string(reply->count()));
      return Status(
          grpc::INVALID_ARGUMENT,
          "message " + std::to_string(reply->count()) + " is negative");
    }
    reply->set_total(reply->total() + number.value());
  }
  // A stream that stops without the client closing it was cancelled.
  bool cancelled = context->IsCancelled();
  Report("Sum: " + std::string(cancelled ? "cancelled" : "completed") +
         " after " + std::to_string(reply->count()) + " messages");
  return cancelled ? Status::CANCELLED : Status::OK;
}

Status DemoService::Fail(ServerContext*, const demo::FailRequest* request,
                         Empty*) {
  int code = request->code();
  if (code < 1 || code > 16) {
    return Status(grpc::INVALID_ARGUMENT, "code must be between 1 and 16");
  }
  if (!request->with_details()) {
    return Status(static_cast<grpc::StatusCode>(code), request->message());
  }
  google::rpc::Status details;
  details.set_code(code);
  details.set_message(request->message());
  google::rpc::BadRequest bad_request;
  auto* violation = bad_request.add_field_violations();
  violation->set_field("name");
  violation->set_description("must not be empty");
  details.add_details()->PackFrom(bad_request);
  google::rpc::ErrorInfo info;
  info.set_reason("DEMO_FAILURE");
  info.set_domain("demo.rpccli.test");
  (*info.mutable_metadata())["asked"] = "yes";
  details.add_details()->PackFrom(info);
  Tick tick;
  tick.set_remaining(3);
  details.add_details()->PackFrom(tick);
  return Status(static_cast<grpc::StatusCode>(code), request->message(),
                details.SerializeAsString());
}

}  // namespace demo
