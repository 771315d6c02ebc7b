#include "commands/call_setup.h"

#include <utility>

#include "schema/symbol.h"
#include "transport/grpc/channel.h"
#include "transport/grpc/grpc_call_runner.h"
#include "transport/http/curl_library.h"
#include "transport/http/http_call.h"
#include "transport/http/http_transfer.h"

namespace rpccli {

namespace pb = google::protobuf;

std::chrono::system_clock::time_point DeadlineAfter(double seconds) {
  if (seconds <= 0) return std::chrono::system_clock::time_point::max();
  return std::chrono::system_clock::now() +
         std::chrono::microseconds(static_cast<int64_t>(seconds * 1e6));
}

CallSetup SetupCalls(const Options& options, const MethodSchema& schema) {
  CallSetup setup;
  // Over HTTP the URL's path is in the base URL already.
  setup.wire_path =
      (options.connection.protocol == Protocol::kGrpc
           ? ParseTarget(options.connection.target, false).path_prefix
           : "") +
      WirePath(*schema.method);
  setup.headers = schema.headers.call;
  // The flag's values are checked when it is read: gzip or deflate.
  const std::string& compression = options.connection.compression;
  if (compression == "gzip") setup.compression = GRPC_COMPRESS_GZIP;
  if (compression == "deflate") setup.compression = GRPC_COMPRESS_DEFLATE;
  return setup;
}

bool IsUnary(const pb::MethodDescriptor& method) {
  return !method.client_streaming() && !method.server_streaming();
}

MethodShape ShapeOf(const pb::MethodDescriptor& method) {
  return MethodShape{method.client_streaming(), method.server_streaming()};
}

bool HttpSetupForMethod(const Options& options,
                        const pb::MethodDescriptor& method, HttpSetup* http,
                        std::string* err, bool* usage) {
  if (!HttpSetupFor(options.connection, http, err)) return false;
  *err = CannotCarry(*http, ShapeOf(method));
  bool side_effect_free = method.options().idempotency_level() ==
                              pb::MethodOptions::NO_SIDE_EFFECTS &&
                          IsUnary(method);
  if (err->empty() && options.connection.connect_get && !side_effect_free) {
    *err =
        "--connect-get sends only a unary method marked side-effect free "
        "(option idempotency_level = NO_SIDE_EFFECTS), which this is not";
  }
  if (!err->empty()) {
    *err = method.full_name() + ": " + *err;
    *usage = true;
    return false;
  }
  return true;
}

bool RunnersFor(const Options& options, const MethodSchema& schema,
                std::vector<std::shared_ptr<grpc::Channel>> channels,
                const CallSetup& setup, int concurrency, RunnerFactory* make,
                std::string* err, bool* usage) {
  const pb::MethodDescriptor& method = *schema.method;
  if (options.connection.protocol == Protocol::kGrpc) {
    bool one_response = !method.server_streaming();
    *make = [channels, setup, one_response, concurrency] {
      return std::make_unique<GrpcCallRunner>(channels, setup, one_response,
                                          concurrency);
    };
    return true;
  }
  HttpSetup http;
  if (!HttpSetupForMethod(options, method, &http, err, usage)) return false;
  // libcurl 7.88 fails some calls that share an HTTP/2 connection
  // (CURLE_HTTP2, 2 in 3000 over TLS, most over h2c; curl/curl#5670):
  // many calls go over HTTP/1.1, a connection for each call in flight.
  if (http.version == HttpSetup::Version::kHttp2PriorKnowledge) {
    *err =
        "--batch and bench go over HTTP/1.1, not --http2-prior-knowledge: "
        "this libcurl fails calls that share an HTTP/2 connection";
    *usage = true;
    return false;
  }
  http.version = HttpSetup::Version::kHttp1;
  MethodShape shape = ShapeOf(method);
  *err = CannotCarry(http, shape);  // now over HTTP/1.1
  if (!err->empty()) {
    *err = method.full_name() + ": " + *err;
    *usage = true;
    return false;
  }
  const CurlLibrary* curl = LoadCurl(err);
  if (curl == nullptr) return false;
  // As gRPC waits for its channel: one error, not one per call.
  if (!HttpTransfer::Create(http, setup, shape)->Connect(curl, err)) {
    *err = options.connection.target + ": " + *err;
    return false;
  }
  *make = [http, setup, shape, concurrency] {
    return std::make_unique<HttpCallRunner>(http, setup, shape, concurrency);
  };
  return true;
}

}  // namespace rpccli
