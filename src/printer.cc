#include "printer.h"

#include <nlohmann/json.hpp>

#include "json_pretty.h"
#include "status_code.h"

namespace rpccli {

std::string FormatStatus(const grpc::Status& status,
                         const std::vector<std::string>& details) {
  std::string text = "ERROR:\n  Code: " + StatusCodeName(status.error_code()) +
                     "\n  Message: " + status.error_message() + "\n";
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
  nlohmann::ordered_json json;
  json["code"] = static_cast<int>(status.error_code());
  json["name"] = StatusCodeName(status.error_code());
  json["message"] = status.error_message();
  json["details"] = nlohmann::ordered_json::array();
  for (const std::string& detail : details) {
    json["details"].push_back(
        nlohmann::ordered_json::parse(detail, nullptr, false));
  }
  return json.dump() + "\n";
}

namespace {

// Large enough for few system calls, small enough to stay flat in memory.
constexpr size_t kFlushBytes = 64 * 1024;

}  // namespace

bool ResponsePrinter::OnResponse(const std::string& bytes) {
  ++printed_;
  // Text-format messages are told apart by a record separator, which
  // rpccli and grpcurl read back as such.
  if (format_ == MessageFormat::kText && printed_ > 1) buffer_ += '\x1e';
  std::string why;
  if (!codec_->Append(*type_, bytes, &buffer_, &why)) {
    error_ = "response " + std::to_string(printed_) + ": cannot decode it as " +
             type_->full_name() + ": " + why;
    return false;
  }
  buffer_ += '\n';
  return buffer_.size() < kFlushBytes || Drain();
}

bool ResponsePrinter::OnIdle() { return Drain() && out_->flush().good(); }

bool ResponsePrinter::Redirect(std::ostream* out) {
  bool written = Drain();
  out_ = out;
  return written;
}

bool ResponsePrinter::Drain() {
  out_->write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
  return out_->good();
}

}  // namespace rpccli
