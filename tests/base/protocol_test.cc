#include "base/protocol.h"

#include <gtest/gtest.h>

namespace rpccli {
namespace {

TEST(Protocol, NamesAsBufCurlHasThem) {
  Protocol protocol;
  ASSERT_TRUE(ParseProtocol("grpcweb", &protocol));
  EXPECT_EQ(protocol, Protocol::kGrpcWeb);
  ASSERT_TRUE(ParseProtocol("connect", &protocol));
  EXPECT_EQ(ProtocolName(protocol), "connect");
  EXPECT_FALSE(ParseProtocol("grpc-web", &protocol));
}

// --protocol takes these names (OneOf), so each must read back as itself.
TEST(Protocol, EveryNameReadsBackAsItsProtocol) {
  EXPECT_EQ(ProtocolNames(),
            (std::vector<std::string>{"grpc", "connect", "grpcweb"}));
  for (const std::string& name : ProtocolNames()) {
    Protocol protocol = Protocol::kGrpc;
    ASSERT_TRUE(ParseProtocol(name, &protocol)) << name;
    EXPECT_EQ(ProtocolName(protocol), name);
  }
}

}  // namespace
}  // namespace rpccli
