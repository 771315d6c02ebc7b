#include "serve/stub_fields.h"

#include <google/protobuf/any.pb.h>
#include <google/protobuf/util/json_util.h>

#include "base/base64.h"
#include "base/status_code.h"
#include "base/text.h"
#include "error_details.pb.h"
#include "status.pb.h"
#include "transport/metadata.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;
using Json = nlohmann::json;

// The longest a stub may make a call wait, at each step: a typo of a
// delay would otherwise hold a client for days.
constexpr int kLongestDelayMs = 3600 * 1000;

// Why the codec refused a message, less its advice of a flag of call's
// ("(--allow-unknown-fields skips it)"), which serve does not take.
std::string WhyNot(const ParseError& why) {
  size_t advice = why.what.rfind(" (--");
  return advice != std::string::npos && why.what.back() == ')'
             ? why.what.substr(0, advice)
             : why.what;
}

// Why `name: value` cannot be such a header, or "" if it can. gRPC aborts
// on a name that is not lower-case letters, digits, '-', '_' and '.', or
// reserved, and on a value that is not printable ASCII; it trims the
// values a client sends, and sends no HTTP header of its own choosing.
// A -bin header's value is written in base64, and held decoded (gRPC
// encodes the bytes itself, and a client's arrive decoded).
std::string HeaderProblem(const std::string& name, std::string* value,
                          HeaderUse use) {
  const char* kNames =
      "names are lower case (a-z, 0-9, -, _, .) and not reserved (:..., "
      "grpc-..., and in an answer content-type, te, content-length)";
  if (!IsHeaderName(name) || StartsWith(name, "grpc-")) {
    return kNames;
  }
  if (use == HeaderUse::kSent &&
      (name == "content-type" || name == "te" || name == "content-length")) {
    return kNames;
  }
  if (EndsWith(name, "-bin")) {
    std::string bytes;
    if (!Base64Decode(*value, &bytes)) return "a -bin value is base64";
    *value = bytes;
    return "";
  }
  for (char c : *value) {
    if (static_cast<unsigned char>(c) < 0x20 ||
        static_cast<unsigned char>(c) > 0x7E) {
      return "values are printable ASCII (a -bin header takes bytes, in "
             "base64)";
    }
  }
  if (use == HeaderUse::kMatched && *value != Trim(*value)) {
    return "gRPC takes the spaces off a value's ends: none would match";
  }
  return "";
}

// One of an error's details, as google.rpc.Status carries it: an Any, of
// a type rpccli is built with (google.rpc's, the well-known ones) or of
// the schema served.
bool Detail(const Json& json, const Codec& codec, const std::string& where,
            pb::Any* any, std::string* err) {
  auto url = json.is_object() ? json.find("@type") : json.end();
  if (url == json.end() || !url->is_string()) {
    return Refuse(where, "an object with its \"@type\"", err);
  }
  const std::string& type_url = url->get_ref<const std::string&>();
  std::string name = type_url.substr(type_url.rfind('/') + 1);
  // Linking error_details.pb.cc registers every google.rpc detail type.
  (void)google::rpc::ErrorInfo::descriptor();
  // A well-known type's JSON is no object of its fields ("1s" for a
  // Duration): protobuf's own parser reads the Any's "value".
  const pb::Descriptor* served = codec.pool()->FindMessageTypeByName(name);
  if (served == nullptr || served->file()->package() == "google.protobuf") {
    auto status = pb::util::JsonStringToMessage(json.dump(), any);
    if (!status.ok()) return Refuse(where, std::string(status.message()), err);
    return true;
  }
  Json fields = json;
  fields.erase("@type");
  std::string bytes;
  ParseError why;
  if (!codec.Parse(*served, fields.dump(), &bytes, &why)) {
    return Refuse(where, "not a " + name + ": " + WhyNot(why), err);
  }
  any->set_type_url(type_url);
  any->set_value(bytes);
  return true;
}

}  // namespace

bool Refuse(const std::string& where, const std::string& what,
            std::string* err) {
  *err = where + ": " + what;
  return false;
}

bool MessageBytes(const Codec& codec, const pb::Descriptor& type,
                  const Json& json, const std::string& where,
                  std::string* bytes, std::string* err) {
  if (!json.is_object()) {
    return Refuse(where, "not a JSON object for a " + type.full_name(), err);
  }
  ParseError why;
  if (!codec.Parse(type, json.dump(), bytes, &why)) {
    return Refuse(where, "not a " + type.full_name() + ": " + WhyNot(why), err);
  }
  return true;
}

bool Delay(const Json& json, const std::string& where, int* delay_ms,
           std::string* err) {
  if (!json.is_number_integer() || json.get<int64_t>() < 0 ||
      json.get<int64_t>() > kLongestDelayMs) {
    return Refuse(where,
                  "a whole number of milliseconds from 0 to " +
                      std::to_string(kLongestDelayMs),
                  err);
  }
  *delay_ms = json.get<int>();
  return true;
}

bool HeaderMap(const Json& json, const std::string& where, HeaderUse use,
               std::multimap<std::string, std::string>* headers,
               std::string* err) {
  if (!json.is_object()) return Refuse(where, "not an object of headers", err);
  for (const auto& [written_name, written_value] : json.items()) {
    std::string name =
        use == HeaderUse::kMatched ? Lowercase(written_name) : written_name;
    if (!written_value.is_string()) {
      return Refuse(where + "." + name, "a header's value is a string", err);
    }
    std::string value = written_value.get<std::string>();
    std::string problem = HeaderProblem(name, &value, use);
    if (!problem.empty()) {
      return Refuse(where + "." + name, "not a header gRPC sends: " + problem,
                    err);
    }
    headers->emplace(name, value);
  }
  return true;
}

bool ErrorStatus(const Json& json, const std::string& where, const Codec& codec,
                 grpc::Status* status, std::string* err) {
  if (!json.is_object()) return Refuse(where, "not an object", err);
  int code = -1;
  auto found = json.find("code");
  if (found != json.end() && found->is_string()) {
    if (!StatusCodeFromName(found->get<std::string>(), &code)) code = -1;
  } else if (found != json.end() && found->is_number_integer() &&
             found->get<int64_t>() >= 1 && found->get<int64_t>() <= 16) {
    code = static_cast<int>(found->get<int64_t>());
  }
  if (code < 1 || code > 16) {
    return Refuse(where + ".code",
                  "a gRPC status code from 1 to 16, by number or name "
                  "(NotFound)",
                  err);
  }
  auto text = json.find("message");
  if (text != json.end() && !text->is_string()) {
    return Refuse(where + ".message", "not a string", err);
  }
  std::string message = text == json.end() ? "" : text->get<std::string>();
  google::rpc::Status details;
  details.set_code(code);
  details.set_message(message);
  auto listed = json.find("details");
  if (listed != json.end()) {
    if (!listed->is_array()) {
      return Refuse(where + ".details", "not an array", err);
    }
    for (size_t i = 0; i < listed->size(); ++i) {
      if (!Detail((*listed)[i], codec,
                  where + ".details[" + std::to_string(i) + "]",
                  details.add_details(), err)) {
        return false;
      }
    }
  }
  *status =
      grpc::Status(static_cast<grpc::StatusCode>(code), message,
                   listed == json.end() ? "" : details.SerializeAsString());
  return true;
}

}  // namespace rpccli
