// What the commands share: opening the schema (files, protosets, the
// server's reflection), finding the method, and telling how a call ended.
// Each command's own flow is in its file beside this one.
#ifndef RPCCLI_COMMANDS_COMMON_H_
#define RPCCLI_COMMANDS_COMMON_H_

#include <google/protobuf/descriptor.h>
#include <grpcpp/channel.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "../call.h"
#include "../call_runner.h"
#include "../codec.h"
#include "../descriptor_source.h"
#include "../http_call.h"
#include "../metadata.h"
#include "../options.h"
#include "io.h"
#include "../stop_signals.h"

namespace rpccli {

/// Prints `message` as `rpccli: error: ...`, one such line per line of it,
/// and returns `code`.
int Fail(const Io& io, int code, const std::string& message);

/// A command's last step, once its outcome is printed: ends the process
/// through `io.end_process` if it is set (skipping the teardown of what the
/// command built), else returns `code`.
int End(const Io& io, int code);

/// Reads the headers and opens the schema `options` name: files and
/// protosets, with the target's reflection (over `channel`, made here)
/// filling the gaps. Without files, the server is connected first, so
/// that an unreachable one is reported as such.
bool OpenSchema(const Options& options, RequestHeaders* headers,
                DescriptorSource* source,
                std::shared_ptr<grpc::Channel>* channel, std::string* err);

/// Prints each header left out as `rpccli: warning: ...`.
void ReportHeaderWarnings(const RequestHeaders& headers, const Io& io);

/// What follows a JSON name clash (Codec::TakeNameClashes) in a warning.
extern const char kNameClashOutcome[];

/// Says, once, which fields of the responses `codec` printed as JSON it
/// could not show (the schema does not know them), and which messages it
/// printed by .proto names since their JSON names clash.
void ReportJsonWarnings(const Codec& codec, const Io& io);

/// Says, with -v, what was repaired in the server's reflection answers
/// and what was changed to read the schema (DescriptorSource::Notes).
void ReportRepairs(const Options& options, const DescriptorSource& source,
                   const Io& io);

/// A reflection failure named with the server and what to do instead.
std::string SchemaError(const Options& options, const std::string& err);

/// Tells whether the server's reflection failed between the two calls of
/// Blame: a request or response reading a type the files lack (an Any's)
/// asks the server for it, and its failure is then part of any error.
class ReflectionWatch {
 public:
  explicit ReflectionWatch(const DescriptorSource& source);
  /// `err` with the reflection's failure, if it failed since the watch
  /// began; its silence, if that is what ran the time out.
  std::string Blame(const Options& options, const std::string& err) const;
  /// A warning on stderr if it failed since the watch began and no error
  /// said so: responses were then printed without the types it lacked.
  void WarnIfFailed(const Options& options, const Io& io) const;

 private:
  // The reflection's failure if it is new since the watch began and says
  // more than that the server has no reflection; else "".
  std::string NewFailure() const;

  const DescriptorSource& source_;
  bool failed_before_;
};

/// --protoset-out: writes `files` with their imports, if asked to.
bool WriteProtosetIfAsked(
    const Options& options, const DescriptorSource& source,
    const std::vector<const google::protobuf::FileDescriptor*>& files,
    std::string* err);

/// Finds `options.method` among the files' services, then the server's.
const google::protobuf::MethodDescriptor* FindMethod(const Options& options,
                                                     DescriptorSource* source,
                                                     std::string* err);

/// `a`, `a and b`, `a, b and c`: services the server names but does not
/// describe, for messages.
std::string UndescribedNames(const std::vector<std::string>& names);

/// Opens the schema and finds the method, reporting repairs and writing
/// --protoset-out; on failure, `err` says why (exit 1).
struct MethodSchema {
  RequestHeaders headers;
  DescriptorSource source;
  std::shared_ptr<grpc::Channel> channel;
  const google::protobuf::MethodDescriptor* method = nullptr;
};
bool OpenMethod(const Options& options, const Io& io, MethodSchema* schema,
                std::string* err);

/// For --batch and bench, whose --max-time is each call's: the options to
/// connect and open the schema with, once before the calls, waiting as long
/// as --connect-timeout says.
Options OnceForAllCalls(const Options& options);

/// What every call of the schema's method is made with: its path, the
/// call headers and --compress; no deadline, which each command sets.
CallSetup SetupCalls(const Options& options, const MethodSchema& schema);

/// --protocol connect or grpcweb: where the calls go and over which HTTP.
/// False, with `err`, if TARGET is no HTTP address (exit 1), or if the
/// protocol cannot carry this method's kind of call or --connect-get
/// cannot send it (`usage`: exit 2).
bool HttpSetupForMethod(const Options& options,
                        const google::protobuf::MethodDescriptor& method,
                        HttpSetup* http, std::string* err, bool* usage);

/// Makes the runner of `call --batch` and bench, afresh for each phase.
using RunnerFactory = std::function<std::unique_ptr<ManyCalls>()>;

/// The runner factory for `options`: gRPC over `channels`, or Connect and
/// gRPC-Web over HTTP with --protocol. False, with `err`, if the protocol
/// cannot carry the method (`usage` set) or libcurl cannot be loaded.
bool RunnersFor(const Options& options, const MethodSchema& schema,
                std::vector<std::shared_ptr<grpc::Channel>> channels,
                const CallSetup& setup, int concurrency, RunnerFactory* make,
                std::string* err, bool* usage);

/// True for a method that takes and returns one message.
bool IsUnary(const google::protobuf::MethodDescriptor& method);

/// Which way `method` streams, as the HTTP transport takes it.
MethodShape ShapeOf(const google::protobuf::MethodDescriptor& method);

/// `interrupted by SIGINT; <what>` (or the signal received), printed as an
/// error; returns 128 + the signal's number.
int FailInterrupted(const Io& io, const StopSignals& stop_signals,
                    const std::string& what);

/// The failed status as the user sees it (text or --format-error json),
/// with its details decoded, and the flag to raise if a response was too
/// large.
std::string DescribeFailedStatus(const grpc::Status& status,
                                 const Codec& details_codec,
                                 const Options& options);

/// How error details print: JSON on one line, whatever --format says.
FormatOptions DetailsFormat();

/// How responses print: as --format and the rest say, or as compact JSON
/// inside --events.
FormatOptions ResponseFormat(const Options& options);

/// --max-time counted from now; no limit when it is 0.
std::chrono::system_clock::time_point DeadlineAfter(double seconds);

}  // namespace rpccli

#endif  // RPCCLI_COMMANDS_COMMON_H_
