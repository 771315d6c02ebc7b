#include "transport/http/http_request.h"

#include <gtest/gtest.h>

namespace rpccli {
namespace {

using Lines = std::vector<std::string>;

constexpr MethodShape kUnary{false, false};
constexpr MethodShape kServerStream{false, true};

HttpSetup HttpTo(Protocol protocol) {
  HttpSetup http;
  http.protocol = protocol;
  http.base_url = "http://127.0.0.1:8080";
  return http;
}

TEST(SplitUrl, TakesTheSchemesPortWhenNoneIsWritten) {
  UrlParts parts = SplitUrl("https://api.example.com/rpc/pkg.Svc/M");
  EXPECT_EQ(parts.scheme, "https");
  EXPECT_EQ(parts.host, "api.example.com");
  EXPECT_EQ(parts.port, "443");
  EXPECT_EQ(parts.path, "/rpc/pkg.Svc/M");
  EXPECT_EQ(SplitUrl("http://h").port, "80");
  EXPECT_EQ(SplitUrl("http://h").path, "");
}

TEST(SplitUrl, KeepsTheBracketsOfAnIpv6Host) {
  UrlParts parts = SplitUrl("http://[::1]:9000/x");
  EXPECT_EQ(parts.host, "[::1]");
  EXPECT_EQ(parts.port, "9000");
  EXPECT_EQ(SplitUrl("https://[::1]/x").host, "[::1]");
  EXPECT_EQ(SplitUrl("https://[::1]/x").port, "443");
}

TEST(ConnectGetUrl, PutsTheMessageInUnpaddedBase64Url) {
  // 0xfb 0xff encodes as "+/8=" in standard base64.
  EXPECT_EQ(ConnectGetUrl("http://h/pkg.S/M", "\xfb\xff", ""),
            "http://h/pkg.S/M?connect=v1&encoding=proto&base64=1&message=-_8");
  EXPECT_EQ(ConnectGetUrl("http://h/pkg.S/M", "", "gzip"),
            "http://h/pkg.S/M?connect=v1&encoding=proto&base64=1"
            "&compression=gzip&message=");
}

TEST(ContentTypeFor, ConnectUnaryAloneIsUnenveloped) {
  EXPECT_EQ(ContentTypeFor(Protocol::kConnect, kUnary), "application/proto");
  EXPECT_EQ(ContentTypeFor(Protocol::kConnect, kServerStream),
            "application/connect+proto");
  EXPECT_EQ(ContentTypeFor(Protocol::kGrpcWeb, kUnary),
            "application/grpc-web+proto");
}

TEST(RequestHeaderLines, ConnectUnaryWithEverything) {
  HttpSetup http = HttpTo(Protocol::kConnect);
  http.connection.authority = "api.example.com";
  http.connection.compression = "gzip";
  EXPECT_EQ(
      RequestHeaderLines(http, kUnary,
                         {{"x-user", "ann"}, {"trace-bin", "\x01\x02"}}, 1500),
      (Lines{"Connect-Timeout-Ms: 1500", "Content-Type: application/proto",
             "Connect-Protocol-Version: 1",
             "Accept:", "Expect:", "Host: api.example.com",
             "content-encoding: gzip", "x-user: ann", "trace-bin: AQI="}));
}

// curl leaves out a header written `Name:`; `Name;` sends it empty.
TEST(RequestHeaderLines, AnEmptyValueIsSentNotLeftOut) {
  Lines lines = RequestHeaderLines(HttpTo(Protocol::kGrpcWeb), kUnary,
                                   {{"x-empty", ""}, {"x-b-bin", ""}}, 0);
  EXPECT_EQ(Lines(lines.end() - 2, lines.end()),
            (Lines{"x-empty;", "x-b-bin;"}));
}

TEST(RequestHeaderLines, GrpcWebSaysSoAndSendsGrpcsTimeout) {
  EXPECT_EQ(
      RequestHeaderLines(HttpTo(Protocol::kGrpcWeb), kServerStream, {}, 2000),
      (Lines{"grpc-timeout: 2000m", "Content-Type: application/grpc-web+proto",
             "X-Grpc-Web: 1", "Accept:", "Expect:"}));
}

TEST(RequestHeaderLines, AConnectGetLeavesToItsQueryWhatItSays) {
  HttpSetup http = HttpTo(Protocol::kConnect);
  http.connection.connect_get = true;
  http.connection.compression = "gzip";
  EXPECT_EQ(RequestHeaderLines(http, kUnary, {}, 0),
            (Lines{"Accept:", "Expect:"}));
}

}  // namespace
}  // namespace rpccli
