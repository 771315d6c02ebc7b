// The call engine: all four kinds of call over grpc::GenericStub as one bidi
// stream of wire bytes (call_stream.h), one call at a time or many at once
// (call_runner.h). No JSON and no descriptors here; the caller converts.
// Requests that may block are read on a thread of their own, so reading
// input and sending, receiving and printing all go on at once, each held
// back by the next: input is read no faster than the stream sends it.
#ifndef RPCCLI_CALL_H_
#define RPCCLI_CALL_H_

#include <grpc/compression.h>
#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/status.h>

#include <chrono>
#include <cstdint>
#include <memory>
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

/// The bytes of a gRPC ByteBuffer, in one string.
std::string ToString(const grpc::ByteBuffer& buffer);

/// A slice of `bytes` for gRPC to send: a large message is handed over,
/// not copied.
grpc::Slice SliceOf(std::string bytes);

class CallRunner;

/// What makes one call, over gRPC (Call) or another protocol (HttpCall).
class CallEngine {
 public:
  virtual ~CallEngine() = default;
  /// Runs the call to its end: sends every request from `requests`, then
  /// closes the sending side, and hands each response to `responses`.
  virtual CallOutcome Run(RequestStream* requests, ResponseSink* responses) = 0;
  /// Cancels the call; safe from any thread, at any time.
  virtual void Cancel() = 0;
};

/// One call, on the engine that also makes many (call_runner.h).
class Call : public CallEngine {
 public:
  /// `wire_path` is `/pkg.Service/Method`; `headers` go with the call,
  /// which must end by `deadline`. `one_response`: the method returns one
  /// message (it is not server streaming), so zero or two fail the call.
  Call(std::shared_ptr<grpc::Channel> channel, std::string wire_path,
       const Headers& headers = {},
       std::chrono::system_clock::time_point deadline =
           std::chrono::system_clock::time_point::max(),
       bool one_response = false);
  /// The same, with everything the call is made with in `setup`.
  Call(std::shared_ptr<grpc::Channel> channel, CallSetup setup,
       bool one_response);
  ~Call() override;
  Call(const Call&) = delete;
  Call& operator=(const Call&) = delete;

  CallOutcome Run(RequestStream* requests, ResponseSink* responses) override;
  void Cancel() override;

 private:
  std::unique_ptr<CallRunner> runner_;
};

}  // namespace rpccli

#endif  // RPCCLI_CALL_H_
