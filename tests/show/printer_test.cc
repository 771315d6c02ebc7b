#include "show/printer.h"

#include <google/protobuf/duration.pb.h>
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

namespace rpccli {
namespace {

TEST(FormatStatus, PrintsCodeAndMessage) {
  EXPECT_EQ(
      FormatStatus(grpc::Status(grpc::StatusCode::NOT_FOUND, "no such shelf")),
      "ERROR:\n  Code: NotFound\n  Message: no such shelf\n");
}

TEST(FormatStatus, IndentsEachDetailUnderItsNumber) {
  grpc::Status status(grpc::StatusCode::INVALID_ARGUMENT, "bad");
  EXPECT_EQ(FormatStatus(status, {R"({"@type":"t/a","x":1})", "{}"}),
            "ERROR:\n  Code: InvalidArgument\n  Message: bad\n  Details:\n"
            "  1) {\n       \"@type\": \"t/a\",\n       \"x\": 1\n     }\n"
            "  2) {}\n");
}

TEST(FormatStatusJson, IsOneLine) {
  grpc::Status status(grpc::StatusCode::NOT_FOUND, "say \"why\"");
  EXPECT_EQ(
      FormatStatusJson(status, {R"({"@type":"t/a"})"}),
      R"({"code":5,"name":"NotFound","message":"say \"why\"","details":[{"@type":"t/a"}]})"
      "\n");
}

// Event lines with their times, which vary, as `T`.
std::string WithoutTimes(const std::string& events) {
  return std::regex_replace(events, std::regex(R"("t_ms":[0-9.]+)"),
                            "\"t_ms\":T");
}

// A printer of Durations as events, into `out_`.
class EventPrinterTest : public testing::Test {
 protected:
  static FormatOptions Compact() {
    FormatOptions format;
    format.compact = true;
    return format;
  }

  Codec codec_{google::protobuf::DescriptorPool::generated_pool(), Compact()};
  std::ostringstream out_;
  ResponsePrinter printer_{&codec_, google::protobuf::Duration::descriptor(),
                           MessageFormat::kJson, &out_};
};

TEST_F(EventPrinterTest, EventsComeInTheOrderOfTheCall) {
  printer_.PrintEvents(7);
  google::protobuf::Duration duration;
  duration.set_seconds(3);
  printer_.OnHeaders({{"x-h", "1"}});
  ASSERT_TRUE(printer_.OnResponse(duration.SerializeAsString()));
  ASSERT_TRUE(printer_.OnResponse(duration.SerializeAsString()));
  CallOutcome outcome;
  outcome.headers = {{"x-h", "1"}};  // printed once, not again at the end
  outcome.trailers = {{"x-t", "2"}};
  outcome.headers_arrived = outcome.trailers_arrived = true;
  outcome.status = grpc::Status(grpc::StatusCode::ABORTED, "late");
  outcome.ended = std::chrono::steady_clock::now();
  ASSERT_TRUE(printer_.PrintEnd(outcome, {}));
  EXPECT_EQ(
      WithoutTimes(out_.str()),
      R"({"event":"headers","call":7,"t_ms":T,"metadata":{"x-h":["1"]}})"
      "\n"
      R"({"event":"message","call":7,"t_ms":T,"message":"3s"})"
      "\n"
      R"({"event":"message","call":7,"t_ms":T,"message":"3s"})"
      "\n"
      R"({"event":"trailers","call":7,"t_ms":T,"metadata":{"x-t":["2"]}})"
      "\n"
      R"({"event":"status","call":7,"t_ms":T,"code":10,"code_name":"Aborted",)"
      R"("message":"late","details":[]})"
      "\n");
}

TEST_F(EventPrinterTest, ACallTheServerNeverAnsweredIsItsStatusAlone) {
  printer_.PrintEvents(1);
  CallOutcome outcome;  // cancelled before it started: no end time either
  outcome.status = grpc::Status::CANCELLED;
  ASSERT_TRUE(printer_.PrintEnd(outcome, {}));
  EXPECT_EQ(WithoutTimes(out_.str()),
            R"({"event":"status","call":1,"t_ms":T,"code":1,)"
            R"("code_name":"Canceled","message":"","details":[]})"
            "\n");
  EXPECT_EQ(out_.str().find("-"), std::string::npos);  // no negative time
}

TEST_F(EventPrinterTest, HeadersThatCameWithNoMessageArePrintedAtTheEnd) {
  printer_.PrintEvents(1);
  CallOutcome outcome;
  outcome.headers_arrived = true;  // trailers did not: cut at the deadline
  outcome.headers = {{"x-h", "1"}};
  outcome.status = grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "late");
  outcome.ended = std::chrono::steady_clock::now();
  ASSERT_TRUE(printer_.PrintEnd(outcome, {}));
  std::string events = WithoutTimes(out_.str());
  EXPECT_EQ(
      events.substr(0, events.find('\n')),
      R"({"event":"headers","call":1,"t_ms":T,"metadata":{"x-h":["1"]}})");
  EXPECT_EQ(events.find("trailers"), std::string::npos);
}

// --max-responses: the last one asked for is printed, then the printer
// refuses more, which ends the call; its status event says who ended it.
TEST_F(EventPrinterTest, AfterTheResponsesAskedForThePrinterIsSatisfied) {
  printer_.PrintEvents(1);
  printer_.StopAfter(2);
  google::protobuf::Duration duration;
  duration.set_seconds(1);
  ASSERT_TRUE(printer_.OnResponse(duration.SerializeAsString()));
  EXPECT_FALSE(printer_.satisfied());
  EXPECT_FALSE(printer_.OnResponse(duration.SerializeAsString()));
  EXPECT_TRUE(printer_.satisfied());
  EXPECT_TRUE(printer_.error().empty());
  CallOutcome outcome;
  outcome.end = CallOutcome::End::kSinkFailed;
  outcome.status = grpc::Status(grpc::StatusCode::CANCELLED, "Cancelled");
  outcome.ended = std::chrono::steady_clock::now();
  ASSERT_TRUE(printer_.PrintEnd(outcome, {}));
  EXPECT_EQ(
      WithoutTimes(out_.str()),
      R"({"event":"message","call":1,"t_ms":T,"message":"1s"})"
      "\n"
      R"({"event":"message","call":1,"t_ms":T,"message":"1s"})"
      "\n"
      R"({"event":"status","call":1,"t_ms":T,"code":1,"code_name":"Canceled",)"
      R"("message":"rpccli ended the stream after 2 response(s) )"
      R"x((--max-responses)","details":[]})x"
      "\n");
}

// call --batch holds a call's output (no stream) until its turn comes.
TEST(ResponsePrinter, HeldOutputGoesToTheStreamRedirectGives) {
  FormatOptions format;
  format.compact = true;
  Codec codec(google::protobuf::DescriptorPool::generated_pool(), format);
  ResponsePrinter printer(&codec, google::protobuf::Duration::descriptor(),
                          MessageFormat::kJson, nullptr);
  google::protobuf::Duration duration;
  duration.set_seconds(2);
  ASSERT_TRUE(printer.OnResponse(duration.SerializeAsString()));
  ASSERT_TRUE(printer.OnIdle());  // nowhere to write yet: still held
  EXPECT_TRUE(printer.buffered());
  std::ostringstream out;
  ASSERT_TRUE(printer.Redirect(&out));
  EXPECT_EQ(out.str(), "\"2s\"\n");
  EXPECT_FALSE(printer.buffered());
  ASSERT_TRUE(printer.OnResponse(duration.SerializeAsString()));
  ASSERT_TRUE(printer.OnIdle());
  EXPECT_EQ(out.str(), "\"2s\"\n\"2s\"\n");
}

}  // namespace
}  // namespace rpccli
