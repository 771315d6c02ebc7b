#include "status_details.h"

#include <gtest/gtest.h>

#include "demo_fixtures.h"
#include "descriptor_source.h"
#include "error_details.pb.h"
#include "status.pb.h"

namespace rpccli {
namespace {

class StatusDetailsTest : public testing::Test {
 protected:
  void SetUp() override {
    std::string err;
    ASSERT_TRUE(source_.Open(DemoSchema(), nullptr, &err)) << err;
    FormatOptions format;
    format.compact = true;
    codec_ = std::make_unique<Codec>(source_.pool(), format);
  }

  DescriptorSource source_;
  std::unique_ptr<Codec> codec_;
};

TEST_F(StatusDetailsTest, NoDetailsNoLines) {
  EXPECT_TRUE(DecodeStatusDetails(
                  grpc::Status(grpc::StatusCode::NOT_FOUND, "x"), *codec_)
                  .empty());
}

TEST_F(StatusDetailsTest, BuiltInSchemaAndUnknownTypes) {
  google::rpc::Status rpc_status;
  google::rpc::RetryInfo retry;
  retry.mutable_retry_delay()->set_seconds(3);
  rpc_status.add_details()->PackFrom(retry);
  demo::Tick tick;  // known only through the schema
  tick.set_remaining(2);
  rpc_status.add_details()->PackFrom(tick);
  google::protobuf::Any* unknown = rpc_status.add_details();
  unknown->set_type_url("type.googleapis.com/other.Thing");
  unknown->set_value(std::string("\x08\x01", 2));
  grpc::Status status(grpc::StatusCode::UNAVAILABLE, "later",
                      rpc_status.SerializeAsString());
  EXPECT_EQ(
      DecodeStatusDetails(status, *codec_),
      (std::vector<std::string>{
          R"({"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"3s"})",
          R"({"@type":"type.googleapis.com/demo.Tick","remaining":2})",
          R"({"@type":"type.googleapis.com/other.Thing",)"
          R"("@error":"other.Thing is not in the schema; @value holds its bytes",)"
          R"("@value":"CAE="})"}));
}

}  // namespace
}  // namespace rpccli
