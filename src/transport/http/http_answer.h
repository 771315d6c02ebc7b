// How an answer over Connect or gRPC-Web is read, without curl: the
// response's status line and headers, its body as it arrives (a stream's
// messages to the sink as they come, a method's one held until its status
// says it is the answer), and, once it is over, the call's status and
// trailers, or the server's breach of the protocol that ends it. The
// transfer (http_transfer.h) moves the bytes and adds what only curl
// knows.
#ifndef RPCCLI_TRANSPORT_HTTP_HTTP_ANSWER_H_
#define RPCCLI_TRANSPORT_HTTP_HTTP_ANSWER_H_

#include <grpcpp/support/status.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "transport/call_engine.h"
#include "transport/http/http_protocol.h"
#include "transport/http/http_setup.h"

namespace rpccli {

class HttpAnswer {
 public:
  /// The answer to a call of `shape` over `protocol`, its messages up to
  /// `max_message_bytes` each (0: gRPC's default). What came goes to
  /// `outcome` (headers, trailers, status, counts), which outlives the
  /// reader. `on_answer_over` is called once the answer is over whatever is
  /// still sent: a request stream may stop.
  HttpAnswer(Protocol protocol, MethodShape shape, int64_t max_message_bytes,
             CallOutcome* outcome, std::function<void()> on_answer_over);

  /// Where responses go, before the first byte is read.
  void set_sink(ResponseSink* sink) { sink_ = sink; }

  /// A line of the response's head as it came: the status line, a header,
  /// or the blank line that ends them.
  void HeaderLine(std::string line);
  /// Bytes of the body, as they come. False once reading must stop: the
  /// server broke the protocol, a message is over the limit, or the sink
  /// refused a response.
  bool Body(std::string_view bytes);

  /// The protocol's end of stream was read: the answer is whole.
  bool complete() const { return end_seen_; }
  /// The sink refused a response: the call ends as the sink wants.
  bool sink_failed() const { return sink_failed_; }
  /// The HTTP status, 0 before one came.
  long http_status() const { return http_status_; }
  /// A response header's value, lowercased; "" if it did not come.
  std::string Header(const std::string& name) const;

  /// Hands the response headers to the outcome and the sink, once: -v and
  /// --events show them even when the call failed.
  void DeliverHeaders();

  /// A fault found in what was read, which decides the call whatever the
  /// transfer's own result: `end` and `why` as the outcome takes them
  /// (kTransportFailed for an answer of another protocol; kFinished, the
  /// status in the outcome, for a breach of the protocol or a message
  /// over the limit). Nullopt if there is none.
  struct Fault {
    CallOutcome::End end;
    std::string why;
  };
  std::optional<Fault> FaultFound();

  /// How the transfer's end reads over HTTP/1 and HTTP/2, which only curl
  /// knows and which decides whether a Connect unary body came whole.
  struct TransferEnd {
    std::string url;  // where the request went, for errors
    bool http1 = false;
    /// HTTP/2, and the connection closed as the answer ended.
    bool http2_connection_closed = false;
  };
  /// The call's end for an answer the transfer read to its end: the status
  /// it carries (HTTP's, Connect's error, gRPC-Web's trailers), or the
  /// fault of one that ended early.
  Fault Answered(TransferEnd transfer);

  /// Whether a method's one response, held until the status came, is to
  /// be shown: the call ended OK.
  bool HoldsAnswer(const CallOutcome& outcome) const;
  /// Shows the held response; false if the sink refused it.
  bool ShowHeldResponse();

 private:
  bool Connect() const { return protocol_ == Protocol::kConnect; }
  bool ConnectUnary() const;
  int64_t limit() const { return limit_; }
  void HeadersEnded();
  bool ReadFrames(bool* delivered);
  bool ContentTypeMatches() const;
  bool CheckContentType();
  bool Inflated(std::string* message);
  void InflateConnectError();
  bool EndOfStream(const std::string& frame);

  Protocol protocol_;
  MethodShape shape_;
  int64_t limit_;
  ResponseSink* sink_ = nullptr;
  CallOutcome* outcome_;
  std::function<void()> on_answer_over_;

  long http_status_ = 0;
  HttpHeaders headers_;
  bool headers_delivered_ = false;
  bool content_type_checked_ = false;
  bool end_seen_ = false;
  bool sink_failed_ = false;
  int64_t too_large_ = 0;            // the size of a message over the limit
  bool too_large_at_least_ = false;  // all of it not known: what came
  std::string other_protocol_;       // the answer is not this protocol's
  grpc::Status violation_;           // the server broke the protocol
  std::optional<std::string> held_response_;
  std::string body_in_;          // a Connect unary response, or an error's body
  bool error_body_cut_ = false;  // past the limit: the rest not read
  EnvelopeReader envelopes_;
};

}  // namespace rpccli

#endif  // RPCCLI_TRANSPORT_HTTP_HTTP_ANSWER_H_
