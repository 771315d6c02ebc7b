#include "serve/stubs.h"

#include <google/protobuf/any.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <set>

#include "base/base64.h"
#include "base/file_read.h"
#include "base/status_code.h"
#include "base/text.h"
#include "error_details.pb.h"
#include "input/byte_source.h"
#include "input/json_reader.h"
#include "schema/symbol.h"
#include "status.pb.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;
using Json = nlohmann::json;

// The longest a stub may make a call wait, at each step: a typo of a
// delay would otherwise hold a client for days.
constexpr int kLongestDelayMs = 3600 * 1000;

// How deep a stub's JSON may nest: past protobuf's 100 levels of messages
// it cannot be a message, and deeper trees would exhaust the stack of
// code that walks them.
constexpr int kDeepestStub = 110;

// The stubs a near miss names, and how much of a value each quotes: the
// message must fit in a status a client takes.
constexpr size_t kNearMissesNamed = 3;
constexpr size_t kLongestQuote = 60;

// The keys a stub may have: a typo is an error, not a stub that never
// matches.
const char* const kStubKeys[] = {
    "method",           "request",           "requests", "exact",
    "headers",          "delay_ms",          "response", "stream",
    "response_headers", "response_trailers", "error",
};

bool Refuse(const std::string& where, const std::string& what,
            std::string* err) {
  *err = where + ": " + what;
  return false;
}

// A stub's JSON, refused if a key comes twice in an object (a JSON parser
// would keep the last, and the stub would match something else than it
// reads) or it nests too deep.
bool ParseStubJson(const std::string& text, Json* json, std::string* what) {
  std::vector<std::set<std::string>> keys;  // of each open object
  std::string problem;
  auto check = [&](int depth, Json::parse_event_t event, Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start:
      case Json::parse_event_t::array_start:
        if (depth >= kDeepestStub) {
          if (problem.empty()) {
            problem =
                "nests deeper than " + std::to_string(kDeepestStub) + " levels";
          }
          return false;
        }
        if (event == Json::parse_event_t::object_start) keys.emplace_back();
        return true;
      case Json::parse_event_t::object_end:
        if (!keys.empty()) keys.pop_back();
        return true;
      case Json::parse_event_t::key:
        if (!keys.empty() &&
            !keys.back().insert(parsed.get<std::string>()).second &&
            problem.empty()) {
          problem =
              "\"" + parsed.get<std::string>() + "\" comes twice in one object";
        }
        return true;
      default:
        return true;
    }
  };
  try {
    *json = Json::parse(text, check);
  } catch (const Json::exception& e) {
    // "[json.exception.out_of_range.406] number overflow parsing '1e400'"
    std::string said = e.what();
    size_t code_end = said.find("] ");
    if (problem.empty()) {
      problem =
          "not JSON as a stub must be: " +
          (code_end == std::string::npos ? said : said.substr(code_end + 2));
    }
  }
  *what = problem;
  return problem.empty();
}

// A value as a near miss quotes it: short.
std::string Quote(const Json& value) {
  std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() <= kLongestQuote) return text;
  size_t cut = kLongestQuote;
  // Not inside a UTF-8 sequence.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return text.substr(0, cut) + "...";
}

// A stub's request asking for a field's default value ("name": "") would
// match anything: canonical JSON leaves fields at their default out, on
// both sides. Such a field is kept in the stub as this mark, which
// matches only a request that leaves the field out too.
const Json& DefaultMark() {
  static const Json mark = Json::binary({});
  return mark;
}

const pb::FieldDescriptor* FieldNamed(const pb::Descriptor& type,
                                      const std::string& key) {
  for (int i = 0; i < type.field_count(); ++i) {
    const pb::FieldDescriptor* field = type.field(i);
    if (field->name() == key || field->json_name() == key) return field;
  }
  return nullptr;
}

// Marks, in `canonical`, the fields `written` (as the stub wrote them)
// names that canonical JSON left out: those the stub wants at their
// default.
void MarkDefaults(const pb::Descriptor& type, const Json& written,
                  Json* canonical) {
  if (!written.is_object() || !canonical->is_object()) return;
  for (const auto& [key, value] : written.items()) {
    const pb::FieldDescriptor* field = FieldNamed(type, key);
    if (field == nullptr) continue;  // an extension, an Any's "@type"
    const std::string* shown = nullptr;
    for (const std::string* name : {&field->json_name(), &field->name()}) {
      if (canonical->contains(*name)) shown = name;
    }
    if (shown == nullptr) {
      (*canonical)[field->json_name()] = DefaultMark();
    } else if (field->message_type() != nullptr && !field->is_repeated()) {
      MarkDefaults(*field->message_type(), value, &(*canonical)[*shown]);
    }
  }
}

// Why the codec refused a message, less its advice of a flag of call's
// ("(--allow-unknown-fields skips it)"), which serve does not take.
std::string WhyNot(const ParseError& why) {
  size_t advice = why.what.rfind(" (--");
  return advice != std::string::npos && why.what.back() == ')'
             ? why.what.substr(0, advice)
             : why.what;
}

// A message of `type` from the JSON a stub holds for it.
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

// Headers a call must carry (`headers`) or its answer sends
// (`response_headers`, `response_trailers`).
enum class HeaderUse { kMatched, kSent };

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
  if (name.empty() || name[0] == ':' || StartsWith(name, "grpc-") ||
      name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_.") !=
          std::string::npos) {
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

// Header names are matched whatever their case (HTTP/2 sends them in
// lower case).
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

// {"code": "NotFound" or 5, "message": "...", "details": [{"@type": ...}]}:
// the details as google.rpc.Status carries them, in grpc-status-details-bin.
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

// Types whose JSON object is a value of its own, not fields: Struct's
// keys are data.
bool IsWholeValue(const pb::Descriptor* type) {
  return type != nullptr && (type->full_name() == "google.protobuf.Struct" ||
                             type->full_name() == "google.protobuf.Value");
}

// Whether `actual` holds `expected`, requests of `type` (null: not known):
// each of its fields equal, messages compared so in turn; with `exact`,
// nothing more either.
bool Holds(const Json& actual, const Json& expected, bool exact,
           const pb::Descriptor* type, std::string* differs) {
  if (expected.is_binary()) {  // DefaultMark: the field left at its default
    *differs = "is " + Quote(actual) + ", not the default";
    return false;
  }
  if (!expected.is_object() || !actual.is_object() || IsWholeValue(type)) {
    if (actual == expected) return true;
    *differs = "is " + Quote(actual) + ", not " + Quote(expected);
    return false;
  }
  for (const auto& [key, value] : expected.items()) {
    auto found = actual.find(key);
    if (found == actual.end() && value.is_binary()) continue;
    if (found == actual.end()) {
      *differs = key + " is not set";
      return false;
    }
    const pb::FieldDescriptor* field =
        type == nullptr ? nullptr : FieldNamed(*type, key);
    // A map is a value, compared whole; a message, field by field (inside
    // an Any, whose fields are its type's, JSON objects are compared so).
    bool whole = field != nullptr && field->is_map();
    const pb::Descriptor* inner = field == nullptr || field->is_repeated()
                                      ? nullptr
                                      : field->message_type();
    bool held =
        whole ? *found == value : Holds(*found, value, exact, inner, differs);
    if (whole && !held) {
      *differs = "is " + Quote(*found) + ", not " + Quote(value);
    }
    if (!held) {
      // "name is ...", or "inner.name is ..." from a nested message.
      *differs = key + (differs->rfind("is ", 0) == 0 ? " " : ".") + *differs;
      return false;
    }
  }
  if (exact) {
    for (const auto& [key, value] : actual.items()) {
      if (expected.find(key) == expected.end()) {
        *differs = key + " is set (" + Quote(value) +
                   "), which an exact match does not allow";
        return false;
      }
    }
  }
  return true;
}

}  // namespace

bool Stubs::Canonical(const Codec& codec, const pb::Descriptor& type,
                      const std::string& bytes, Json* json) {
  std::string text;
  std::string err;
  if (!codec.Append(type, bytes, &text, &err)) return false;
  *json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  return !json->is_discarded();
}

bool Stubs::Load(const std::vector<std::string>& paths,
                 const std::vector<const pb::ServiceDescriptor*>& services,
                 const Codec& codec, std::string* err) {
  for (const std::string& path : paths) {
    std::string text;
    if (!ReadWholeFile(path, "--stubs", kMaxSchemaFileBytes, &text, err)) {
      return false;
    }
    StringSource source(std::move(text));
    JsonReader reader(&source, path);
    InputMessage value;
    for (;;) {
      MessageReader::Result result = reader.Next(&value, err);
      if (result == MessageReader::Result::kEnd) break;
      if (result == MessageReader::Result::kError) return false;
      std::string where = path + ":" + std::to_string(value.line) + ":" +
                          std::to_string(value.column);
      Json json;
      std::string what;
      if (!ParseStubJson(value.text, &json, &what)) {
        return Refuse(where, what, err);
      }
      // A file may hold an array of stubs, or stubs one after another.
      std::vector<Json> stubs;
      if (json.is_array()) {
        stubs.assign(json.begin(), json.end());
      } else {
        stubs.push_back(std::move(json));
      }
      for (const Json& stub : stubs) {
        std::string named =
            where + ": stub " + std::to_string(stubs_.size() + 1);
        if (!LoadOne(stub, named, services, codec, err)) return false;
      }
    }
  }
  return true;
}

bool Stubs::LoadOne(const Json& json, const std::string& where,
                    const std::vector<const pb::ServiceDescriptor*>& services,
                    const Codec& codec, std::string* err) {
  if (!json.is_object()) return Refuse(where, "not a JSON object", err);
  for (const auto& [key, value] : json.items()) {
    bool known = false;
    for (const char* name : kStubKeys) known = known || key == name;
    if (!known) {
      return Refuse(where, "\"" + key + "\" is no key of a stub", err);
    }
  }
  Stub stub;
  stub.where = where;
  auto method = json.find("method");
  if (method == json.end() || !method->is_string()) {
    return Refuse(where, "\"method\" is missing: which method it answers", err);
  }
  std::string miss;
  stub.method = ResolveMethod(services, method->get<std::string>(), &miss);
  if (stub.method == nullptr) return Refuse(where + ": method", miss, err);
  const pb::Descriptor& input = *stub.method->input_type();
  const pb::Descriptor& output = *stub.method->output_type();
  bool client_stream = stub.method->client_streaming();
  bool server_stream = stub.method->server_streaming();

  // What the call must send.
  auto exact = json.find("exact");
  if (exact != json.end() && !exact->is_boolean()) {
    return Refuse(where + ": exact", "true or false", err);
  }
  stub.exact = exact != json.end() && exact->get<bool>();
  auto request = json.find("request");
  auto requests = json.find("requests");
  if (requests != json.end() && !(client_stream && !server_stream)) {
    return Refuse(where,
                  "\"requests\" is for a client stream's requests; "
                  "give \"request\"",
                  err);
  }
  if (request != json.end() && client_stream && !server_stream) {
    return Refuse(where, "a client stream's stub matches its \"requests\"",
                  err);
  }
  std::vector<Json> expected;
  if (request != json.end()) expected.push_back(*request);
  if (requests != json.end()) {
    if (!requests->is_array()) {
      return Refuse(where + ": requests", "not an array", err);
    }
    expected.assign(requests->begin(), requests->end());
  }
  stub.match_requests = request != json.end() || requests != json.end();
  for (size_t i = 0; i < expected.size(); ++i) {
    std::string bytes;
    Json canonical;
    std::string at =
        where + ": request" +
        (requests != json.end() ? "s[" + std::to_string(i) + "]" : "");
    if (!MessageBytes(codec, input, expected[i], at, &bytes, err)) return false;
    if (!Canonical(codec, input, bytes, &canonical)) {
      return Refuse(at, "cannot be shown as JSON", err);
    }
    MarkDefaults(input, expected[i], &canonical);
    stub.requests.push_back(canonical);
  }
  auto headers = json.find("headers");
  if (headers != json.end()) {
    std::multimap<std::string, std::string> named;
    if (!HeaderMap(*headers, where + ": headers", HeaderUse::kMatched, &named,
                   err)) {
      return false;
    }
    stub.headers.insert(named.begin(), named.end());
  }

  // What it answers.
  if (json.contains("delay_ms") &&
      !Delay(json["delay_ms"], where + ": delay_ms", &stub.delay_ms, err)) {
    return false;
  }
  int answers = json.contains("response") + json.contains("stream") +
                json.contains("error");
  if (answers == 0) {
    return Refuse(where,
                  "no answer: give \"response\", \"stream\" or "
                  "\"error\"",
                  err);
  }
  if (json.contains("response") && json.contains("stream")) {
    return Refuse(where, "\"response\" and \"stream\" both: give one", err);
  }
  if (json.contains("response")) {
    StubMessage& message = stub.responses.emplace_back();
    if (!MessageBytes(codec, output, json["response"], where + ": response",
                      &message.bytes, err)) {
      return false;
    }
  }
  if (json.contains("stream")) {
    if (!server_stream) {
      return Refuse(
          where,
          stub.method->full_name() + " returns one message: give \"response\"",
          err);
    }
    const Json& stream = json["stream"];
    if (!stream.is_array())
      return Refuse(where + ": stream", "not an array", err);
    for (size_t i = 0; i < stream.size(); ++i) {
      std::string at = where + ": stream[" + std::to_string(i) + "]";
      const Json& entry = stream[i];
      if (!entry.is_object() || !entry.contains("message")) {
        return Refuse(at, "{\"message\": {...}, \"delay_ms\": N}", err);
      }
      StubMessage& message = stub.responses.emplace_back();
      if (!MessageBytes(codec, output, entry["message"], at + ".message",
                        &message.bytes, err) ||
          (entry.contains("delay_ms") &&
           !Delay(entry["delay_ms"], at + ".delay_ms", &message.delay_ms,
                  err))) {
        return false;
      }
    }
  }
  if (json.contains("error") && !ErrorStatus(json["error"], where + ": error",
                                             codec, &stub.status, err)) {
    return false;
  }
  if (!server_stream && stub.status.ok() && stub.responses.size() != 1) {
    return Refuse(where,
                  "a method that returns one message needs its "
                  "\"response\"",
                  err);
  }
  if (!server_stream && !stub.status.ok() && !stub.responses.empty()) {
    // Clients drop a unary answer's message when an error ends it.
    return Refuse(where,
                  "a method that returns one message answers with "
                  "\"response\" or \"error\", not both",
                  err);
  }
  if ((json.contains("response_headers") &&
       !HeaderMap(json["response_headers"], where + ": response_headers",
                  HeaderUse::kSent, &stub.response_headers, err)) ||
      (json.contains("response_trailers") &&
       !HeaderMap(json["response_trailers"], where + ": response_trailers",
                  HeaderUse::kSent, &stub.response_trailers, err))) {
    return false;
  }
  of_method_[stub.method].push_back(stubs_.size());
  stubs_.push_back(std::move(stub));
  return true;
}

size_t Stubs::MostRequestsMatched(const pb::MethodDescriptor& method) const {
  size_t most = 0;
  auto found = of_method_.find(&method);
  if (found == of_method_.end()) return most;
  for (size_t index : found->second) {
    most = std::max(most, stubs_[index].requests.size());
  }
  return most;
}

const Stub* Stubs::Find(const pb::MethodDescriptor& method,
                        const std::vector<Json>& requests, size_t received,
                        const std::multimap<std::string, std::string>& headers,
                        bool whole_stream, std::string* why_not) const {
  std::vector<std::string> near;
  size_t missed = 0;
  auto of_method = of_method_.find(&method);
  static const std::vector<size_t> kNone;
  for (size_t index :
       of_method == of_method_.end() ? kNone : of_method->second) {
    const Stub& stub = stubs_[index];
    std::string differs;
    bool holds = true;
    for (const auto& [name, value] : stub.headers) {
      auto range = headers.equal_range(name);
      bool found = false;
      for (auto it = range.first; it != range.second; ++it) {
        found = found || it->second == value;
      }
      if (!found) {
        holds = false;
        differs = "header " + name + " is " +
                  (range.first == range.second
                       ? "not sent"
                       : Quote(range.first->second) + ", not " + Quote(value));
        break;
      }
    }
    if (holds && stub.match_requests) {
      if (whole_stream && received != stub.requests.size()) {
        holds = false;
        differs = std::to_string(received) + " requests, not " +
                  std::to_string(stub.requests.size());
      }
      for (size_t i = 0;
           holds && i < stub.requests.size() && i < requests.size(); ++i) {
        std::string field;
        if (!Holds(requests[i], stub.requests[i], stub.exact,
                   method.input_type(), &field)) {
          holds = false;
          differs = (stub.requests.size() > 1
                         ? "request " + std::to_string(i + 1) + ": "
                         : std::string("the request's ")) +
                    field;
        }
      }
    }
    if (holds) return &stub;
    // Only the first few are named: with many stubs, the rest are counted.
    if (near.size() < kNearMissesNamed) {
      near.push_back(stub.where + " (" + differs + ")");
    } else {
      ++missed;
    }
  }
  if (near.empty()) {
    *why_not = "no stub answers " + method.full_name();
  } else {
    std::string list;
    for (size_t i = 0; i < near.size(); ++i) {
      list += (i == 0 ? "" : "; ") + near[i];
    }
    if (missed > 0) list += "; and " + std::to_string(missed) + " more";
    *why_not = "no stub of " + method.full_name() + " matches: " + list;
  }
  return nullptr;
}

}  // namespace rpccli
