#include "transport/http/http_setup.h"

#include <cstdlib>

#include "base/text.h"

namespace rpccli {

bool HttpBaseUrl(const ConnectionOptions& connection, std::string* url,
                 std::string* err) {
  const std::string& target = connection.target;
  if (StartsWith(target, "http://") || StartsWith(target, "https://")) {
    *url = target;
  } else if (target.find("://") != std::string::npos ||
             target.rfind("unix:", 0) == 0) {
    *err =
        "--protocol connect and grpcweb take TARGET as host:port or an "
        "http:// or https:// URL, not \"" +
        target + "\"";
    return false;
  } else {
    *url = (connection.plaintext ? "http://" : "https://") + target;
  }
  while (!url->empty() && url->back() == '/') url->pop_back();
  return true;
}

bool HttpSetupFor(const ConnectionOptions& connection, HttpSetup* setup,
                  std::string* err) {
  setup->protocol = connection.protocol;
  if (!HttpBaseUrl(connection, &setup->base_url, err)) return false;
  if (!ReadTlsFiles(connection, &setup->tls_files, err)) return false;
  // A store a variable names that cannot be read is said now, as over
  // gRPC, not as curl's failure to verify.
  if (StartsWith(setup->base_url, "https://") && connection.cacert.empty() &&
      !connection.insecure) {
    setup->trust_store = FindTrustStore(std::getenv);
    std::string roots;
    if (!setup->trust_store.named_by.empty() && !setup->trust_store.hashed &&
        !ReadTrustStore(setup->trust_store, &roots, err)) {
      return false;
    }
  }
  setup->connection = connection;
  setup->version = connection.http1 ? HttpSetup::Version::kHttp1
                   : connection.http2_prior_knowledge
                       ? HttpSetup::Version::kHttp2PriorKnowledge
                       : HttpSetup::Version::kAny;
  return true;
}

std::string CompressionHeader(Protocol protocol, MethodShape shape) {
  if (protocol == Protocol::kGrpcWeb) return "grpc-encoding";
  bool unary = !shape.client_streaming && !shape.server_streaming;
  return unary ? "content-encoding" : "connect-content-encoding";
}

std::string CannotCarry(const HttpSetup& setup, MethodShape shape) {
  if (!shape.client_streaming) return "";
  std::string kind = shape.server_streaming ? "bidi" : "client";
  if (setup.protocol == Protocol::kGrpcWeb) {
    return "gRPC-Web cannot carry a " + kind +
           " stream (browsers send a request's body whole); use --protocol "
           "connect or grpc";
  }
  bool http2 = setup.version == HttpSetup::Version::kHttp2PriorKnowledge ||
               (setup.version == HttpSetup::Version::kAny &&
                StartsWith(setup.base_url, "https://"));
  if (!http2) {
    return "Connect carries a " + kind +
           " stream over HTTP/2 only: add --http2-prior-knowledge for a "
           "plaintext server, or use https://";
  }
  return "";
}

}  // namespace rpccli
