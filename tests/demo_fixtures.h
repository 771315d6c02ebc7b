// What many tests share: the demo schema loaded from proto/demo.proto, and
// the demo service running in the test's own process.
#ifndef RPCCLI_TESTS_DEMO_FIXTURES_H_
#define RPCCLI_TESTS_DEMO_FIXTURES_H_

#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include <memory>
#include <string>

#include "base/options.h"
#include "demo_service.h"

namespace rpccli {

/// The schema options that load proto/demo.proto.
inline SchemaOptions DemoSchema() {
  SchemaOptions schema;
  schema.import_paths = {RPCCLI_SOURCE_DIR "/proto"};
  schema.proto_files = {"demo.proto"};
  return schema;
}

/// demo.Demo served on a free 127.0.0.1 port until destroyed.
class InProcessDemo {
 public:
  explicit InProcessDemo(demo::DemoService::Log log = nullptr)
      : service_(std::move(log)) {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    target_ = port == 0 ? "" : "127.0.0.1:" + std::to_string(port);
  }
  ~InProcessDemo() {
    if (server_) server_->Shutdown();
  }

  /// Empty if the server could not start.
  const std::string& target() const { return target_; }

 private:
  demo::DemoService service_;
  std::unique_ptr<grpc::Server> server_;
  std::string target_;
};

}  // namespace rpccli

#endif  // RPCCLI_TESTS_DEMO_FIXTURES_H_
