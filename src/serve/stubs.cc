#include "serve/stubs.h"

#include <algorithm>
#include <set>

#include "base/file_read.h"
#include "input/byte_source.h"
#include "input/json_reader.h"
#include "schema/symbol.h"
#include "serve/stub_fields.h"
#include "serve/stub_match.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;
using Json = nlohmann::json;

// How deep a stub's JSON may nest: past protobuf's 100 levels of messages
// it cannot be a message, and deeper trees would exhaust the stack of
// code that walks them.
constexpr int kDeepestStub = 110;

// The stubs a near miss names: the message must fit in a status a client
// takes.
constexpr size_t kNearMissesNamed = 3;

// The keys a stub may have: a typo is an error, not a stub that never
// matches.
const char* const kStubKeys[] = {
    "method",           "request",           "requests", "exact",
    "headers",          "delay_ms",          "response", "stream",
    "response_headers", "response_trailers", "error",
};

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
