#include "serve/stubs.h"

#include <gtest/gtest.h>

#include "demo.pb.h"
#include "demo_fixtures.h"
#include "schema/descriptor_source.h"
#include "status.pb.h"
#include "temp_dir.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;
using Json = nlohmann::json;
using Headers = std::multimap<std::string, std::string>;

// The demo schema, its codec, and stubs loaded from files of text.
class StubsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string err;
    ASSERT_TRUE(source_.Open(DemoSchema(), nullptr, &err)) << err;
    services_ = source_.LocalServices();
    FormatOptions format;
    format.compact = true;
    codec_ = std::make_unique<Codec>(source_.pool(), format);
  }

  bool Load(const std::string& text, std::string* err) {
    path_ = dir_.Write("stubs.ndjson", text);
    return stubs_.Load({path_}, services_, *codec_, err);
  }

  void LoadOrFail(const std::string& text) {
    std::string err;
    ASSERT_TRUE(Load(text, &err)) << err;
  }

  const pb::MethodDescriptor& Method(const std::string& name) const {
    return *source_.pool()->FindMethodByName("demo.Demo." + name);
  }

  // A request as a call's arrives: JSON to wire bytes to canonical JSON.
  Json Request(const std::string& method, const std::string& json) const {
    std::string bytes;
    ParseError why;
    EXPECT_TRUE(codec_->Parse(*Method(method).input_type(), json, &bytes, &why))
        << why.what;
    Json canonical;
    EXPECT_TRUE(Stubs::Canonical(*codec_, *Method(method).input_type(), bytes,
                                 &canonical));
    return canonical;
  }

  // The stub a unary call of `method` with `json` and `headers` gets.
  const Stub* Find(const std::string& method, const std::string& json,
                   const Headers& headers = {}, std::string* why = nullptr) {
    std::string ignored;
    return stubs_.Find(Method(method), {Request(method, json)}, 1, headers,
                       /*whole_stream=*/true, why ? why : &ignored);
  }

  TempDir dir_;
  std::string path_;
  DescriptorSource source_;
  std::vector<const pb::ServiceDescriptor*> services_;
  std::unique_ptr<Codec> codec_;
  Stubs stubs_;
};

TEST_F(StubsTest, TakesLinesAndArraysAndTheFirstMatchAnswers) {
  LoadOrFail(
      R"({"method": "Greet", "request": {"name": "ann"}, "response": {"message": "1"}})"
      "\n"
      R"([{"method": "demo.Demo/Greet", "response": {"message": "2"}},
          {"method": "Greet", "response": {"message": "3"}}])");
  EXPECT_EQ(stubs_.size(), 3u);
  const Stub* stub = Find("Greet", R"({"name": "ann"})");
  ASSERT_NE(stub, nullptr);
  EXPECT_NE(stub->where.find("stubs.ndjson:1:1: stub 1"), std::string::npos);
  stub = Find("Greet", R"({"name": "bob"})");
  ASSERT_NE(stub, nullptr);
  EXPECT_NE(stub->where.find("stubs.ndjson:2:1: stub 2"), std::string::npos);
}

TEST_F(StubsTest, ANearMissNamesThreeStubsAndCountsTheRest) {
  std::string text;
  for (int i = 0; i < 5; ++i) {
    text += R"({"method": "Greet", "request": {"name": "n)" +
            std::to_string(i) + R"("}, "response": {}})" + "\n";
  }
  LoadOrFail(text);
  std::string why;
  EXPECT_EQ(Find("Greet", R"({"name": "x"})", {}, &why), nullptr);
  EXPECT_NE(why.find("no stub of demo.Demo.Greet matches: "), std::string::npos)
      << why;
  EXPECT_NE(why.find(R"(stub 1 (the request's name is "x", not "n0"))"),
            std::string::npos)
      << why;
  EXPECT_NE(why.find("stub 3 ("), std::string::npos) << why;
  EXPECT_EQ(why.find("stub 4 ("), std::string::npos) << why;
  EXPECT_NE(why.find("; and 2 more"), std::string::npos) << why;
  EXPECT_EQ(Find("Echo", "{}", {}, &why), nullptr);
  EXPECT_EQ(why, "no stub answers demo.Demo.Echo");
}

TEST_F(StubsTest, ANearMissQuotesLongValuesShort) {
  LoadOrFail(
      R"({"method": "Greet", "request": {"name": "a"}, "response": {}})");
  std::string why;
  std::string name(100000, 'x');
  EXPECT_EQ(Find("Greet", R"({"name": ")" + name + R"("})", {}, &why), nullptr);
  EXPECT_LT(why.size(), 300u) << why;
  EXPECT_NE(why.find("...,"), std::string::npos) << why;
}

TEST_F(StubsTest, ADefaultValueMatchesOnlyAFieldLeftAtIt) {
  LoadOrFail(R"({"method": "Echo", "request": {"text": "", "int32Value": 0,
      "point": {"x": 0}, "numbers": [], "maybe": 0}, "response": {}})");
  EXPECT_NE(Find("Echo", R"({"point": {}, "maybe": 0})"), nullptr);
  std::string why;
  EXPECT_EQ(Find("Echo", R"({"point": {}, "maybe": 0, "text": "t"})", {}, &why),
            nullptr);
  EXPECT_NE(why.find(R"(text is "t", not the default)"), std::string::npos)
      << why;
  EXPECT_EQ(Find("Echo", R"({"point": {"x": 1}, "maybe": 0})", {}, &why),
            nullptr);
  EXPECT_NE(why.find("point.x is 1, not the default"), std::string::npos)
      << why;
  EXPECT_EQ(
      Find("Echo", R"({"point": {}, "maybe": 0, "numbers": [2]})", {}, &why),
      nullptr);
  // maybe is proto3 optional: asking for 0 is asking for it set.
  EXPECT_EQ(Find("Echo", R"({"point": {}})", {}, &why), nullptr);
  EXPECT_NE(why.find("maybe is not set"), std::string::npos) << why;
}

TEST_F(StubsTest, ExactAllowsNothingMore) {
  LoadOrFail(R"({"method": "Echo", "exact": true, "request": {"text": "a"},
      "response": {}})");
  EXPECT_NE(Find("Echo", R"({"text": "a"})"), nullptr);
  std::string why;
  EXPECT_EQ(Find("Echo", R"({"text": "a", "flag": true})", {}, &why), nullptr);
  EXPECT_NE(why.find("flag is set (true), which an exact match does not "
                     "allow"),
            std::string::npos)
      << why;
}

TEST_F(StubsTest, MapsAndStructsAreComparedWhole) {
  // A message in a request is held field by field; a map, a Struct or a
  // Value is a value, equal or not.
  LoadOrFail(R"({"method": "Echo", "request": {"counts": {"a": "1"},
      "pointsById": {"1": {"x": 0}}, "point": {"x": 1}}, "response": {}})");
  EXPECT_NE(Find("Echo", R"({"counts": {"a": "1"}, "pointsById": {"1": {}},
      "point": {"x": 1, "y": 2}})"),
            nullptr);
  std::string why;
  EXPECT_EQ(Find("Echo", R"({"counts": {"a": "1", "b": "2"},
      "pointsById": {"1": {}}, "point": {"x": 1}})",
                 {}, &why),
            nullptr);
  EXPECT_NE(why.find(R"(counts is {"a":"1","b":"2"}, not {"a":"1"})"),
            std::string::npos)
      << why;
  EXPECT_EQ(Find("Echo", R"({"counts": {"a": "1"},
      "pointsById": {"1": {"x": 5}}, "point": {"x": 1}})",
                 {}, &why),
            nullptr);
  Stubs structs;
  path_ = dir_.Write("structs.ndjson",
                     R"({"method": "Echo", "request": {"attributes": {"k": 1},
                         "anything": {"v": true}}, "response": {}})");
  std::string err;
  ASSERT_TRUE(structs.Load({path_}, services_, *codec_, &err)) << err;
  auto find = [&](const std::string& json) {
    return structs.Find(Method("Echo"), {Request("Echo", json)}, 1, {}, true,
                        &why);
  };
  EXPECT_NE(find(R"({"attributes": {"k": 1}, "anything": {"v": true}})"),
            nullptr);
  EXPECT_EQ(
      find(R"({"attributes": {"k": 1, "j": 2}, "anything": {"v": true}})"),
      nullptr);
  EXPECT_EQ(
      find(R"({"attributes": {"k": 1}, "anything": {"v": true, "w": 0}})"),
      nullptr);
}

TEST_F(StubsTest, BinHeadersAreWrittenInBase64AndMatchedAsBytes) {
  LoadOrFail(R"({"method": "Greet", "headers": {"x-id-bin": "AQID"},
      "response": {}, "response_headers": {"x-out-bin": "/w=="}})");
  const Stub* stub = Find("Greet", "{}", {{"x-id-bin", "\x01\x02\x03"}});
  ASSERT_NE(stub, nullptr);
  EXPECT_EQ(stub->response_headers.begin()->second, "\xff");
  EXPECT_EQ(Find("Greet", "{}", {{"x-id-bin", "AQID"}}), nullptr);
}

TEST_F(StubsTest, HeaderNamesMatchInAnyCase) {
  LoadOrFail(R"({"method": "Greet", "headers": {"X-Env": "test"},
      "response": {}})");
  EXPECT_NE(Find("Greet", "{}", {{"x-env", "test"}}), nullptr);
  std::string why;
  EXPECT_EQ(Find("Greet", "{}", {{"x-env", "prod"}}, &why), nullptr);
  EXPECT_NE(why.find(R"(header x-env is "prod", not "test")"),
            std::string::npos)
      << why;
  EXPECT_EQ(Find("Greet", "{}", {}, &why), nullptr);
  EXPECT_NE(why.find("header x-env is not sent"), std::string::npos) << why;
}

TEST_F(StubsTest, AClientStreamMatchesAsManyRequests) {
  LoadOrFail(R"({"method": "Sum", "requests": [{"value": 1}, {"value": 2}],
      "response": {}})");
  EXPECT_EQ(stubs_.MostRequestsMatched(Method("Sum")), 2u);
  EXPECT_EQ(stubs_.MostRequestsMatched(Method("Greet")), 0u);
  std::vector<Json> requests = {Request("Sum", R"({"value": 1})"),
                                Request("Sum", R"({"value": 2})")};
  std::string why;
  EXPECT_NE(stubs_.Find(Method("Sum"), requests, 2, {}, true, &why), nullptr);
  requests.pop_back();
  EXPECT_EQ(stubs_.Find(Method("Sum"), requests, 1, {}, true, &why), nullptr);
  EXPECT_NE(why.find("1 requests, not 2"), std::string::npos) << why;
}

TEST_F(StubsTest, ErrorDetailsOfTheServedSchemaAndOfGoogleRpc) {
  LoadOrFail(R"({"method": "Fail", "error": {"code": "NotFound",
      "message": "gone", "details": [
        {"@type": "type.googleapis.com/demo.GreetReply", "message": "m"},
        {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "R"}
      ]}})");
  const Stub* stub = Find("Fail", "{}");
  ASSERT_NE(stub, nullptr);
  EXPECT_EQ(stub->status.error_code(), grpc::StatusCode::NOT_FOUND);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(stub->status.error_details()));
  ASSERT_EQ(details.details_size(), 2);
  demo::GreetReply reply;
  ASSERT_TRUE(details.details(0).UnpackTo(&reply));
  EXPECT_EQ(reply.message(), "m");
  EXPECT_EQ(details.details(1).type_url(),
            "type.googleapis.com/google.rpc.ErrorInfo");
}

TEST_F(StubsTest, AFileThatReadsTwoWaysOrCannotBeIsRefused) {
  struct Case {
    std::string text;
    std::string error;
  };
  std::vector<Case> cases = {
      {R"({"method": "Greet", "response": {}, "response": {}})",
       R"(stubs.ndjson:1:1: "response" comes twice in one object)"},
      {std::string(200, '[') + std::string(200, ']'),
       "stubs.ndjson:1:1: nests deeper than 110 levels"},
      {R"({"method": "Greet", "response": {"mesage": "x"}})",
       R"(stub 1: response: not a demo.GreetReply: unknown field "mesage")"},
      {R"({"method": "Fail", "error": {"code": 5, "details": [
          {"@type": "type.googleapis.com/demo.GreetReply", "x": 1}]}})",
       "stub 1: error.details[0]: not a demo.GreetReply"},
      {R"({"method": "Fail", "error": {"code": 5, "details": [7]}})",
       R"(error.details[0]: an object with its "@type")"},
      {R"({"method": "Greet", "headers": {"x": 1}, "response": {}})",
       "stub 1: headers.x: a header's value is a string"},
      {R"({"method": "Greet", "headers": {"x": " a"}, "response": {}})",
       "headers.x: not a header gRPC sends: gRPC takes the spaces off"},
      {R"({"method": "Greet", "headers": {"x-bin": "*"}, "response": {}})",
       "headers.x-bin: not a header gRPC sends: a -bin value is base64"},
      {R"({"method": "Greet", "response": {},
          "response_headers": {"content-type": "text/plain"}})",
       "response_headers.content-type: not a header gRPC sends"},
      {R"({"method": "Greet", "response": {}, "error": {"code": 5}})",
       R"(answers with "response" or "error", not both)"},
      {R"({"method": "Greet", "response": {}, "delay_ms": 1e400})",
       "not JSON as a stub must be: number overflow"},
  };
  for (const Case& bad : cases) {
    Stubs stubs;
    std::string err;
    path_ = dir_.Write("stubs.ndjson", bad.text);
    EXPECT_FALSE(stubs.Load({path_}, services_, *codec_, &err)) << bad.text;
    EXPECT_NE(err.find(bad.error), std::string::npos) << err;
    EXPECT_EQ(err.find("--allow-unknown-fields"), std::string::npos) << err;
  }
}

}  // namespace
}  // namespace rpccli
