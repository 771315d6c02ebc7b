#include "codec/timestamp_text.h"

#include <gtest/gtest.h>

namespace rpccli {
namespace {

std::string Text(int64_t seconds, int64_t nanos) {
  std::string out = "before ";
  return AppendTimestamp(seconds, nanos, &out) ? out : "declined: " + out;
}

TEST(AppendTimestamp, WritesRfc3339WithAsManyFractionDigitsAsNeeded) {
  EXPECT_EQ(Text(0, 0), "before \"1970-01-01T00:00:00Z\"");
  EXPECT_EQ(Text(951782400, 500000000), "before \"2000-02-29T00:00:00.500Z\"");
  EXPECT_EQ(Text(-1, 120000), "before \"1969-12-31T23:59:59.000120Z\"");
  EXPECT_EQ(Text(253402300799, 123456789),
            "before \"9999-12-31T23:59:59.123456789Z\"");
  EXPECT_EQ(Text(-62135596800, 0), "before \"0001-01-01T00:00:00Z\"");
}

TEST(AppendTimestamp, DeclinesWhatProtobufDoesNotPrint) {
  EXPECT_EQ(Text(-62135596801, 0), "declined: before ");
  EXPECT_EQ(Text(253402300800, 0), "declined: before ");
  EXPECT_EQ(Text(0, -1), "declined: before ");
  EXPECT_EQ(Text(0, 1000000000), "declined: before ");
}

}  // namespace
}  // namespace rpccli
