#include "show/printer.h"

#include "base/status_code.h"
#include "base/utf8.h"
#include "codec/json_pretty.h"
#include "show/events.h"

namespace rpccli {

namespace {

// A status message longer than this is cut, saying so: one page of it is
// enough to read, and a server may send 200 KB.
constexpr size_t kShownMessageBytes = 4096;

}  // namespace

std::string ShownMessage(const std::string& message) {
  if (message.size() <= kShownMessageBytes) return EscapeControls(message);
  return EscapeControls(CutAtCodePoint(message, kShownMessageBytes)) +
         "... (cut; the message has " + std::to_string(message.size()) +
         " bytes)";
}

std::string FormatStatus(const grpc::Status& status,
                         const std::vector<std::string>& details) {
  std::string text = "ERROR:\n  Code: " + StatusCodeName(status.error_code()) +
                     "\n  Message: " + ShownMessage(status.error_message()) +
                     "\n";
  if (details.empty()) return text;
  text += "  Details:\n";
  for (size_t i = 0; i < details.size(); ++i) {
    std::string label = "  " + std::to_string(i + 1) + ") ";
    std::string json;
    AppendIndentedJson(details[i], &json);
    // Continuation lines line up under the first.
    std::string indent(label.size(), ' ');
    text += label;
    for (char c : json) {
      text += c;
      if (c == '\n') text += indent;
    }
    text += "\n";
  }
  return text;
}

std::string FormatStatusJson(const grpc::Status& status,
                             const std::vector<std::string>& details) {
  return StatusJson(status, details, "name") + "\n";
}

namespace {

// Large enough for few system calls, small enough to stay flat in memory.
constexpr size_t kFlushBytes = 64 * 1024;

}  // namespace

bool ResponsePrinter::OnResponse(const std::string& bytes) {
  ++printed_;
  size_t start = buffer_.size();
  if (event_call_ > 0)
    AppendMessageEventStart(event_call_, EventTime(), &buffer_);
  // Text-format messages are told apart by a record separator, which
  // rpccli and grpcurl read back as such.
  if (format_ == MessageFormat::kText && printed_ > 1) buffer_ += '\x1e';
  std::string why;
  if (!codec_->Append(*type_, bytes, &buffer_, &why)) {
    error_ = "response " + std::to_string(printed_) + ": cannot decode it as " +
             type_->full_name() + ": " + why;
    buffer_.resize(start);  // no half-printed response
    if (event_call_ > 0) {
      AppendErrorEvent(event_call_, EventTime(), error_, &buffer_);
    }
    return false;
  }
  if (event_call_ > 0) buffer_ += '}';
  buffer_ += '\n';
  if (stop_after_ > 0 && printed_ >= stop_after_) {
    satisfied_ = true;
    Drain();
    return false;  // ends the call: it has given what was asked for
  }
  return buffer_.size() < kFlushBytes || Drain();
}

std::string ResponsePrinter::SatisfiedReason() const {
  return "rpccli ended the stream after " + std::to_string(stop_after_) +
         " response(s) (--max-responses)";
}

void ResponsePrinter::OnHeaders(const Headers& headers) {
  if (event_call_ == 0 || headers_printed_) return;
  headers_printed_ = true;
  AppendMetadataEvent("headers", event_call_, EventTime(), headers, &buffer_);
}

void ResponsePrinter::PrintEvents(int64_t call_number) {
  event_call_ = call_number;
  event_start_ = std::chrono::steady_clock::now();
}

bool ResponsePrinter::PrintEnd(const CallOutcome& outcome,
                               const std::vector<std::string>& details) {
  if (outcome.headers_arrived) OnHeaders(outcome.headers);
  // A call cancelled before it started has no end time of its own.
  double t_ms =
      outcome.ended > event_start_ ? EventTime(outcome.ended) : EventTime();
  // Why rpccli cancelled the call, which the status alone does not say.
  if ((outcome.end == CallOutcome::End::kBadRequest ||
       outcome.end == CallOutcome::End::kTransportFailed) &&
      !outcome.request_error.empty()) {
    AppendErrorEvent(event_call_, t_ms, outcome.request_error, &buffer_);
  }
  if (outcome.trailers_arrived) {
    AppendMetadataEvent("trailers", event_call_, t_ms, outcome.trailers,
                        &buffer_);
  }
  // The status the call got was rpccli's own cancellation.
  grpc::Status status =
      satisfied_ ? grpc::Status(grpc::StatusCode::CANCELLED, SatisfiedReason())
                 : outcome.status;
  AppendStatusEvent(event_call_, t_ms, status,
                    satisfied_ ? std::vector<std::string>() : details,
                    &buffer_);
  return Drain();
}

double ResponsePrinter::EventTime(
    std::chrono::steady_clock::time_point at) const {
  return std::chrono::duration<double, std::milli>(at - event_start_).count();
}

bool ResponsePrinter::OnIdle() {
  return Drain() && (out_ == nullptr || out_->flush().good());
}

bool ResponsePrinter::Redirect(std::ostream* out) {
  bool written = Drain();  // to the old stream; held output stays
  out_ = out;
  return Drain() && written;
}

bool ResponsePrinter::Drain() {
  if (out_ == nullptr) return true;  // held
  out_->write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
  return out_->good();
}

}  // namespace rpccli
