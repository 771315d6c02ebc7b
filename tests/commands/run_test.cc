#include "commands/run.h"

#include <gtest/gtest.h>

#include <sstream>

#include "demo_fixtures.h"

namespace rpccli {
namespace {

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

Options CallOptions(const std::string& target, const std::string& method) {
  Options options;
  options.command = Command::kCall;
  options.schema.proto_files = {RPCCLI_SOURCE_DIR "/proto/demo.proto"};
  options.connection.target = target;
  options.connection.plaintext = true;
  options.connection.connect_timeout_seconds = 5;
  options.method = method;
  return options;
}

Outcome RunWith(const Options& options, const std::string& stdin_text = "",
                bool stdin_is_terminal = true) {
  StringSource in(stdin_text);
  std::ostringstream out, err;
  Io io{&in, stdin_is_terminal, &out, &err};
  int code = Run(options, io);
  return {code, out.str(), err.str()};
}

// The demo service in this process, so that a call runs the whole script:
// schema, method, input, connection, invocation, output.
class RunTest : public testing::Test {
 protected:
  void SetUp() override { ASSERT_NE(target_, ""); }

  Options Call(const std::string& method, const std::string& json) {
    Options options = CallOptions(target_, method);
    options.data = json;
    options.has_data = true;
    return options;
  }

  InProcessDemo server_;
  std::string target_ = server_.target();
};

TEST_F(RunTest, AUnaryCallPrintsTheResponseIndented) {
  Outcome outcome =
      RunWith(Call("demo.Demo/Echo", R"({"text":"hi","point":{"x":1}})"));
  EXPECT_EQ(outcome.code, kExitOk) << outcome.err;
  EXPECT_EQ(outcome.out,
            "{\n  \"text\": \"hi\",\n  \"point\": {\n    \"x\": 1\n  }\n}\n");
  EXPECT_EQ(outcome.err, "");
}

TEST_F(RunTest, FormatFlagsShapeTheOutput) {
  Options options = Call("Echo", R"({"int32Value":1})");
  options.format.compact = true;
  options.format.proto_names = true;
  Outcome outcome = RunWith(options);
  EXPECT_EQ(outcome.out, "{\"int32_value\":1}\n");
}

TEST_F(RunTest, PipedStdinIsTheRequestWhenNoneIsGiven) {
  Options options = CallOptions(target_, "Echo");
  Outcome piped = RunWith(options, "{\"text\":\"from stdin\"}\n", false);
  EXPECT_EQ(piped.code, kExitOk) << piped.err;
  EXPECT_EQ(piped.out, "{\n  \"text\": \"from stdin\"\n}\n");
  // A terminal is not read unless asked with @-: the request is empty.
  Outcome terminal = RunWith(options, "{\"text\":\"ignored\"}", true);
  EXPECT_EQ(terminal.out, "{}\n");
  options.data = "@-";
  options.has_data = true;
  Outcome asked = RunWith(options, "{\"text\":\"asked\"}", true);
  EXPECT_EQ(asked.out, "{\n  \"text\": \"asked\"\n}\n");
}

TEST_F(RunTest, AFailedCallPrintsTheStatusAndExitsWith64PlusTheCode) {
  Outcome outcome = RunWith(Call("Fail", R"({"code":5,"message":"gone"})"));
  EXPECT_EQ(outcome.code, 64 + 5);
  EXPECT_EQ(outcome.out, "");
  EXPECT_EQ(outcome.err, "ERROR:\n  Code: NotFound\n  Message: gone\n");
  EXPECT_EQ(RunWith(Call("Unimplemented", "{}")).code, 76);
}

TEST_F(RunTest, BadInputIsReportedWithItsPosition) {
  Outcome outcome =
      RunWith(Call("Greet", "{\"name\": \"a\"}\n{\"name\": \"b\"}"));
  EXPECT_EQ(outcome.code, kExitFailure);
  EXPECT_EQ(
      outcome.err,
      "rpccli: error: <argument>:2:1: message 2: demo.Demo.Greet is unary "
      "and takes exactly one request message\n");
  Outcome wrong_type = RunWith(Call("Greet", "\n  {\"name\": true}"));
  EXPECT_EQ(wrong_type.err,
            "rpccli: error: <argument>:2:12: message 1: field \"name\": true "
            "is not a valid string\n");
}

TEST_F(RunTest, AMissingRequestFileIsNamed) {
  Outcome outcome = RunWith(Call("Greet", "@/nonexistent/request.json"));
  EXPECT_EQ(outcome.code, kExitFailure);
  EXPECT_EQ(outcome.err,
            "rpccli: error: /nonexistent/request.json: cannot open: No such "
            "file or directory\n");
}

TEST_F(RunTest, AClientStreamSendsEveryMessageFromStdin) {
  Options options = CallOptions(target_, "Sum");
  options.verbose = true;
  Outcome outcome =
      RunWith(options, "{\"value\": 1}\n{\"value\": \"2\"}\n{}", false);
  EXPECT_EQ(outcome.code, kExitOk) << outcome.err;
  EXPECT_EQ(outcome.out, "{\n  \"count\": \"3\",\n  \"total\": \"3\"\n}\n");
  EXPECT_EQ(outcome.err,
            "Request metadata to send:\n(empty)\n\nResponse headers "
            "received:\n(empty)\n\nResponse trailers received:\n(empty)\n\n"
            "Sent 3 request(s) and received 1 response(s)\n");
}

TEST_F(RunTest, ABadMessageInAStreamIsReportedWithItsPosition) {
  Options options = CallOptions(target_, "Sum");
  Outcome outcome =
      RunWith(options, "{\"value\": 1}\n  {\"valu\": 2}\n", false);
  EXPECT_EQ(outcome.code, kExitFailure);
  std::string error =
      "rpccli: error: <stdin>:2:4: message 2: unknown field \"valu\" in "
      "demo.Number; did you mean \"value\"? (--allow-unknown-fields "
      "skips it)";
  // Whether the first message was on the wire by then is a race between
  // threads; what is said must match it either way.
  EXPECT_TRUE(outcome.err == error + "\n" ||
              outcome.err == error +
                                 "; up to 1 earlier request(s) were sent, and "
                                 "the "
                                 "call was cancelled\n")
      << outcome.err;
}

TEST(Run, AnUnreachableServerIsALocalFailure) {
  Outcome outcome =
      RunWith(CallOptions("unix:/nonexistent/rpccli.sock", "Greet"));
  EXPECT_EQ(outcome.code, kExitFailure);
  EXPECT_EQ(outcome.err,
            "rpccli: error: unix:/nonexistent/rpccli.sock: cannot connect: No "
            "such file or directory\n");
}

TEST_F(RunTest, ListAsksTheServerWhenNoFileIsGiven) {
  Options options;
  options.command = Command::kList;
  options.connection.target = target_;
  options.connection.plaintext = true;
  Outcome outcome = RunWith(options);
  // The in-process server has no reflection service.
  EXPECT_EQ(outcome.code, kExitFailure);
  EXPECT_EQ(outcome.err, "rpccli: error: " + target_ +
                             " does not support server reflection; pass -p "
                             "FILE or --protoset FILE\n");
}

TEST(Run, DescribeWithoutASymbolDescribesEveryService) {
  Options options;
  options.command = Command::kDescribe;
  options.schema.proto_files = {RPCCLI_SOURCE_DIR "/proto/demo.proto"};
  Outcome outcome = RunWith(options);
  EXPECT_EQ(outcome.code, kExitOk) << outcome.err;
  EXPECT_EQ(outcome.out.rfind("demo.Demo is a service:\n", 0), 0u);
  EXPECT_NE(outcome.out.find("rpc Chat(stream .demo.ChatMessage) returns "
                             "(stream .demo.ChatMessage);"),
            std::string::npos);
}

}  // namespace
}  // namespace rpccli
