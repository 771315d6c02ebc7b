#include "transport/metadata.h"

#include <gtest/gtest.h>

#include "temp_dir.h"

namespace rpccli {
namespace {

TEST(ParseHeaders, LowerCasesNamesAndTrimsValues) {
  Headers headers;
  std::string err;
  ASSERT_TRUE(ParseHeaders({"X-Token:  abc ", "x-empty:", "x-url: a:b"}, "-H",
                           &headers, &err))
      << err;
  EXPECT_EQ(headers,
            (Headers{{"x-token", "abc"}, {"x-empty", ""}, {"x-url", "a:b"}}));
}

// --expand-headers: ${NAME} only, in names, values and files; an unset
// variable is an error that names it but shows no value.
TEST(ParseHeaders, ExpandsEnvironmentVariablesWhenAsked) {
  ::setenv("RPCCLI_TEST_TOKEN", "s3cr3t", 1);
  ::setenv("RPCCLI_TEST_SUFFIX", "id", 1);
  ::setenv("RPCCLI_TEST_EMPTY", "", 1);
  ::unsetenv("RPCCLI_TEST_UNSET");
  Headers headers;
  std::string err;
  ASSERT_TRUE(ParseHeaders(
      {"authorization: Bearer ${RPCCLI_TEST_TOKEN}",
       "x-${RPCCLI_TEST_SUFFIX}: a${RPCCLI_TEST_EMPTY}b",
       "x-literal: $RPCCLI_TEST_TOKEN ${1} ${} ${RPCCLI_TEST_TOKEN"},
      "-H", &headers, &err, /*expand=*/true))
      << err;
  EXPECT_EQ(headers, (Headers{{"authorization", "Bearer s3cr3t"},
                              {"x-id", "ab"},
                              {"x-literal",
                               "$RPCCLI_TEST_TOKEN ${1} ${} "
                               "${RPCCLI_TEST_TOKEN"}}));
  TempDir dir;
  std::string path = dir.Write("headers", "x-t: ${RPCCLI_TEST_TOKEN}\n");
  headers.clear();
  ASSERT_TRUE(ParseHeaders({"@" + path}, "-H", &headers, &err, true)) << err;
  EXPECT_EQ(headers, (Headers{{"x-t", "s3cr3t"}}));

  EXPECT_FALSE(ParseHeaders({"authorization: Bearer ${RPCCLI_TEST_UNSET}"},
                            "-H", &headers, &err, true));
  EXPECT_EQ(err,
            "-H 'authorization: ...': ${RPCCLI_TEST_UNSET} is not set in the "
            "environment (--expand-headers)");
  // Without the flag, nothing is expanded.
  headers.clear();
  ASSERT_TRUE(ParseHeaders({"x-t: ${RPCCLI_TEST_TOKEN}"}, "-H", &headers, &err))
      << err;
  EXPECT_EQ(headers, (Headers{{"x-t", "${RPCCLI_TEST_TOKEN}"}}));
  // What a variable holds is checked as if it had been written.
  ::setenv("RPCCLI_TEST_TOKEN", "a\nb", 1);
  EXPECT_FALSE(
      ParseHeaders({"x-t: ${RPCCLI_TEST_TOKEN}"}, "-H", &headers, &err, true));
  EXPECT_EQ(err, "-H 'x-t: ...': the value of \"x-t\" has a control character");
}

TEST(ParseHeaders, ReadsAFileOfHeaders) {
  TempDir dir;
  std::string path =
      dir.Write("h", "# comment\n\nauthorization: Bearer s3cr3t\r\nx-a: 1\n");
  Headers headers;
  std::string err;
  ASSERT_TRUE(ParseHeaders({"@" + path}, "-H", &headers, &err)) << err;
  EXPECT_EQ(headers,
            (Headers{{"authorization", "Bearer s3cr3t"}, {"x-a", "1"}}));
  // A byte order mark is named, not quoted unseen in the first name.
  std::string bom = dir.Write("bom", "\xEF\xBB\xBFx-a: 1\n");
  EXPECT_FALSE(ParseHeaders({"@" + bom}, "-H", &headers, &err));
  EXPECT_EQ(err, bom + ":1: starts with a byte order mark (BOM, U+FEFF), "
                       "which no header takes: save the file without it");
}

TEST(ParseHeaders, ErrorsNameTheHeaderButNotASecretFromAFile) {
  Headers headers;
  std::string err;
  EXPECT_FALSE(ParseHeaders({"no colon"}, "-H", &headers, &err));
  EXPECT_EQ(err, "-H 'no ...': a header is written 'name: value'");
  EXPECT_FALSE(ParseHeaders({"bad name: x"}, "-H", &headers, &err));
  EXPECT_EQ(err,
            "-H 'bad name: ...': \"bad name\" is not a header name "
            "(letters, digits, '-', '_' and '.')");
  EXPECT_FALSE(ParseHeaders({"grpc-timeout: 1S"}, "-H", &headers, &err));
  EXPECT_EQ(
      err,
      "-H 'grpc-timeout: ...': \"grpc-timeout\" is reserved for gRPC itself");
  // A pseudo-header: its value stays unsaid, its name is whole.
  EXPECT_FALSE(ParseHeaders({":path: /secret"}, "-H", &headers, &err));
  EXPECT_EQ(err,
            "-H ':path: ...': \":path\" is an HTTP/2 pseudo-header, which "
            "gRPC sets itself");
  TempDir dir;
  std::string path = dir.Write("h", "x-ok: 1\ntoken s3cr3t\n");
  EXPECT_FALSE(ParseHeaders({"@" + path}, "-H", &headers, &err));
  EXPECT_EQ(err, path + ":2: a header is written 'name: value'");
  EXPECT_FALSE(ParseHeaders({"@/nonexistent/headers"}, "-H", &headers, &err));
  EXPECT_EQ(err,
            "/nonexistent/headers (-H @FILE): cannot open: No such file or "
            "directory");
  EXPECT_FALSE(ParseHeaders({"@" + dir.path()}, "-H", &headers, &err));
  EXPECT_EQ(err, dir.path() + " (-H @FILE): is a directory, not a file");
}

TEST(ParseHeaders, AMalformedHeaderNeverEchoesItsValue) {
  Headers headers;
  std::string err;
  EXPECT_FALSE(
      ParseHeaders({"Authorization Bearer s3cr3t"}, "-H", &headers, &err));
  EXPECT_EQ(err, "-H 'Authorization ...': a header is written 'name: value'");
  // A token pasted alone, or after a separator that is none.
  for (const char* token : {"ghp_SuperSecretToken123", "x-api-token;ghp_S3"}) {
    EXPECT_FALSE(ParseHeaders({token}, "-H", &headers, &err));
    EXPECT_EQ(err, "-H '...': a header is written 'name: value'");
  }
  EXPECT_FALSE(ParseHeaders({"x-token: a\x01b"}, "-H", &headers, &err));
  EXPECT_EQ(err,
            "-H 'x-token: ...': the value of \"x-token\" has a control "
            "character");
}

TEST(ParseHeaders, ANonAsciiValueBelongsInABinHeader) {
  Headers headers;
  std::string err;
  EXPECT_FALSE(ParseHeaders({"x-name: caf\xc3\xa9"}, "-H", &headers, &err));
  EXPECT_EQ(err,
            "-H 'x-name: ...': the value of \"x-name\" is not ASCII, which "
            "gRPC cannot send in a text header; send bytes base64-encoded in "
            "a -bin header (x-name-bin: ...)");
}

TEST(ParseHeaders, BinValuesAreBase64InEitherAlphabet) {
  Headers headers;
  std::string err;
  ASSERT_TRUE(ParseHeaders({"x-a-bin: AP8=", "x-b-bin: AP8", "x-c-bin: _-8"},
                           "-H", &headers, &err))
      << err;
  EXPECT_EQ(headers[0].second, std::string("\x00\xff", 2));
  EXPECT_EQ(headers[1].second, std::string("\x00\xff", 2));
  EXPECT_EQ(headers[2].second, std::string("\xff\xef", 2));
  EXPECT_FALSE(ParseHeaders({"x-bin: ***"}, "-H", &headers, &err));
  EXPECT_EQ(err,
            "-H 'x-bin: ...': the value of \"x-bin\" must be base64, as "
            "for every -bin header");
}

TEST(ParseRequestHeaders, SplitsWhatGoesWithTheCallAndWithReflection) {
  MetadataOptions options;
  options.headers = {"x-both: 1"};
  options.rpc_headers = {"x-rpc: 2"};
  options.reflect_headers = {"x-reflect: 3"};
  RequestHeaders headers;
  std::string err;
  ASSERT_TRUE(ParseRequestHeaders(options, &headers, &err)) << err;
  EXPECT_EQ(headers.call, (Headers{{"x-both", "1"}, {"x-rpc", "2"}}));
  EXPECT_EQ(headers.reflection, (Headers{{"x-both", "1"}, {"x-reflect", "3"}}));
  // Each error names the flag its header came from.
  options.reflect_headers = {"bad"};
  EXPECT_FALSE(ParseRequestHeaders(options, &headers, &err));
  EXPECT_EQ(err, "--reflect-header '...': a header is written 'name: value'");
  options.rpc_headers = {"worse"};
  EXPECT_FALSE(ParseRequestHeaders(options, &headers, &err));
  EXPECT_EQ(err, "--rpc-header '...': a header is written 'name: value'");
}

TEST(ParseRequestHeaders, LeavesOutWhatGrpcWouldNotSendWithAWarningEach) {
  MetadataOptions options;
  options.headers = {"Content-Type: text/plain", "x-kept: 1", "host: h"};
  options.rpc_headers = {"user-agent: me"};
  options.reflect_headers = {"te: gzip"};
  RequestHeaders headers;
  std::string err;
  ASSERT_TRUE(ParseRequestHeaders(options, &headers, &err)) << err;
  EXPECT_EQ(headers.call, (Headers{{"x-kept", "1"}}));
  EXPECT_EQ(headers.reflection, (Headers{{"x-kept", "1"}}));
  EXPECT_EQ(headers.warnings,
            (std::vector<std::string>{
                "-H content-type: not sent: gRPC sets it to application/grpc "
                "itself",
                "-H host: not sent: HTTP/2 carries the host as :authority; use "
                "--authority",
                "--rpc-header user-agent: not sent: gRPC writes its own; "
                "--user-agent puts text before it",
                "--reflect-header te: not sent: gRPC sets it to trailers "
                "itself"}));
}

TEST(ParseRequestHeaders, LeavesOutTheConnectionHeadersHttp2Forbids) {
  MetadataOptions options;
  options.headers = {"Connection: close",   "keep-alive: 5",
                     "upgrade: h2c",        "transfer-encoding: chunked",
                     "proxy-connection: x", "x-kept: 1"};
  RequestHeaders headers;
  std::string err;
  ASSERT_TRUE(ParseRequestHeaders(options, &headers, &err)) << err;
  EXPECT_EQ(headers.call, (Headers{{"x-kept", "1"}}));
  ASSERT_EQ(headers.warnings.size(), 5u);
  EXPECT_EQ(headers.warnings[0],
            "-H connection: not sent: HTTP/2 has no connection-specific "
            "headers");
}

TEST(FormatHeaders, SortsRedactsAndReencodes) {
  Headers headers = {{"x-b", "2"},
                     {"authorization", "Bearer s"},
                     {"x-data-bin", std::string("\x00\xff", 2)},
                     {"cookie", "c"},
                     {"x-session-token", "t"},
                     {"db-password", "p"},
                     {"x-secret", "s"},
                     {"x-a", "1"},
                     {"set-cookie", "id=1"},
                     {"x-api-key", "k"},
                     {"proxy-authorization", "Basic p"},
                     {"x-secret-hash", "h"},
                     {"x-tokens-left", "t"}};
  EXPECT_EQ(FormatHeaders(headers, false),
            "authorization: <redacted>\ncookie: <redacted>\n"
            "db-password: <redacted>\nproxy-authorization: <redacted>\n"
            "set-cookie: <redacted>\nx-a: 1\nx-api-key: <redacted>\n"
            "x-b: 2\nx-data-bin: AP8=\n"
            "x-secret: <redacted>\nx-secret-hash: <redacted>\n"
            "x-session-token: <redacted>\nx-tokens-left: <redacted>\n");
  // What a server sent cannot drive the terminal.
  EXPECT_EQ(FormatHeaders({{"x-evil", "\x1b[31mred"}}, false),
            "x-evil: \\x1b[31mred\n");
  EXPECT_EQ(FormatHeaders({{"authorization", "Bearer s"}}, true),
            "authorization: Bearer s\n");
}

}  // namespace
}  // namespace rpccli

namespace rpccli {
namespace {

TEST(CheckCommandLineHeaders, ChecksWhatIsWrittenAndLeavesFilesForLater) {
  MetadataOptions options;
  options.headers = {"x-a: 1", "@/no/such/file"};
  std::string err;
  EXPECT_TRUE(CheckCommandLineHeaders(options, &err)) << err;
  options.rpc_headers = {"no colon"};
  EXPECT_FALSE(CheckCommandLineHeaders(options, &err));
  EXPECT_EQ(err, "--rpc-header 'no ...': a header is written 'name: value'");
}

}  // namespace
}  // namespace rpccli
