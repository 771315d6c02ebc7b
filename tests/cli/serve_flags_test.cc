#include "cli/serve_flags.h"

#include <gtest/gtest.h>

namespace rpccli {
namespace {

TEST(CheckListenAddress, TakesWhatGrpcListensOn) {
  for (const char* address :
       {"127.0.0.1:0", "localhost:50051", ":8080", "[::1]:65535", "0.0.0.0:1",
        "unix:/tmp/x.sock", "unix:///tmp/x.sock", "unix-abstract:mock"}) {
    std::string err;
    EXPECT_TRUE(CheckListenAddress(address, &err)) << address << ": " << err;
  }
}

TEST(CheckListenAddress, RefusesWhatGrpcWouldMisread) {
  struct Case {
    const char* address;
    const char* error;
  };
  // "host:" would listen on 443, ":99999" on a port wrapped around.
  for (const Case& bad : std::vector<Case>{
           {"localhost", "no port"},
           {"localhost:", "the port is a number from 0 to 65535"},
           {":99999", "the port is a number from 0 to 65535"},
           {":-1", "the port is a number from 0 to 65535"},
           {"host:8o", "the port is a number from 0 to 65535"},
           {"::1:80", "an IPv6 address goes in brackets"},
           {"a b:80", "the host is a name or an address"},
           {"unix:", "unix: needs a path or name after it"},
           {"unix-abstract:", "unix-abstract: needs a path or name"},
       }) {
    std::string err;
    EXPECT_FALSE(CheckListenAddress(bad.address, &err)) << bad.address;
    EXPECT_NE(err.find(std::string("--listen ") + bad.address + ": "),
              std::string::npos)
        << err;
    EXPECT_NE(err.find(bad.error), std::string::npos) << err;
  }
}

}  // namespace
}  // namespace rpccli
