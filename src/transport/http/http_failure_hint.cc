#include "transport/http/http_failure_hint.h"

namespace rpccli {

std::string FailureHint(CURLcode result, const std::string& why, bool tls,
                        bool client_certificate) {
  if (result == CURLE_PEER_FAILED_VERIFICATION) {
    // OpenSSL's reason is in `why`: a CA would not help these two.
    if (why.find("certificate has expired") != std::string::npos) {
      return "; renew it on the server, or skip the check with --insecure";
    }
    if (why.find("certificate is not yet valid") != std::string::npos) {
      return "; check the clocks here and on the server, or skip the check "
             "with --insecure";
    }
    return "; pass its CA with --cacert, or skip the check with --insecure";
  }
  if (why.find("certificate required") != std::string::npos) {
    return "; the server wants a client certificate: pass --cert and --key";
  }
  // Over TLS 1.3 the client's handshake is over before the server has
  // checked its certificate: a server that wants one may close the
  // connection before its alert is read.
  if (tls && !client_certificate &&
      (result == CURLE_SEND_ERROR || result == CURLE_RECV_ERROR)) {
    return "; the server closed the connection after the TLS handshake: if "
           "it wants a client certificate, pass --cert and --key";
  }
  if (result == CURLE_SSL_CONNECT_ERROR) {
    return "; if the server speaks plaintext, use http:// or --plaintext";
  }
  if (result == CURLE_HTTP2_STREAM) {
    // gRPC servers reset a stream that lacks gRPC's headers. curl drops
    // what came before a reset: the server may have answered, but nothing
    // of it reached rpccli.
    return ": the server reset the stream, and no answer reached rpccli "
           "(libcurl drops what came in the same read as a reset): does it "
           "speak another protocol? (--protocol grpc, grpcweb or connect)";
  }
  // nghttp2 ends the session, silently, at a header field past 64 KiB.
  if (result == CURLE_GOT_NOTHING) {
    return std::string(": the server closed the connection without "
                       "answering, or sent a header past the 64 KiB "
                       "libcurl's HTTP/2 reads") +
           (tls ? "" : ": if it speaks TLS, use https:// without --plaintext");
  }
  // libcurl 7.88 has no code of its own for a header line past its limit.
  if (result == CURLE_OUT_OF_MEMORY) {
    return " (libcurl says this too of a response header line past its "
           "100 KiB limit)";
  }
  if ((result == CURLE_UNSUPPORTED_PROTOCOL ||
       result == CURLE_WEIRD_SERVER_REPLY) &&
      !tls) {
    return ": the server does not answer in this version of HTTP (a gRPC "
           "server needs --protocol grpc, or HTTP/2: "
           "--http2-prior-knowledge)";
  }
  return "";
}

std::string ManyCallsOverHttp1Hint(CURLcode result, bool tls) {
  if (tls || (result != CURLE_UNSUPPORTED_PROTOCOL &&
              result != CURLE_WEIRD_SERVER_REPLY)) {
    return "";
  }
  return ": the server does not answer in HTTP/1.1, which call --batch and "
         "bench use over Connect and gRPC-Web: a server that speaks HTTP/2 "
         "alone takes these calls one at a time (call "
         "--http2-prior-knowledge), or over --protocol grpc";
}

}  // namespace rpccli
