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

TEST(StatusCodeFromName, ReadsBackEveryNameStatusCodeNameGives) {
  for (int code = 0; code <= 31; ++code) {
    std::string name = StatusCodeName(static_cast<grpc::StatusCode>(code));
    int read = -100;
    EXPECT_TRUE(StatusCodeFromName(name, &read)) << name;
    EXPECT_EQ(read, code) << name;
  }
  int read = -100;
  EXPECT_TRUE(StatusCodeFromName("Code(-1)", &read));  // DO_NOT_USE
  EXPECT_EQ(read, -1);
}

TEST(StatusCodeFromName, RefusesNamesItNeverGives) {
  for (const char* name :
       {"", "notfound", "NOT_FOUND", "Cancelled", " OK", "OK ", "Code(",
        "Code()", "Code(20", "Code(20)x", "Code( 20)", "Code(+20)", "Code(020)",
        "Code(0x14)", "Code(99999999999)", "code(20)"}) {
    int code = -100;
    EXPECT_FALSE(StatusCodeFromName(name, &code)) << name;
    EXPECT_EQ(code, -100) << name;
  }
}

TEST(StatusCodeFromName, RefusesTheNumberOfACodeThatHasAName) {
  // StatusCodeName(NOT_FOUND) is "NotFound", never "Code(5)": taking both
  // lets a bench report count one code under two names.
  int code = -100;
  EXPECT_FALSE(StatusCodeFromName("Code(5)", &code)) << "read as " << code;
  EXPECT_FALSE(StatusCodeFromName("Code(0)", &code)) << "read as " << code;
}

}  // namespace
}  // namespace rpccli
