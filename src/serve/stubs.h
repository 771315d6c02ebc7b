// rpccli serve's stubs: what a method answers, and to which requests,
// read from JSON or NDJSON files and checked against the schema at start.
#ifndef RPCCLI_SERVE_STUBS_H_
#define RPCCLI_SERVE_STUBS_H_

#include <google/protobuf/descriptor.h>
#include <grpcpp/support/status.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "codec/codec.h"

namespace rpccli {

/// One message of an answer, sent after a pause.
struct StubMessage {
  std::string bytes;
  int delay_ms = 0;
};

struct Stub {
  std::string where;  // FILE:LINE:COLUMN: stub N, for errors and near misses
  bool fake = false;  // made up by --fake for one call
  const google::protobuf::MethodDescriptor* method = nullptr;
  /// What the request must hold (each set field equal), or be (`exact`);
  /// for a client stream, each of the requests collected, as many.
  std::vector<nlohmann::json> requests;
  bool match_requests = false;
  bool exact = false;
  /// Headers the call must carry, with these values.
  std::map<std::string, std::string> headers;
  int delay_ms = 0;  // before the answer
  std::vector<StubMessage> responses;
  std::multimap<std::string, std::string> response_headers;
  std::multimap<std::string, std::string> response_trailers;
  grpc::Status status;  // OK, or the error to end with
};

/// The stubs of every --stubs file, and how a call finds its stub.
class Stubs {
 public:
  /// Reads `paths` (each a stream of JSON stub objects, or arrays of
  /// them), each method and message checked against `services`.
  bool Load(
      const std::vector<std::string>& paths,
      const std::vector<const google::protobuf::ServiceDescriptor*>& services,
      const Codec& codec, std::string* err);

  /// The first stub of `method` whose match holds for `requests` (each
  /// the canonical JSON of a request, as Canonical makes it; `received`
  /// of them came, which with `whole_stream` must be as many as the
  /// stub's) and `headers`; null if none, `why_not` then saying which
  /// stubs came close and why they did not match.
  const Stub* Find(const google::protobuf::MethodDescriptor& method,
                   const std::vector<nlohmann::json>& requests, size_t received,
                   const std::multimap<std::string, std::string>& headers,
                   bool whole_stream, std::string* why_not) const;

  /// The most requests a stub of `method` looks at (a client stream's
  /// `requests`): a call needs to keep no more.
  size_t MostRequestsMatched(
      const google::protobuf::MethodDescriptor& method) const;

  /// A request's wire bytes as the JSON matching compares.
  static bool Canonical(const Codec& codec,
                        const google::protobuf::Descriptor& type,
                        const std::string& bytes, nlohmann::json* json);

  size_t size() const { return stubs_.size(); }

 private:
  bool LoadOne(
      const nlohmann::json& stub, const std::string& where,
      const std::vector<const google::protobuf::ServiceDescriptor*>& services,
      const Codec& codec, std::string* err);

  std::vector<Stub> stubs_;
  // Each method's stubs, by index, in file order.
  std::map<const google::protobuf::MethodDescriptor*, std::vector<size_t>>
      of_method_;
};

}  // namespace rpccli

#endif  // RPCCLI_SERVE_STUBS_H_
