#include "call.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <gtest/gtest.h>

#include "demo_service.h"

namespace rpccli {
namespace {

// The demo service in this process, on a free loopback port.
class CallTest : public testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(port, 0);
    channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                                   grpc::InsecureChannelCredentials());
  }
  void TearDown() override { server_->Shutdown(); }

  demo::DemoService service_;
  std::unique_ptr<grpc::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(CallTest, SendsAndReceivesWireBytes) {
  demo::Sample request;
  request.set_text("bytes in, bytes out");
  request.add_numbers(7);
  std::string response;
  grpc::Status status = CallUnary(channel_, "/demo.Demo/Echo",
                                  request.SerializeAsString(), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  demo::Sample echoed;
  ASSERT_TRUE(echoed.ParseFromString(response));
  EXPECT_EQ(echoed.text(), "bytes in, bytes out");
  EXPECT_EQ(echoed.numbers(0), 7);
}

TEST_F(CallTest, ReturnsTheServersStatus) {
  demo::FailRequest request;
  request.set_code(grpc::StatusCode::NOT_FOUND);
  request.set_message("no such thing");
  std::string response = "untouched";
  grpc::Status status = CallUnary(channel_, "/demo.Demo/Fail",
                                  request.SerializeAsString(), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "no such thing");
  EXPECT_EQ(response, "untouched");
}

TEST_F(CallTest, AnUnknownMethodIsUnimplemented) {
  std::string response;
  grpc::Status status =
      CallUnary(channel_, "/demo.Demo/Unimplemented", "", &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
}

}  // namespace
}  // namespace rpccli
