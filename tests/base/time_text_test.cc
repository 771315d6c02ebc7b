#include "base/time_text.h"

#include <gtest/gtest.h>

namespace rpccli {
namespace {

TEST(Rfc3339Utc, PrintsTheFractionAsAskedCutNotRounded) {
  int64_t at = 1796677476999999999;  // 2026-12-07T21:04:36.999999999Z
  EXPECT_EQ(Rfc3339Utc(at, 1000000000, 9), "2026-12-07T21:04:36.999999999Z");
  EXPECT_EQ(Rfc3339Utc(at, 1000000000, 3), "2026-12-07T21:04:36.999Z");
  EXPECT_EQ(Rfc3339Utc(at, 1000000000, 0), "2026-12-07T21:04:36Z");
  EXPECT_EQ(Rfc3339Utc(at / 1000000, 1000, 9),
            "2026-12-07T21:04:36.999000000Z");
  EXPECT_EQ(Rfc3339Utc(0, 1000, 3), "1970-01-01T00:00:00.000Z");
}

TEST(Rfc3339Utc, BeforeTheEpochCountsFromTheSecondBefore) {
  EXPECT_EQ(Rfc3339Utc(-1, 1000, 3), "1969-12-31T23:59:59.999Z");
}

}  // namespace
}  // namespace rpccli
