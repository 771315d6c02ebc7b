#include "printer.h"

#include <gtest/gtest.h>

namespace rpccli {
namespace {

TEST(StatusCodeName, UsesGrpcurlNames) {
  EXPECT_EQ(StatusCodeName(grpc::StatusCode::OK), "OK");
  EXPECT_EQ(StatusCodeName(grpc::StatusCode::CANCELLED), "Canceled");
  EXPECT_EQ(StatusCodeName(grpc::StatusCode::NOT_FOUND), "NotFound");
  EXPECT_EQ(StatusCodeName(grpc::StatusCode::UNIMPLEMENTED), "Unimplemented");
  EXPECT_EQ(StatusCodeName(grpc::StatusCode::UNAUTHENTICATED),
            "Unauthenticated");
  EXPECT_EQ(StatusCodeName(static_cast<grpc::StatusCode>(42)), "Code(42)");
}

TEST(FormatStatus, PrintsCodeAndMessage) {
  EXPECT_EQ(
      FormatStatus(grpc::Status(grpc::StatusCode::NOT_FOUND, "no such shelf")),
      "ERROR:\n  Code: NotFound\n  Message: no such shelf\n");
}

}  // namespace
}  // namespace rpccli
