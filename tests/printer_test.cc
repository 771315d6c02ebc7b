#include "printer.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace rpccli
