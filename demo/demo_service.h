// The demo.Demo service, shared by the demo server and in-process tests.
#ifndef RPCCLI_DEMO_DEMO_SERVICE_H_
#define RPCCLI_DEMO_DEMO_SERVICE_H_

#include <functional>
#include <string>

#include "demo.grpc.pb.h"

namespace demo {

// Countdown and Chat run on the callback API (demo_streams.cc), the rest
// on the synchronous one.
class DemoService final : public Demo::WithCallbackMethod_Countdown<
                              Demo::WithCallbackMethod_Chat<Demo::Service>> {
 public:
  /// Receives one line per streaming call that ends, saying how it ended
  /// ("Sum: cancelled after 3 messages"), so tests can see what the server
  /// saw; and "started: Sum" when a Sum call arrives.
  using Log = std::function<void(const std::string&)>;
  explicit DemoService(Log log = nullptr) : log_(std::move(log)) {}

  grpc::Status Greet(grpc::ServerContext* context, const GreetRequest* request,
                     GreetReply* reply) override;
  grpc::Status Echo(grpc::ServerContext* context, const Sample* request,
                    Sample* reply) override;
  grpc::ServerWriteReactor<Tick>* Countdown(
      grpc::CallbackServerContext* context,
      const CountdownRequest* request) override;
  grpc::Status Sum(grpc::ServerContext* context,
                   grpc::ServerReader<Number>* reader,
                   SumReply* reply) override;
  grpc::ServerBidiReactor<ChatMessage, ChatMessage>* Chat(
      grpc::CallbackServerContext* context) override;
  grpc::Status Fail(grpc::ServerContext* context, const FailRequest* request,
                    google::protobuf::Empty* reply) override;
  // Unimplemented is left out on purpose: calling it gives UNIMPLEMENTED.

 private:
  void Report(const std::string& line) const {
    if (log_) log_(line);
  }

  Log log_;
};

}  // namespace demo

#endif  // RPCCLI_DEMO_DEMO_SERVICE_H_
