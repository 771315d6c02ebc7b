#include "printer.h"

namespace rpccli {

std::string StatusCodeName(grpc::StatusCode code) {
  static const char* const kNames[] = {
      "OK",
      "Canceled",
      "Unknown",
      "InvalidArgument",
      "DeadlineExceeded",
      "NotFound",
      "AlreadyExists",
      "PermissionDenied",
      "ResourceExhausted",
      "FailedPrecondition",
      "Aborted",
      "OutOfRange",
      "Unimplemented",
      "Internal",
      "Unavailable",
      "DataLoss",
      "Unauthenticated",
  };
  int index = static_cast<int>(code);
  if (index < 0 || index >= static_cast<int>(sizeof kNames / sizeof *kNames)) {
    return "Code(" + std::to_string(index) + ")";
  }
  return kNames[index];
}

std::string FormatStatus(const grpc::Status& status) {
  return "ERROR:\n  Code: " + StatusCodeName(status.error_code()) +
         "\n  Message: " + status.error_message() + "\n";
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
  return buffer_.size() < kFlushBytes || Write();
}

bool ResponsePrinter::OnIdle() { return Write() && out_->flush().good(); }

bool ResponsePrinter::Write() {
  out_->write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
  return out_->good();
}

}  // namespace rpccli
