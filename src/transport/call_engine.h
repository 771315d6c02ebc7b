// The call seam: what every transport takes and gives — requests in as
// wire bytes (RequestStream), responses out (ResponseSink), how the call
// ended (CallOutcome) — and the engine that makes one call. gRPC
// (grpc/grpc_call.h) and Connect/gRPC-Web (http/http_call.h) implement it;
// the commands, input and printing see only this. No JSON and no
// descriptors here.
#ifndef RPCCLI_TRANSPORT_CALL_ENGINE_H_
#define RPCCLI_TRANSPORT_CALL_ENGINE_H_

#include <grpc/compression.h>
#include <grpcpp/support/status.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace rpccli {

/// Where requests come from. Next may block; the engine calls it from its
/// own thread.
class RequestStream {
 public:
  enum class Result { kMessage, kEnd, kError };
  virtual ~RequestStream() = default;
  /// The next request as wire bytes, the end of input, or an error in `err`.
  virtual Result Next(std::string* bytes, std::string* err) = 0;
  /// Makes a blocked or later Next return kEnd soon; called from any thread.
  virtual void Interrupt() = 0;
  /// False if Next never waits (requests held in memory): the engine then
  /// takes them as it needs them, with no thread of their own.
  virtual bool MayBlock() const { return true; }
};

/// Metadata as it crossed the wire, in order; `-bin` values decoded.
using Headers = std::vector<std::pair<std::string, std::string>>;

/// Where responses go. Called on the thread that runs the call.
class ResponseSink {
 public:
  virtual ~ResponseSink() = default;
  /// The server's response headers, before its first response, or when the
  /// call ends if no response came. Called once.
  virtual void OnHeaders(const Headers& headers) { (void)headers; }
  /// Handles one response; false ends the call (cancelling it).
  virtual bool OnResponse(const std::string& bytes) = 0;
  /// No further response is waiting: a good moment to flush. False ends
  /// the call as OnResponse does.
  virtual bool OnIdle() = 0;
};

/// How a call ended, and what crossed the wire.
struct CallOutcome {
  enum class End {
    kFinished,         // the server sent a status (see `status`)
    kBadRequest,       // a request could not be read; see `request_error`
    kSinkFailed,       // the sink refused a response
    kCancelled,        // Cancel() was called
    kTransportFailed,  // no call could be made (no connection, another
                       // protocol); see `request_error`
  };
  End end = End::kFinished;
  grpc::Status status;
  std::string request_error;
  int64_t requests_sent = 0;
  int64_t responses_received = 0;
  /// Wire bytes of the messages each way, and when the first response came.
  int64_t request_bytes = 0;
  int64_t response_bytes = 0;
  std::chrono::steady_clock::time_point first_response;
  /// When the call was started, and when it was over.
  std::chrono::steady_clock::time_point started;
  std::chrono::steady_clock::time_point ended;
  /// When an engine that connects as the call starts (HttpCall) had its
  /// connection, TLS included; unset for gRPC, which connects before.
  std::chrono::steady_clock::time_point connected;
  /// The server's response headers and trailers, as received; gRPC keeps
  /// `grpc-encoding` to itself, so it is added back where it is known.
  Headers headers;
  Headers trailers;
  /// Whether the server's headers, and its trailers, are known to have
  /// arrived: a call that
  /// never reached the server has neither, a trailers-only answer has no
  /// headers, a call cut short by rpccli or its deadline has no trailers.
  /// Over gRPC, an error status with no trailing metadata counts as no
  /// trailers: gRPC makes those up for a stream that broke.
  bool headers_arrived = false;
  bool trailers_arrived = false;
};

/// What every call of a method is made with.
struct CallSetup {
  /// `/pkg.Service/Method`.
  std::string wire_path;
  /// Request metadata, sent with the call.
  Headers headers;
  /// The call must end by then.
  std::chrono::system_clock::time_point deadline =
      std::chrono::system_clock::time_point::max();
  /// How request messages are compressed.
  grpc_compression_algorithm compression = GRPC_COMPRESS_NONE;
};

/// What makes one call: over gRPC (GrpcCall), or Connect and gRPC-Web
/// (HttpCall).
class CallEngine {
 public:
  virtual ~CallEngine() = default;
  /// Runs the call to its end: sends every request from `requests`, then
  /// closes the sending side, and hands each response to `responses`.
  virtual CallOutcome Run(RequestStream* requests, ResponseSink* responses) = 0;
  /// Cancels the call; safe from any thread, at any time.
  virtual void Cancel() = 0;
};

}  // namespace rpccli

#endif  // RPCCLI_TRANSPORT_CALL_ENGINE_H_
