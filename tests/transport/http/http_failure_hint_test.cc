#include "transport/http/http_failure_hint.h"

#include <gtest/gtest.h>

namespace rpccli {
namespace {

TEST(FailureHint, AnUntrustedCertificateNamesBothWaysOut) {
  EXPECT_EQ(FailureHint(CURLE_PEER_FAILED_VERIFICATION, "", true, false),
            "; pass its CA with --cacert, or skip the check with --insecure");
  // libcurl's words with OpenSSL's reason: a CA would not help.
  EXPECT_EQ(FailureHint(CURLE_PEER_FAILED_VERIFICATION,
                        "SSL certificate problem: certificate has expired",
                        true, false),
            "; renew it on the server, or skip the check with --insecure");
}

TEST(FailureHint, AClosedConnectionAfterTheHandshakeAsksForACertificate) {
  std::string hint = FailureHint(CURLE_RECV_ERROR, "", true, false);
  EXPECT_NE(hint.find("pass --cert and --key"), std::string::npos) << hint;
  // Not when one was given, nor without TLS.
  EXPECT_EQ(FailureHint(CURLE_RECV_ERROR, "", true, true), "");
  EXPECT_EQ(FailureHint(CURLE_SEND_ERROR, "", false, false), "");
  // The server's own alert says so whatever the code.
  EXPECT_NE(FailureHint(CURLE_SSL_CONNECT_ERROR,
                        "tlsv13 alert certificate required", true, false)
                .find("wants a client certificate"),
            std::string::npos);
}

TEST(FailureHint, TheOtherProtocolOrVersionIsSuggested) {
  EXPECT_NE(FailureHint(CURLE_SSL_CONNECT_ERROR, "", true, false)
                .find("use http:// or --plaintext"),
            std::string::npos);
  EXPECT_NE(FailureHint(CURLE_HTTP2_STREAM, "", false, false)
                .find("--protocol grpc, grpcweb or connect"),
            std::string::npos);
  EXPECT_NE(FailureHint(CURLE_GOT_NOTHING, "", false, false)
                .find("use https:// without --plaintext"),
            std::string::npos);
  EXPECT_NE(FailureHint(CURLE_WEIRD_SERVER_REPLY, "", false, false)
                .find("--http2-prior-knowledge"),
            std::string::npos);
  // Over TLS too, an empty reply may be headers nghttp2 would not read.
  EXPECT_EQ(FailureHint(CURLE_GOT_NOTHING, "", true, false),
            ": the server closed the connection without answering, or sent "
            "a header past the 64 KiB libcurl's HTTP/2 reads");
  EXPECT_NE(FailureHint(CURLE_OUT_OF_MEMORY, "Out of memory", false, false)
                .find("a response header line past its 100 KiB limit"),
            std::string::npos);
}

TEST(FailureHint, ManyCallsOverHttp1AdviseNoRefusedFlag) {
  std::string hint = ManyCallsOverHttp1Hint(CURLE_UNSUPPORTED_PROTOCOL, false);
  EXPECT_NE(hint.find("does not answer in HTTP/1.1, which call --batch and "
                      "bench use"),
            std::string::npos);
  EXPECT_EQ(ManyCallsOverHttp1Hint(CURLE_WEIRD_SERVER_REPLY, false), hint);
  EXPECT_EQ(ManyCallsOverHttp1Hint(CURLE_UNSUPPORTED_PROTOCOL, true), "");
  EXPECT_EQ(ManyCallsOverHttp1Hint(CURLE_COULDNT_CONNECT, false), "");
}

TEST(FailureHint, NoneForAFailureWithoutAKnownCause) {
  EXPECT_EQ(
      FailureHint(CURLE_COULDNT_CONNECT, "Connection refused", false, false),
      "");
}

}  // namespace
}  // namespace rpccli
