#include "transport/http/http_protocol.h"

#include <cctype>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "base/base64.h"
#include "base/text.h"
#include "base/utf8.h"
#include "status.pb.h"
#include "transport/answer_checks.h"

namespace rpccli {
namespace {

using Json = nlohmann::json;

// Connect's names of the gRPC codes, by code number.
constexpr const char* kConnectCodeNames[] = {
    "ok",
    "canceled",
    "unknown",
    "invalid_argument",
    "deadline_exceeded",
    "not_found",
    "already_exists",
    "permission_denied",
    "resource_exhausted",
    "failed_precondition",
    "aborted",
    "out_of_range",
    "unimplemented",
    "internal",
    "unavailable",
    "data_loss",
    "unauthenticated",
};

// grpc-message is percent-encoded; a bad escape stays as it is.
std::string PercentDecode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() &&
        std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out.push_back(static_cast<char>(std::strtol(
          std::string(text.substr(i + 1, 2)).c_str(), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

}  // namespace

void AppendEnvelope(uint8_t flags, std::string_view bytes, std::string* out) {
  uint32_t size = static_cast<uint32_t>(bytes.size());
  out->push_back(static_cast<char>(flags));
  for (int shift = 24; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((size >> shift) & 0xFF));
  }
  out->append(bytes);
}

EnvelopeReader::Result EnvelopeReader::Next(uint8_t* flags,
                                            std::string* bytes) {
  if (pending() < 5) return Result::kNeedMore;
  const auto* head =
      reinterpret_cast<const unsigned char*>(pending_.data() + start_);
  uint32_t size = (uint32_t{head[1]} << 24) | (uint32_t{head[2]} << 16) |
                  (uint32_t{head[3]} << 8) | uint32_t{head[4]};
  *flags = head[0];
  if ((head[0] & ~known_flags_) != 0) return Result::kUnknownFlags;
  if (max_bytes_ > 0 && size > max_bytes_) {
    too_large_size_ = size;
    return Result::kTooLarge;
  }
  if (pending() < 5 + size) return Result::kNeedMore;
  bytes->assign(pending_, start_ + 5, size);
  start_ += 5 + size;
  // Drop what was read once it is most of the buffer, not at every frame.
  if (start_ > pending_.size() / 2) {
    pending_.erase(0, start_);
    start_ = 0;
  }
  return Result::kEnvelope;
}

bool ConnectCodeFromName(std::string_view name, grpc::StatusCode* code) {
  for (int i = 1; i <= 16; ++i) {
    if (name == kConnectCodeNames[i]) {
      *code = static_cast<grpc::StatusCode>(i);
      return true;
    }
  }
  return false;
}

grpc::StatusCode CodeFromHttpStatus(long http_status) {
  switch (http_status) {
    case 400:
      return grpc::StatusCode::INTERNAL;
    case 401:
      return grpc::StatusCode::UNAUTHENTICATED;
    case 403:
      return grpc::StatusCode::PERMISSION_DENIED;
    case 404:
      return grpc::StatusCode::UNIMPLEMENTED;
    case 429:
    case 502:
    case 503:
    case 504:
      return grpc::StatusCode::UNAVAILABLE;
    default:
      return grpc::StatusCode::UNKNOWN;
  }
}

bool StatusFromConnectError(std::string_view json, grpc::Status* status) {
  Json error = Json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!error.is_object()) return false;
  grpc::StatusCode code = grpc::StatusCode::UNKNOWN;
  auto found_code = error.find("code");
  if (found_code == error.end() || !found_code->is_string()) return false;
  std::string message;
  auto found_message = error.find("message");
  if (found_message != error.end() && found_message->is_string()) {
    message = found_message->get<std::string>();
  }
  // A code Connect does not have is Unknown, as its protocol says, and
  // said to be so.
  const std::string& name = found_code->get<std::string>();
  if (!ConnectCodeFromName(name, &code)) {
    message = "the server sent Connect code \"" + EscapeControls(name) +
              "\", which is not one of Connect's; its message: " + message;
  }
  // The details as gRPC carries them: a google.rpc.Status of Anys.
  google::rpc::Status details;
  details.set_code(code);
  details.set_message(message);
  auto unreadable = [&details](const Json& detail) {
    auto* any = details.add_details();
    any->set_type_url(kUnreadableConnectDetail);
    any->set_value(detail.dump(-1, ' ', false, Json::error_handler_t::replace));
  };
  auto found_details = error.find("details");
  if (found_details != error.end() && !found_details->is_array()) {
    unreadable(*found_details);
  } else if (found_details != error.end()) {
    for (const Json& detail : *found_details) {
      std::string value;
      if (!detail.is_object() || !detail.contains("type") ||
          !detail["type"].is_string() || !detail.contains("value") ||
          !detail["value"].is_string() ||
          !Base64Decode(detail["value"].get<std::string>(), &value)) {
        unreadable(detail);
        continue;
      }
      auto* any = details.add_details();
      any->set_type_url("type.googleapis.com/" +
                        detail["type"].get<std::string>());
      any->set_value(value);
    }
  }
  *status = grpc::Status(
      code, message,
      details.details_size() > 0 ? details.SerializeAsString() : "");
  return true;
}

bool ParseConnectEndOfStream(std::string_view json, grpc::Status* status,
                             HttpHeaders* trailers) {
  Json end = Json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!end.is_object()) return false;
  // Trailers are an object of string lists: anything else is not
  // Connect's, rather than trailers dropped without a word.
  auto metadata = end.find("metadata");
  if (metadata != end.end() && !metadata->is_null()) {
    if (!metadata->is_object()) return false;
    for (const auto& entry : metadata->items()) {
      if (!entry.value().is_array()) return false;
      for (const Json& value : entry.value()) {
        if (!value.is_string()) return false;
        trailers->emplace_back(Lowercase(entry.key()),
                               value.get<std::string>());
      }
    }
  }
  auto error = end.find("error");
  if (error == end.end() || error->is_null()) {
    *status = grpc::Status::OK;
    return true;
  }
  return StatusFromConnectError(error->dump(), status);
}

HttpHeaders ParseGrpcWebTrailers(std::string_view block) {
  HttpHeaders trailers;
  while (!block.empty()) {
    // Lines end in CRLF; a bare LF ends one too, as HTTP/1 readers take it
    // (read otherwise, the next trailer's name went into this value).
    size_t end = block.find('\n');
    std::string_view line = block.substr(0, end);
    block = end == std::string_view::npos ? "" : block.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    trailers.emplace_back(Lowercase(std::string(line.substr(0, colon))),
                          Trim(std::string(line.substr(colon + 1))));
  }
  return trailers;
}

namespace {

// No google.rpc.Status starts with a zero byte (field number 0): a
// server's details cannot be taken for this mark.
const char kNotBase64[] = "\0rpccli: not base64\0";

}  // namespace

std::string MarkNotBase64(const std::string& header_value) {
  return std::string(kNotBase64, sizeof kNotBase64 - 1) + header_value;
}

bool NotBase64Details(const std::string& details, std::string* header_value) {
  std::string mark(kNotBase64, sizeof kNotBase64 - 1);
  if (!StartsWith(details, mark)) return false;
  *header_value = details.substr(mark.size());
  return true;
}

bool TakeGrpcStatus(HttpHeaders* headers, grpc::Status* status) {
  std::string code_text, message, details;
  bool found = false;
  std::string twice;  // a second grpc-status, which one is meant is unknown
  HttpHeaders rest;
  for (auto& header : *headers) {
    if (header.first == "grpc-status") {
      if (found && header.second != code_text) twice = header.second;
      if (!found) code_text = header.second;
      found = true;
    } else if (header.first == "grpc-message") {
      message = PercentDecode(header.second);
    } else if (header.first == "grpc-status-details-bin") {
      if (!Base64Decode(header.second, &details)) {
        details = MarkNotBase64(header.second);
      }
    } else {
      rest.push_back(std::move(header));
    }
  }
  *headers = std::move(rest);
  if (!found) return false;
  if (!twice.empty()) {
    *status = grpc::Status(grpc::StatusCode::INTERNAL,
                           "protocol violation: the server sent grpc-status "
                           "twice, " +
                               EscapeControls(code_text) + " and " +
                               EscapeControls(twice) +
                               ": which one ends the call is not known");
    return true;
  }
  // 1*DIGIT, as gRPC's protocol writes it: strtol would take " 1", "+0"
  // and "-0" too.
  bool digits = !code_text.empty() && code_text.size() <= 8 &&
                code_text.find_first_not_of("0123456789") == std::string::npos;
  long code = digits ? std::strtol(code_text.c_str(), nullptr, 10) : -1;
  if (!digits || code > 16) {
    *status = NotAStatusCode("\"" + code_text + "\"", message);
    return true;
  }
  *status = code == 0 ? grpc::Status::OK
                      : grpc::Status(static_cast<grpc::StatusCode>(code),
                                     message, details);
  return true;
}

std::string GrpcTimeout(int64_t milliseconds) {
  // gRPC allows at most 8 digits.
  if (milliseconds > 99999999) return std::to_string(milliseconds / 1000) + "S";
  return std::to_string(milliseconds < 0 ? 0 : milliseconds) + "m";
}

}  // namespace rpccli
