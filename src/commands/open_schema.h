// Opening the schema a command names (files, protosets, the server's
// reflection over gRPC or Connect), finding the method in it, and saying
// what reflection did: repairs, failures, and what to do instead.
#ifndef RPCCLI_COMMANDS_OPEN_SCHEMA_H_
#define RPCCLI_COMMANDS_OPEN_SCHEMA_H_

#include <google/protobuf/descriptor.h>
#include <grpcpp/channel.h>

#include <memory>
#include <string>
#include <vector>

#include "base/options.h"
#include "commands/io.h"
#include "schema/descriptor_source.h"
#include "transport/metadata.h"

namespace rpccli {

/// Reads the headers and opens the schema `options` name: files and
/// protosets, with the target's reflection (over `channel`, made here)
/// filling the gaps. Without files, the server is connected first, so
/// that an unreachable one is reported as such.
bool OpenSchema(const Options& options, RequestHeaders* headers,
                DescriptorSource* source,
                std::shared_ptr<grpc::Channel>* channel, std::string* err);

/// `err`, from the schema, with the server named and what to do instead
/// when it is the failure of `source`'s reflection.
std::string SchemaError(const Options& options, const DescriptorSource& source,
                        const std::string& err);

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

/// The flag naming `out` if it is a file this command read (a protoset, a
/// .proto file under an import root, one of `used`'s imports, the request,
/// a header file, a TLS file, a stub file): written over, it would be
/// lost. Empty if it is none.
std::string ReadFrom(
    const Options& options,
    const std::vector<const google::protobuf::FileDescriptor*>& used,
    const std::string& out);

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

}  // namespace rpccli

#endif  // RPCCLI_COMMANDS_OPEN_SCHEMA_H_
