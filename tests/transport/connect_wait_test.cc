#include "transport/connect_wait.h"

#include <gtest/gtest.h>

namespace rpccli {
namespace {

TEST(ConnectWait, IsTheShorterOfConnectTimeoutAndMaxTime) {
  ConnectionOptions options;
  options.connect_timeout_seconds = 10;
  EXPECT_EQ(ConnectWaitSeconds(options), 10);
  EXPECT_EQ(NoConnectionWithin(options),
            "no connection within 10 s (--connect-timeout)");
  options.max_time_seconds = 1.5;
  EXPECT_EQ(ConnectWaitSeconds(options), 1.5);
  EXPECT_EQ(NoConnectionWithin(options),
            "no connection within 1.5 s (--max-time)");
  options.max_time_seconds = 20;
  EXPECT_EQ(ConnectWaitSeconds(options), 10);
}

}  // namespace
}  // namespace rpccli
