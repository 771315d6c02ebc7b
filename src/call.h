// The call engine over gRPC: all four kinds of call over grpc::GenericStub as one bidi
// stream of wire bytes (call_stream.h), one call at a time or many at once
// (call_runner.h). No JSON and no descriptors here; the caller converts.
// Requests that may block are read on a thread of their own, so reading
// input and sending, receiving and printing all go on at once, each held
// back by the next: input is read no faster than the stream sends it.
#ifndef RPCCLI_CALL_H_
#define RPCCLI_CALL_H_

#include <grpcpp/channel.h>

#include <chrono>
#include <memory>
#include <string>

#include "call_engine.h"

namespace rpccli {

class CallRunner;

/// One call, on the engine that also makes many (call_runner.h).
class Call : public CallEngine {
 public:
  /// `wire_path` is `/pkg.Service/Method`; `headers` go with the call,
  /// which must end by `deadline`. `one_response`: the method returns one
  /// message (it is not server streaming), so zero or two fail the call.
  Call(std::shared_ptr<grpc::Channel> channel, std::string wire_path,
       const Headers& headers = {},
       std::chrono::system_clock::time_point deadline =
           std::chrono::system_clock::time_point::max(),
       bool one_response = false);
  /// The same, with everything the call is made with in `setup`.
  Call(std::shared_ptr<grpc::Channel> channel, CallSetup setup,
       bool one_response);
  ~Call() override;
  Call(const Call&) = delete;
  Call& operator=(const Call&) = delete;

  CallOutcome Run(RequestStream* requests, ResponseSink* responses) override;
  void Cancel() override;

 private:
  std::unique_ptr<CallRunner> runner_;
};

}  // namespace rpccli

#endif  // RPCCLI_CALL_H_
