// What rpccli prints about a call: responses on stdout, the status of a
// failed RPC on stderr.
#ifndef RPCCLI_SHOW_PRINTER_H_
#define RPCCLI_SHOW_PRINTER_H_

#include <google/protobuf/descriptor.h>
#include <grpcpp/support/status.h>

#include <chrono>
#include <ostream>
#include <string>
#include <vector>

#include "codec/codec.h"
#include "transport/call_engine.h"

namespace rpccli {

/// A status message from the server as people read it: control characters
/// escaped, and cut at 4 KiB, saying so.
std::string ShownMessage(const std::string& message);

/// The failed status as grpcurl prints it, with its decoded `details`
/// (compact JSON each) indented below:
///   ERROR:
///     Code: NotFound
///     Message: ...
///     Details:
///     1) {
///          "@type": ...
std::string FormatStatus(const grpc::Status& status,
                         const std::vector<std::string>& details = {});

/// The failed status as one line of JSON, for scripts:
/// {"code":5,"name":"NotFound","message":"...","details":[...]}
std::string FormatStatusJson(const grpc::Status& status,
                             const std::vector<std::string>& details);

/// Prints responses as the codec formats them, one after another. Output
/// is buffered while more responses are waiting and flushed when none is,
/// so a slow stream shows each message at once and a fast one goes out in
/// large writes.
class ResponsePrinter : public ResponseSink {
 public:
  /// With `out` null, output is held until Redirect gives it a stream.
  ResponsePrinter(const Codec* codec, const google::protobuf::Descriptor* type,
                  MessageFormat format, std::ostream* out)
      : codec_(codec), type_(type), format_(format), out_(out) {}

  bool OnResponse(const std::string& bytes) override;
  bool OnIdle() override;
  void OnHeaders(const Headers& headers) override;

  /// --events (events.h): from now on, responses and headers print as
  /// events of call `call_number`, timed from now; the codec must format
  /// compact JSON.
  void PrintEvents(int64_t call_number);

  /// --events: the trailers and status events, once the call is over
  /// (after the headers event, if it did not come). False if the output
  /// is closed.
  bool PrintEnd(const CallOutcome& outcome,
                const std::vector<std::string>& details);

  /// --max-responses: after `responses` printed, refuse the next, which
  /// ends the call; satisfied() then tells that apart from a failure.
  void StopAfter(int64_t responses) { stop_after_ = responses; }
  bool satisfied() const { return satisfied_; }
  /// How a satisfied printer's call ended, said as a status.
  std::string SatisfiedReason() const;

  /// Writes what is buffered (to `out`, if it was held), then prints to
  /// `out` from now on.
  bool Redirect(std::ostream* out);

  /// Writes what is buffered to the stream, without flushing the stream.
  bool Drain();

  /// Whether output is waiting to be written (or held, with no stream).
  bool buffered() const { return !buffer_.empty(); }

  /// Why printing stopped: a response that could not be decoded. Empty if
  /// it stopped because the output was closed.
  const std::string& error() const { return error_; }

 private:
  const Codec* codec_;
  const google::protobuf::Descriptor* type_;
  MessageFormat format_;
  std::ostream* out_;
  std::string buffer_;
  int64_t printed_ = 0;
  int64_t stop_after_ = 0;  // 0: no limit
  bool satisfied_ = false;
  std::string error_;
  // --events: the call's number (0: print bare responses), when it
  // started, and whether its headers event is out.
  double EventTime(std::chrono::steady_clock::time_point at =
                       std::chrono::steady_clock::now()) const;
  int64_t event_call_ = 0;
  std::chrono::steady_clock::time_point event_start_;
  bool headers_printed_ = false;
};

}  // namespace rpccli

#endif  // RPCCLI_SHOW_PRINTER_H_
