#include "show/events.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "base/base64.h"
#include "base/status_code.h"
#include "base/text.h"

namespace rpccli {
namespace {

// `{"event":"...","call":N,"t_ms":T` (left open for the event's fields):
// microseconds are as fine as a CLI's clock is worth reading.
void AppendEnvelope(const char* event, int64_t call, double t_ms,
                    std::string* out) {
  char text[128];
  std::snprintf(text, sizeof text,
                "{\"event\":\"%s\",\"call\":%lld,\"t_ms\":%.3f", event,
                static_cast<long long>(call), t_ms);
  *out += text;
}

}  // namespace

void AppendMetadataEvent(const char* event, int64_t call, double t_ms,
                         const Headers& metadata, std::string* out) {
  nlohmann::ordered_json values = nlohmann::ordered_json::object();
  for (const auto& entry : metadata) {
    // gRPC hands over -bin values decoded; JSON wants text.
    values[entry.first].push_back(EndsWith(entry.first, "-bin")
                                      ? Base64Encode(entry.second)
                                      : entry.second);
  }
  AppendEnvelope(event, call, t_ms, out);
  *out += ",\"metadata\":";
  // Invalid UTF-8 is replaced, not thrown about: header values are bytes.
  *out += values.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  *out += "}\n";
}

void AppendMessageEventStart(int64_t call, double t_ms, std::string* out) {
  AppendEnvelope("message", call, t_ms, out);
  *out += ",\"message\":";
}

void AppendErrorEvent(int64_t call, double t_ms, const std::string& message,
                      std::string* out) {
  AppendEnvelope("error", call, t_ms, out);
  *out += ",\"message\":";
  *out += nlohmann::json(message).dump(-1, ' ', false,
                                       nlohmann::json::error_handler_t::replace);
  *out += "}\n";
}

std::string StatusJson(const grpc::Status& status,
                       const std::vector<std::string>& details,
                       const char* name_key) {
  nlohmann::ordered_json fields;
  fields["code"] = static_cast<int>(status.error_code());
  fields[name_key] = StatusCodeName(status.error_code());
  fields["message"] = status.error_message();
  fields["details"] = nlohmann::ordered_json::array();
  for (const std::string& detail : details) {
    fields["details"].push_back(
        nlohmann::ordered_json::parse(detail, nullptr, false));
  }
  return fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void AppendStatusEvent(int64_t call, double t_ms, const grpc::Status& status,
                       const std::vector<std::string>& details,
                       std::string* out) {
  std::string body = StatusJson(status, details, "code_name");
  AppendEnvelope("status", call, t_ms, out);
  // The fields' object without its opening brace continues the envelope.
  *out += ',';
  out->append(body, 1, std::string::npos);
  *out += '\n';
}

}  // namespace rpccli
