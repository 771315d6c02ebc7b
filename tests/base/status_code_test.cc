#include "base/status_code.h"

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
  // A code past the known ones (the enum's range reaches 31, so this is
  // defined behaviour, unlike 42, which UBSan flags).
  EXPECT_EQ(StatusCodeName(static_cast<grpc::StatusCode>(20)), "Code(20)");
}

}  // namespace
}  // namespace rpccli
