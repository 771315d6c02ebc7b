#include "transport/grpc/channel.h"

#include <gtest/gtest.h>

#include <chrono>

namespace rpccli {
namespace {

TEST(ParseTarget, SchemesChooseTheTransport) {
  ParsedTarget http = ParseTarget("http://localhost:50051", false);
  EXPECT_EQ(http.grpc_target, "localhost:50051");
  EXPECT_TRUE(http.plaintext);
  ParsedTarget https = ParseTarget("https://example.com:443/", false);
  EXPECT_EQ(https.grpc_target, "example.com:443");
  EXPECT_FALSE(https.plaintext);
}

TEST(ParseTarget, AUrlsPathIsThePrefixOfEveryMethod) {
  ParsedTarget prefixed = ParseTarget("https://example.com/api/grpc/", false);
  EXPECT_EQ(prefixed.grpc_target, "example.com");
  EXPECT_EQ(prefixed.path_prefix, "/api/grpc");
  EXPECT_EQ(ParseTarget("http://h:1/", false).path_prefix, "");
  EXPECT_EQ(ParseTarget("h:1", false).path_prefix, "");
}

TEST(ParseTarget, OtherTargetsPassThrough) {
  for (const char* target :
       {"localhost:50051", "[::1]:50051", "unix:/tmp/s.sock",
        "unix:///tmp/s.sock", "dns:///example.com:443"}) {
    ParsedTarget parsed = ParseTarget(target, true);
    EXPECT_EQ(parsed.grpc_target, target);
    EXPECT_TRUE(parsed.plaintext);
  }
  EXPECT_FALSE(ParseTarget("localhost:1", false).plaintext);
}

TEST(WaitForConnection, ARefusedConnectionFailsAtOnceWithTheReason) {
  // A unix socket that does not exist is refused without touching the network.
  ConnectionOptions options;
  options.target = "unix:/nonexistent/rpccli-test.sock";
  options.plaintext = true;
  options.connect_timeout_seconds = 30;
  std::shared_ptr<grpc::Channel> channel;
  std::string err;
  ASSERT_TRUE(CreateChannel(options, &channel, &err)) << err;
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(WaitForConnection(channel.get(), options, &err));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  EXPECT_EQ(err, "cannot connect: No such file or directory");
}

TEST(CreateChannel, AnUnreadableCertificateIsNamedWithItsFlag) {
  ConnectionOptions options;
  options.target = "localhost:1";
  options.cacert = "/nonexistent/ca.pem";
  std::shared_ptr<grpc::Channel> channel;
  std::string err;
  EXPECT_FALSE(CreateChannel(options, &channel, &err));
  EXPECT_EQ(
      err,
      "/nonexistent/ca.pem (--cacert): cannot open: No such file or directory");
  options.cacert.clear();
  options.insecure = true;
  options.cert = "/nonexistent/client.pem";
  options.key = "/nonexistent/client.key";
  EXPECT_FALSE(CreateChannel(options, &channel, &err));
  EXPECT_EQ(err,
            "/nonexistent/client.pem (--cert): cannot open: No such file or "
            "directory");
}

}  // namespace
}  // namespace rpccli
