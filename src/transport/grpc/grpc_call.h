// The call engine over gRPC: all four kinds of call over grpc::GenericStub
// as one bidi stream of wire bytes (grpc_call_stream.h), one call at a time
// or many at once (grpc_call_runner.h). No JSON and no descriptors here;
// the caller converts.
// Requests that may block are read on a thread of their own, so reading
// input and sending, receiving and printing all go on at once, each held
// back by the next: input is read no faster than the stream sends it.
#ifndef RPCCLI_TRANSPORT_GRPC_GRPC_CALL_H_
#define RPCCLI_TRANSPORT_GRPC_GRPC_CALL_H_

#include <grpcpp/channel.h>

#include <chrono>
#include <memory>
#include <string>

#include "transport/call_engine.h"

namespace rpccli {

class GrpcCallRunner;

/// One call, on the engine that also makes many (grpc_call_runner.h).
class GrpcCall : public CallEngine {
 public:
  /// `wire_path` is `/pkg.Service/Method`; `headers` go with the call,
  /// which must end by `deadline`. `one_response`: the method returns one
  /// message (it is not server streaming), so zero or two fail the call.
  GrpcCall(std::shared_ptr<grpc::Channel> channel, std::string wire_path,
       const Headers& headers = {},
       std::chrono::system_clock::time_point deadline =
           std::chrono::system_clock::time_point::max(),
       bool one_response = false);
  /// The same, with everything the call is made with in `setup`.
  GrpcCall(std::shared_ptr<grpc::Channel> channel, CallSetup setup,
       bool one_response);
  ~GrpcCall() override;
  GrpcCall(const GrpcCall&) = delete;
  GrpcCall& operator=(const GrpcCall&) = delete;

  CallOutcome Run(RequestStream* requests, ResponseSink* responses) override;
  void Cancel() override;

 private:
  std::unique_ptr<GrpcCallRunner> runner_;
};

}  // namespace rpccli

#endif  // RPCCLI_TRANSPORT_GRPC_GRPC_CALL_H_
