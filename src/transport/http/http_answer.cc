#include "transport/http/http_answer.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "base/text.h"
#include "base/utf8.h"
#include "transport/answer_checks.h"
#include "transport/http/gzip.h"
#include "transport/http/http_request.h"

namespace rpccli {
namespace {

// HTTP's own headers, left out of the metadata -v shows, as gRPC leaves
// out its transport's.
bool IsTransportHeader(const std::string& name) {
  for (const char* transport :
       {"content-type", "content-length", "content-encoding", "date",
        "connection", "keep-alive", "transfer-encoding", "vary",
        "accept-encoding", "connect-accept-encoding",
        "connect-content-encoding", "grpc-accept-encoding", "grpc-encoding"}) {
    if (name == transport) return true;
  }
  return false;
}

}  // namespace

HttpAnswer::HttpAnswer(Protocol protocol, MethodShape shape,
                       int64_t max_message_bytes, CallOutcome* outcome,
                       std::function<void()> on_answer_over)
    : protocol_(protocol),
      shape_(shape),
      limit_(max_message_bytes > 0 ? max_message_bytes : 4 * 1024 * 1024),
      outcome_(outcome),
      on_answer_over_(std::move(on_answer_over)),
      envelopes_(limit_, protocol == Protocol::kConnect ? 0x03 : 0x81) {}

bool HttpAnswer::ConnectUnary() const {
  return Connect() && !shape_.client_streaming && !shape_.server_streaming;
}

std::optional<HttpAnswer::Fault> HttpAnswer::FaultFound() {
  if (!other_protocol_.empty()) {
    DeliverHeaders();  // an answer that came, unread, is still told
    return Fault{CallOutcome::End::kTransportFailed, other_protocol_};
  }
  if (!violation_.ok()) {
    DeliverHeaders();
    outcome_->status = violation_;
    return Fault{CallOutcome::End::kFinished, ""};
  }
  if (too_large_ != 0) {
    DeliverHeaders();
    outcome_->status =
        grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                     std::string("received message larger than max (") +
                         (too_large_at_least_ ? "at least " : "") +
                         std::to_string(too_large_) + " vs. " +
                         std::to_string(limit()) + ")");
    return Fault{CallOutcome::End::kFinished, ""};
  }
  return std::nullopt;
}

bool HttpAnswer::HoldsAnswer(const CallOutcome& outcome) const {
  return held_response_ && outcome.end == CallOutcome::End::kFinished &&
         outcome.status.ok();
}

bool HttpAnswer::ShowHeldResponse() {
  return sink_->OnResponse(*held_response_) && sink_->OnIdle();
}

void HttpAnswer::HeaderLine(std::string line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
    line.pop_back();
  }
  if (StartsWith(line, "HTTP/")) {
    // A new response (after a 100 Continue, say): start over.
    size_t space = line.find(' ');
    http_status_ =
        space == std::string::npos ? 0 : std::atol(line.c_str() + space + 1);
    headers_.clear();
    return;
  }
  if (line.empty()) {
    HeadersEnded();
    return;
  }
  size_t colon = line.find(':');
  if (colon == std::string::npos) return;
  headers_.emplace_back(Lowercase(line.substr(0, colon)),
                        Trim(line.substr(colon + 1)));
}

// A response that is not a stream of messages (an HTTP error, another
// protocol's, gRPC-Web's trailers-only) is all the answer there will be.
void HttpAnswer::HeadersEnded() {
  if (http_status_ >= 100 && http_status_ < 200) return;  // not the answer
  if (!shape_.client_streaming) return;
  HttpHeaders headers = headers_;
  grpc::Status status;
  bool trailers_only =
      protocol_ == Protocol::kGrpcWeb && TakeGrpcStatus(&headers, &status);
  if (http_status_ != 200 || trailers_only || !ContentTypeMatches()) {
    on_answer_over_();
  }
}

std::string HttpAnswer::Header(const std::string& name) const {
  for (const auto& header : headers_) {
    if (header.first == name) return Lowercase(header.second);
  }
  return "";
}

// The headers as -v and --events show them: HTTP's own left out, and a
// Connect unary response's `trailer-` ones kept for the trailers.
void HttpAnswer::DeliverHeaders() {
  if (headers_delivered_) return;
  headers_delivered_ = true;
  if (http_status_ == 0) return;  // none came
  outcome_->headers_arrived = true;
  for (const auto& header : headers_) {
    if (ConnectUnary() && StartsWith(header.first, "trailer-")) {
      outcome_->trailers.emplace_back(header.first.substr(8), header.second);
    } else if (!IsTransportHeader(header.first)) {
      outcome_->headers.push_back(header);
    }
  }
  if (sink_ != nullptr) sink_->OnHeaders(outcome_->headers);
}

bool HttpAnswer::Body(std::string_view bytes) {
  if (http_status_ != 200) {
    // A Connect error carries the status whole (its message up to 1 MiB,
    // details too): read as far as a response may go, and no further.
    size_t most = static_cast<size_t>(limit());
    if (body_in_.size() + bytes.size() > most) error_body_cut_ = true;
    body_in_.append(bytes.substr(0, most - std::min(most, body_in_.size())));
    return true;
  }
  if (!CheckContentType()) return false;
  if (ConnectUnary()) {
    int64_t so_far = static_cast<int64_t>(body_in_.size() + bytes.size());
    if (so_far > limit()) {
      // The whole size when the headers said it, else what came.
      std::string length = Header("content-length");
      bool said = !length.empty() &&
                  length.find_first_not_of("0123456789") == std::string::npos &&
                  length.size() < 19;
      too_large_ =
          std::max<int64_t>(said ? std::atoll(length.c_str()) : 0, so_far);
      too_large_at_least_ = !said;
      return false;
    }
    body_in_.append(bytes);
    return true;
  }
  envelopes_.Feed(bytes);
  bool delivered = false;
  bool read = ReadFrames(&delivered);
  // What was shown before a fault goes out all the same.
  if (delivered && !sink_->OnIdle()) {
    sink_failed_ = true;
    return false;
  }
  return read;
}

// The whole frames fed so far: messages to the sink (`delivered` says
// whether any went), the end of the stream read. False on a fault.
bool HttpAnswer::ReadFrames(bool* delivered) {
  while (true) {
    uint8_t flags = 0;
    std::string message;
    EnvelopeReader::Result result = envelopes_.Next(&flags, &message);
    if (result == EnvelopeReader::Result::kNeedMore) break;
    if (result == EnvelopeReader::Result::kTooLarge) {
      too_large_ = envelopes_.too_large_size();
      return false;
    }
    if (result == EnvelopeReader::Result::kUnknownFlags) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02x", flags);
      violation_ = grpc::Status(
          grpc::StatusCode::INTERNAL,
          std::string("protocol violation: a frame of the response has "
                      "flags ") +
              hex + ", which " + (Connect() ? "Connect" : "gRPC-Web") +
              " does not have: the body is not framed as it should be, "
              "or a frame before it was shorter than its length said");
      return false;
    }
    // Nothing follows the end of the stream: a message there would be
    // shown after the status that closed the call.
    if (end_seen_) {
      violation_ = grpc::Status(
          grpc::StatusCode::INTERNAL,
          std::string("protocol violation: the server sent a frame after "
                      "the ") +
              (Connect() ? "end-of-stream message" : "trailers frame") +
              ", which ends the response");
      return false;
    }
    uint8_t end_flag = Connect() ? 0x02 : 0x80;
    if (flags & end_flag) {
      // Flagged compressed, it is read as a message would be: with the
      // response's encoding, and an error without one.
      if ((flags & 0x01) && !Inflated(&message)) return false;
      if (!EndOfStream(message)) return false;
      continue;
    }
    if (!shape_.server_streaming && outcome_->responses_received == 1) {
      violation_ = SecondResponse();   // and the call's answer is not known
      ++outcome_->responses_received;  // -v says what arrived
      return false;
    }
    if ((flags & 0x01) && !Inflated(&message)) return false;
    DeliverHeaders();
    if (outcome_->responses_received == 0) {
      outcome_->first_response = std::chrono::steady_clock::now();
    }
    ++outcome_->responses_received;
    outcome_->response_bytes += static_cast<int64_t>(message.size());
    if (!shape_.server_streaming) {
      // Shown once the status says it is the answer (ShowHeldResponse).
      held_response_ = std::move(message);
      continue;
    }
    *delivered = true;
    if (!sink_->OnResponse(message)) {
      sink_failed_ = true;
      return false;
    }
  }
  return true;
}

bool HttpAnswer::ContentTypeMatches() const {
  // The media type alone, without parameters ("; charset=utf-8"): a
  // prefix would take "application/protojunk" for protobuf.
  std::string content_type = Header("content-type");
  std::string type = Trim(content_type.substr(0, content_type.find(';')));
  return type == ContentTypeFor(protocol_, shape_) ||
         (protocol_ == Protocol::kGrpcWeb && type == "application/grpc-web");
}

// A response of another protocol is told as such, once, before its
// first bytes are read as this one's.
bool HttpAnswer::CheckContentType() {
  if (content_type_checked_) return other_protocol_.empty();
  content_type_checked_ = true;
  bool matches = ContentTypeMatches();
  if (!matches) {
    other_protocol_ = "the server answered with content-type \"" +
                      Header("content-type") + "\", not " +
                      ProtocolName(protocol_) + "'s \"" +
                      ContentTypeFor(protocol_, shape_) +
                      "\": does it speak another protocol? (--protocol "
                      "grpc, grpcweb or connect)";
  }
  return matches;
}

// A message the server compressed, in place; the encoding is named in
// the response headers. What is wrong with it is the server's breach of
// the protocol, as gRPC's clients tell it: Internal, or ResourceExhausted
// past --max-msg-sz.
bool HttpAnswer::Inflated(std::string* message) {
  std::string encoding =
      Header(ConnectUnary() ? "content-encoding"
                            : CompressionHeader(protocol_, shape_));
  std::string why;
  if (encoding.empty()) {
    why =
        "the server flagged a message as compressed but named no "
        "encoding for it";
  } else if (encoding != "gzip" && encoding != "deflate") {
    why = "the server sent a message compressed with \"" +
          EscapeControls(encoding) + "\", which rpccli cannot read";
  } else {
    std::string plain;
    Decompressed result = Decompress(*message, limit(), &plain, &why);
    if (result == Decompressed::kDone) {
      *message = std::move(plain);
      return true;
    }
    if (result == Decompressed::kTooLarge) {
      violation_ = grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, why);
      return false;
    }
  }
  violation_ =
      grpc::Status(grpc::StatusCode::INTERNAL, "protocol violation: " + why);
  return false;
}

// A Connect error may come compressed, as any unary body: read it as
// its Content-Encoding says when it can be, else leave it to be shown.
void HttpAnswer::InflateConnectError() {
  std::string encoding = Header("content-encoding");
  if (!Connect() || error_body_cut_ ||
      (encoding != "gzip" && encoding != "deflate")) {
    return;
  }
  std::string plain, why;
  if (Decompress(body_in_, limit(), &plain, &why) == Decompressed::kDone) {
    body_in_ = std::move(plain);
  }
}

// The last frame: Connect's end-of-stream JSON, or gRPC-Web's trailers.
bool HttpAnswer::EndOfStream(const std::string& frame) {
  end_seen_ = true;
  outcome_->trailers_arrived = true;
  on_answer_over_();
  if (Connect()) {
    if (!ParseConnectEndOfStream(frame, &outcome_->status,
                                 &outcome_->trailers)) {
      // A protocol violation, as gRPC-Web's trailers without a status.
      outcome_->trailers.clear();
      std::string_view shown = CutAtCodePoint(frame, 200);
      violation_ = grpc::Status(
          grpc::StatusCode::INTERNAL,
          "protocol violation: the server's end-of-stream message is not "
          "Connect's (a JSON object, with \"error\" holding a \"code\" "
          "name and \"metadata\" lists of strings): " +
              std::string(shown) + (shown.size() < frame.size() ? "..." : ""));
      return false;
    }
    return true;
  }
  outcome_->trailers = ParseGrpcWebTrailers(frame);
  // A status in the headers too is a second one: told as such when the
  // two differ, not the trailers' taken over it.
  HttpHeaders statuses;
  for (const auto& header : headers_) {
    if (header.first == "grpc-status") statuses.push_back(header);
  }
  outcome_->trailers.insert(outcome_->trailers.begin(), statuses.begin(),
                            statuses.end());
  if (!TakeGrpcStatus(&outcome_->trailers, &outcome_->status)) {
    outcome_->status =
        grpc::Status(grpc::StatusCode::INTERNAL,
                     "the server's trailers carry no grpc-status");
  }
  return true;
}

// What the server answered: an error by HTTP status, Connect's JSON or
// gRPC's headers, else the response and the status at its end.
HttpAnswer::Fault HttpAnswer::Answered(TransferEnd transfer) {
  const Fault finished{CallOutcome::End::kFinished, ""};
  DeliverHeaders();
  if (http_status_ != 200) {
    // Connect's errors are a JSON object; anything else, and gRPC-Web's
    // errors, are told by the HTTP status.
    outcome_->trailers_arrived = true;  // the status is in what came
    InflateConnectError();
    if (!(Connect() && StatusFromConnectError(body_in_, &outcome_->status))) {
      HttpHeaders headers = headers_;
      if (!TakeGrpcStatus(&headers, &outcome_->status) ||
          outcome_->status.ok()) {
        outcome_->trailers_arrived = false;
        // Connect's error is JSON: a body that is not is shown, cut.
        std::string body;
        if (Connect() && error_body_cut_) {
          body = ", with an error body past the " + std::to_string(limit()) +
                 "-byte limit; raise it with --max-msg-sz";
        } else if (Connect() && !body_in_.empty()) {
          std::string_view shown = CutAtCodePoint(body_in_, 200);
          body = ", with a body that is not a Connect error: " +
                 std::string(shown) +
                 (shown.size() < body_in_.size() ? "..." : "");
        }
        outcome_->status =
            grpc::Status(CodeFromHttpStatus(http_status_),
                         "HTTP status " + std::to_string(http_status_) +
                             " from " + transfer.url + body);
      }
    }
    return finished;
  }
  // An empty body (an empty message, or a status in the headers) was
  // never checked.
  if (!CheckContentType()) {
    return {CallOutcome::End::kTransportFailed, other_protocol_};
  }
  if (ConnectUnary()) {
    // A Connect unary body has no end of its own. Over HTTP/2 libcurl
    // 7.88 takes a session nghttp2 ended (a frame of the wrong size,
    // bad padding) as the end of the body, and closes the connection:
    // whether the answer came whole is then not known.
    if (transfer.http2_connection_closed) {
      return {CallOutcome::End::kTransportFailed,
              "the HTTP/2 connection closed as the answer ended (after a "
              "protocol error of the server, or its GOAWAY), and libcurl "
              "cannot tell whether the answer came whole: none is shown"};
    }
    // Over HTTP/1, a body without a length ends where the connection
    // closes, which a cut connection does too (and, over TLS, libcurl
    // takes a close without close_notify).
    if (transfer.http1 && Header("content-length").empty() &&
        Header("transfer-encoding").find("chunked") == std::string::npos) {
      return {CallOutcome::End::kTransportFailed,
              "the answer has no length (no Content-Length, not chunked): it "
              "ended as the connection closed, which cannot tell a whole "
              "answer from one cut short: none is shown"};
    }
    std::string encoding = Header("content-encoding");
    if (!encoding.empty() && encoding != "identity" && !Inflated(&body_in_)) {
      outcome_->status = violation_;
      return finished;
    }
    outcome_->trailers_arrived = true;  // as `trailer-` headers
    outcome_->first_response = std::chrono::steady_clock::now();
    outcome_->responses_received = 1;
    outcome_->response_bytes = static_cast<int64_t>(body_in_.size());
    held_response_ = std::move(body_in_);
    outcome_->status = grpc::Status::OK;
    return finished;
  }
  if (!end_seen_) {
    // gRPC-Web's trailers-only response carries the status in headers.
    HttpHeaders headers = headers_;
    if (protocol_ == Protocol::kGrpcWeb &&
        TakeGrpcStatus(&headers, &outcome_->status)) {
      outcome_->trailers_arrived = true;
      return finished;
    }
    outcome_->status = grpc::Status(
        grpc::StatusCode::INTERNAL,
        envelopes_.pending() > 0
            ? "the response ended in the middle of a message"
            : "the response ended without the protocol's end of stream");
  }
  return finished;
}

}  // namespace rpccli
