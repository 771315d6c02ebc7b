#include "transport/target_check.h"

#include <gtest/gtest.h>

namespace rpccli {
namespace {

// "" if `target` passes, else the reason.
std::string Fault(const std::string& target, bool over_http = false) {
  std::string err;
  return CheckTarget(target, over_http, &err) ? "" : err;
}

TEST(CheckTarget, AcceptsEveryFormGrpcAndUrlsWrite) {
  for (const char* fine : {"localhost:50051",
                           "127.0.0.1:1",
                           "host",
                           "[::1]:443",
                           "[::1]",
                           "fe80::1:0",
                           "dns:///[::1]",
                           "dns:///[::1]:80",
                           "dns:///host:65535",
                           "dns://8.8.8.8:53/host:80",
                           "ipv4:127.0.0.1:80,127.0.0.2:81",
                           "ipv6:[::1]:80,[::2]",
                           "http://host:8080",
                           "http://host:8080/",
                           "unix:/tmp/s",
                           "unix:/tmp/a:1",
                           "unix-abstract:name",
                           "host:http",
                           "xds:///demo",
                           "google-c2p:///foo"}) {
    EXPECT_EQ(Fault(fine), "") << fine;
  }
  // Connect and gRPC-Web put a URL's path before the method's.
  for (const char* fine : {"http://[::1]/api", "http://h:8080/v1/x:1a",
                           "https://host/a@b", "host:8080/api"}) {
    EXPECT_EQ(Fault(fine, /*over_http=*/true), "") << fine;
  }
}

TEST(CheckTarget, APathGoesInAUrlOnly) {
  EXPECT_EQ(Fault("localhost:1/api"),
            "TARGET localhost:1/api: a gRPC TARGET has no path (/api): give "
            "host:port, or a URL (http://host:port/prefix) for a server "
            "behind a path");
  EXPECT_EQ(Fault("demo.Demo/Echo"),
            "TARGET demo.Demo/Echo: a gRPC TARGET has no path (/Echo): give "
            "host:port, or a URL (http://host:port/prefix) for a server "
            "behind a path; is this the METHOD, with the TARGET left out?");
  // A URL's path is the prefix of every method's, over gRPC too.
  EXPECT_EQ(Fault("http://h:8080/v1/x"), "");
  EXPECT_EQ(Fault("https://h/api/"), "");
  EXPECT_EQ(Fault("http://h:8080/v1?x=1"),
            "TARGET http://h:8080/v1?x=1: a URL TARGET takes a path prefix, "
            "not a query or fragment (?x=1)");
  EXPECT_EQ(Fault("https://h/v1#top", /*over_http=*/true),
            "TARGET https://h/v1#top: a URL TARGET takes a path prefix, not a "
            "query or fragment (#top)");
}

TEST(CheckTarget, RefusesASchemeNoTransportSpeaks) {
  EXPECT_EQ(Fault("ftp://127.0.0.1:21"),
            "TARGET ftp://127.0.0.1:21: ftp:// is no scheme rpccli speaks "
            "(http://, https://, or a gRPC target: host:port, dns:, unix:, "
            "ipv4:, ipv6:, xds:)");
  EXPECT_EQ(Fault("dns:///localhost:1"), "");
  EXPECT_EQ(Fault("unix:///tmp/s.sock"), "");
}

TEST(CheckTarget, RefusesAPortOutOfRangeOrNotInDecimal) {
  EXPECT_EQ(Fault("127.0.0.1:99999"),
            "TARGET 127.0.0.1:99999: port 99999 is not a TCP port (1 to "
            "65535)");
  EXPECT_EQ(Fault("host:0"),
            "TARGET host:0: port 0 is not a TCP port (1 to "
            "65535)");
  EXPECT_EQ(Fault("host:12345678901234567890"),
            "TARGET host:12345678901234567890: port 12345678901234567890 is "
            "not a TCP port (1 to 65535)");
  EXPECT_EQ(Fault("127.0.0.1:-1"),
            "TARGET 127.0.0.1:-1: port -1 is not a TCP port (1 to 65535, in "
            "decimal)");
  EXPECT_EQ(Fault("[::1]:0x10"),
            "TARGET [::1]:0x10: port 0x10 is not a TCP port (1 to 65535, in "
            "decimal)");
  EXPECT_EQ(Fault("http://h:70000/api"),
            "TARGET http://h:70000/api: port 70000 is not a TCP port (1 to "
            "65535)");
  EXPECT_EQ(Fault("ipv4:127.0.0.1:80,127.0.0.1:+81"),
            "TARGET ipv4:127.0.0.1:80,127.0.0.1:+81: port +81 is not a TCP "
            "port (1 to 65535, in decimal)");
  EXPECT_EQ(Fault("dns:///host:99999"),
            "TARGET dns:///host:99999: port 99999 is not a TCP port (1 to "
            "65535)");
}

TEST(CheckTarget, RefusesSpacesAndControlBytesOutsideASocketPath) {
  std::string err;
  EXPECT_FALSE(CheckTarget("http://127.0.0.1:1/a b", true, &err));
  EXPECT_EQ(err,
            "TARGET http://127.0.0.1:1/a b: a space has no place in a host, "
            "port or URL (in a URL's path, percent-encode it: %20 for a "
            "space)");
  EXPECT_FALSE(CheckTarget("127.0.0.1 :1", false, &err));
  EXPECT_FALSE(CheckTarget("127.0.0.1:1\t", false, &err));
  EXPECT_NE(err.find("a control byte has no place"), std::string::npos);
  EXPECT_TRUE(CheckTarget("unix:/tmp/my socket", false, &err));
}

TEST(CheckTarget, RefusesAUnixTargetWithoutAPath) {
  for (const char* empty : {"unix:", "unix://", "unix-abstract:"}) {
    EXPECT_EQ(Fault(empty), std::string("TARGET ") + empty +
                                " names no socket: give unix:/path/to/socket");
  }
}

TEST(CheckTarget, RefusesCredentialsInAUrlWithoutEchoingThem) {
  EXPECT_EQ(Fault("http://me:secret@127.0.0.1:1"),
            "TARGET http://<redacted>@127.0.0.1:1 holds a user name or "
            "password; send credentials as a header instead (-H "
            "'authorization: ...')");
  // A password with an @ in it: all of it is hidden.
  std::string err = Fault("https://me:p@ss@host/api", /*over_http=*/true);
  EXPECT_EQ(err.find("ss@"), std::string::npos) << err;
  EXPECT_NE(err.find("https://<redacted>@host/api"), std::string::npos) << err;
  // Or with a '/', which a URL should escape and people do not.
  err = Fault("http://me:pa/ss@127.0.0.1:1");
  EXPECT_EQ(err.find("pa/ss"), std::string::npos) << err;
  EXPECT_NE(err.find("http://<redacted>@127.0.0.1:1 holds a user name"),
            std::string::npos)
      << err;
}

}  // namespace
}  // namespace rpccli
