#include "show/status_details.h"

#include <gtest/gtest.h>

#include "demo_fixtures.h"
#include "error_details.pb.h"
#include "schema/descriptor_source.h"
#include "status.pb.h"
#include "transport/http/http_protocol.h"

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

TEST_F(StatusDetailsTest, DetailsThatWereNotBase64AreSaidToBe) {
  EXPECT_EQ(DecodeStatusDetails(grpc::Status(grpc::StatusCode::NOT_FOUND, "x",
                                             MarkNotBase64("!\x1b!")),
                                *codec_),
            std::vector<std::string>{
                R"({"@error":"grpc-status-details-bin is not base64",)"
                R"("@text":"!\u001b!"})"});
}

TEST_F(StatusDetailsTest, BuiltInSchemaAndUnknownTypes) {
  google::rpc::Status rpc_status;
  rpc_status.set_code(14);  // as grpc-status says
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
          R"("@error":"other.Thing is not a message in the schema; @value holds its bytes",)"
          R"("@value":"CAE="})"}));
}

TEST_F(StatusDetailsTest, DetailsThatDoNotDecodeAreSaidNotDropped) {
  grpc::Status status(grpc::StatusCode::INVALID_ARGUMENT, "bad",
                      std::string("\xff\xff\xff", 3));
  EXPECT_EQ(
      DecodeStatusDetails(status, *codec_),
      (std::vector<std::string>{
          R"({"@error":"grpc-status-details-bin is not a )"
          R"(google.rpc.Status in protobuf wire format","@value":"////"})"}));
}

// A Connect error's details are JSON: one that is not {"type", "value"}
// is shown as it came.
TEST_F(StatusDetailsTest, AConnectDetailThatIsNoDetailIsShownAsItCame) {
  grpc::Status status;
  ASSERT_TRUE(
      StatusFromConnectError(R"({"code": "invalid_argument", "details": [)"
                             R"({"type": "demo.Tick", "value": "!!"}, "junk",)"
                             R"({"type": "demo.Tick", "value": "CAI"}]})",
                             &status));
  EXPECT_EQ(DecodeStatusDetails(status, *codec_),
            (std::vector<std::string>{
                R"({"@error":"a detail of the server's Connect error is not )"
                R"({\"type\": NAME, \"value\": BASE64}",)"
                R"("detail":{"type":"demo.Tick","value":"!!"}})",
                R"({"@error":"a detail of the server's Connect error is not )"
                R"({\"type\": NAME, \"value\": BASE64}","detail":"junk"})",
                R"({"@type":"type.googleapis.com/demo.Tick","remaining":2})"}));
  ASSERT_TRUE(StatusFromConnectError(
      R"({"code": "internal", "details": {"not": "a list"}})", &status));
  EXPECT_EQ(DecodeStatusDetails(status, *codec_).size(), 1u);
}

TEST_F(StatusDetailsTest, ADetailWhoseValueIsNotItsTypeIsSaid) {
  // Known types, built in and from the schema, with bytes that are not
  // one: never printed as an empty detail of that type.
  google::rpc::Status rpc_status;
  rpc_status.set_code(3);  // as grpc-status says
  for (const char* type : {"google.rpc.ErrorInfo", "demo.Tick"}) {
    google::protobuf::Any* any = rpc_status.add_details();
    any->set_type_url(std::string("type.googleapis.com/") + type);
    any->set_value(std::string("\xff\xff\xff", 3));
  }
  grpc::Status status(grpc::StatusCode::INVALID_ARGUMENT, "bad",
                      rpc_status.SerializeAsString());
  std::vector<std::string> details = DecodeStatusDetails(status, *codec_);
  ASSERT_EQ(details.size(), 2u);
  EXPECT_EQ(details[0],
            R"({"@type":"type.googleapis.com/google.rpc.ErrorInfo",)"
            R"("@error":"the value is not a google.rpc.ErrorInfo in protobuf )"
            R"(wire format","@value":"////"})");
  EXPECT_EQ(details[1],
            R"({"@type":"type.googleapis.com/demo.Tick",)"
            R"("@error":"the value is not a demo.Tick in protobuf wire )"
            R"(format","@value":"////"})");
}

TEST_F(StatusDetailsTest, DetailsThatDisagreeWithTheStatusAreSaid) {
  google::rpc::Status rpc_status;
  rpc_status.set_code(5);
  rpc_status.set_message("details say NOT_FOUND");
  grpc::Status status(grpc::StatusCode::INVALID_ARGUMENT, "status says 3",
                      rpc_status.SerializeAsString());
  EXPECT_EQ(DecodeStatusDetails(status, *codec_),
            (std::vector<std::string>{
                R"({"@error":"grpc-status-details-bin says code 5, where )"
                R"(grpc-status says 3","code":5,)"
                R"("message":"details say NOT_FOUND"})"}));
}

TEST_F(StatusDetailsTest, EveryStandardDetailTypeIsBuiltIn) {
  // The schema (demo.proto) has none of them: rpccli's own copy decodes.
  google::rpc::Status rpc_status;
  rpc_status.set_code(9);  // as grpc-status says
  google::rpc::ErrorInfo error_info;
  error_info.set_reason("R");
  rpc_status.add_details()->PackFrom(error_info);
  google::rpc::BadRequest bad_request;
  bad_request.add_field_violations()->set_field("f");
  rpc_status.add_details()->PackFrom(bad_request);
  google::rpc::RetryInfo retry;
  retry.mutable_retry_delay()->set_nanos(500000000);
  rpc_status.add_details()->PackFrom(retry);
  google::rpc::DebugInfo debug;
  debug.set_detail("d");
  rpc_status.add_details()->PackFrom(debug);
  google::rpc::QuotaFailure quota;
  quota.add_violations()->set_subject("s");
  rpc_status.add_details()->PackFrom(quota);
  google::rpc::PreconditionFailure precondition;
  precondition.add_violations()->set_type("t");
  rpc_status.add_details()->PackFrom(precondition);
  google::rpc::ResourceInfo resource;
  resource.set_resource_name("n");
  rpc_status.add_details()->PackFrom(resource);
  google::rpc::Help help;
  help.add_links()->set_url("u");
  rpc_status.add_details()->PackFrom(help);
  google::rpc::LocalizedMessage localized;
  localized.set_locale("fr");
  rpc_status.add_details()->PackFrom(localized);
  grpc::Status status(grpc::StatusCode::FAILED_PRECONDITION, "",
                      rpc_status.SerializeAsString());
  const std::string prefix = R"({"@type":"type.googleapis.com/google.rpc.)";
  EXPECT_EQ(DecodeStatusDetails(status, *codec_),
            (std::vector<std::string>{
                prefix + R"(ErrorInfo","reason":"R"})",
                prefix + R"(BadRequest","fieldViolations":[{"field":"f"}]})",
                prefix + R"(RetryInfo","retryDelay":"0.500s"})",
                prefix + R"(DebugInfo","detail":"d"})",
                prefix + R"(QuotaFailure","violations":[{"subject":"s"}]})",
                prefix + R"(PreconditionFailure","violations":[{"type":"t"}]})",
                prefix + R"(ResourceInfo","resourceName":"n"})",
                prefix + R"(Help","links":[{"url":"u"}]})",
                prefix + R"(LocalizedMessage","locale":"fr"})"}));
}

}  // namespace
}  // namespace rpccli
