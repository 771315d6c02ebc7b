// One ServerReflectionInfo stream, asked one request at a time, behind an
// interface: the reflection database (reflection_db.h) runs over gRPC
// (here) or over Connect (http_reflection.h) alike.
#ifndef RPCCLI_SCHEMA_REFLECTION_STREAM_H_
#define RPCCLI_SCHEMA_REFLECTION_STREAM_H_

#include <grpcpp/channel.h>
#include <grpcpp/support/status.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace rpccli {

using ReflectionHeaders = std::vector<std::pair<std::string, std::string>>;

class ReflectionStream {
 public:
  virtual ~ReflectionStream() = default;
  /// Sends one request and reads its answer, as bytes. On failure `status`
  /// says why: UNIMPLEMENTED when the server has no such service,
  /// DEADLINE_EXCEEDED when no answer came in time; the stream is then
  /// over.
  virtual bool Exchange(const std::string& request, std::string* response,
                        grpc::Status* status) = 0;
};

/// Opens a stream to `path` (v1's or v1alpha's method) whose answers must
/// each come within `timeout`.
using ReflectionStreamFactory = std::function<std::unique_ptr<ReflectionStream>(
    const std::string& path, std::chrono::milliseconds timeout)>;

/// How a stream says no answer came within `timeout`, whatever carries it.
grpc::Status NoAnswerWithin(std::chrono::milliseconds timeout);

/// Whether `status` is NoAnswerWithin's: rpccli stopped waiting, as opposed
/// to a server's own DEADLINE_EXCEEDED.
bool NoAnswerCame(const grpc::Status& status);

/// Streams over a gRPC channel, with `headers`. `path_prefix` goes before
/// the reflection method's path, as before every method's (grpc/channel.h's
/// ParsedTarget).
ReflectionStreamFactory GrpcReflectionStreams(
    std::shared_ptr<grpc::Channel> channel, ReflectionHeaders headers,
    std::string path_prefix = "");

}  // namespace rpccli

#endif  // RPCCLI_SCHEMA_REFLECTION_STREAM_H_
