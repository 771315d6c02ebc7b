#include "transport/grpc/tls_probe.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace rpccli {
namespace {

TEST(ProbeTls, OnlyHostAndPortTargetsAreProbed) {
  for (const char* target :
       {"unix:/tmp/x.sock", "dns:///localhost:1", "localhost"}) {
    TlsProbe probe = ProbeTls(target, 500);
    EXPECT_FALSE(probe.speaks_tls) << target;
    EXPECT_TRUE(probe.names.empty()) << target;
  }
}

TEST(ProbeTls, AServerThatSaysNothingIsNotTls) {
  // Listens (the kernel accepts) but never answers: the probe gives up in
  // about its timeout.
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ASSERT_EQ(
      bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(listen(listener, 1), 0);
  ASSERT_EQ(
      getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length), 0);
  TlsProbe probe =
      ProbeTls("127.0.0.1:" + std::to_string(ntohs(address.sin_port)), 300);
  EXPECT_FALSE(probe.speaks_tls);
  EXPECT_FALSE(probe.wants_client_certificate);
  close(listener);
}

}  // namespace
}  // namespace rpccli
