// A protobuf DescriptorDatabase over the server's reflection service:
// files are fetched lazily, by name or by symbol, over one stream, each at
// most once. grpc.reflection.v1 is tried first, then v1alpha.
//
// It also repairs what broken servers send: a file that uses a type none
// of its declared imports defines (grpc-js's @grpc/reflection leaves the
// imports out; grpc-go before 1.61 served placeholder files) gets the
// import added, from the files already received, the server's answer for
// the symbol, or the built-in well-known types.
#ifndef RPCCLI_SCHEMA_REFLECTION_DB_H_
#define RPCCLI_SCHEMA_REFLECTION_DB_H_

#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/descriptor_database.h>
#include <grpcpp/channel.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "schema/reflection_stream.h"
#include "schema/well_known_protos.h"

namespace grpc {
namespace reflection {
namespace v1 {
class ServerReflectionRequest;
class ServerReflectionResponse;
}  // namespace v1
}  // namespace reflection
}  // namespace grpc

namespace rpccli {

class ReflectionDatabase : public google::protobuf::DescriptorDatabase {
 public:
  using Headers = std::vector<std::pair<std::string, std::string>>;

  /// `headers` go with the reflection stream; each answer must come within
  /// `timeout_seconds`, which `timeout_flag` set (named when it passes).
  ReflectionDatabase(std::shared_ptr<grpc::Channel> channel, Headers headers,
                     double timeout_seconds, std::string timeout_flag = "");
  /// The same over the streams `open_stream` opens (over Connect, say).
  ReflectionDatabase(ReflectionStreamFactory open_stream,
                     double timeout_seconds, std::string timeout_flag = "");
  ~ReflectionDatabase() override;

  /// The services the server offers, without the reflection services.
  bool ListServices(std::vector<std::string>* services, std::string* err);

  bool FindFileByName(const std::string& filename,
                      google::protobuf::FileDescriptorProto* output) override;
  bool FindFileContainingSymbol(
      const std::string& symbol_name,
      google::protobuf::FileDescriptorProto* output) override;
  bool FindFileContainingExtension(
      const std::string& containing_type, int field_number,
      google::protobuf::FileDescriptorProto* output) override;
  bool FindAllExtensionNumbers(const std::string& extendee_type,
                               std::vector<int>* output) override;

  /// Why the stream failed, if it did ("does not support server
  /// reflection", a timeout...): lookups fail quietly, this says why.
  const std::string& stream_error() const { return stream_error_; }

  /// Which kind of failure stream_error() is, for advice to follow it.
  enum class Failure {
    kNone,
    kNoReflection,  // the server has no reflection service
    kNoAnswer,      // rpccli waited its time out for an answer
    kOther,
  };
  Failure failure() const { return failure_; }

  /// One line per import added to a file the server sent, for -v.
  const std::vector<std::string>& repairs() const { return repairs_; }

  /// What was wrong with the last answer that could not be used, as
  /// "FILE: what" (a file that does not parse, or does not define the
  /// symbol it was sent for); empty if none was.
  const std::string& bad_answer() const { return bad_answer_; }

  /// Whether the server sent a file of this name.
  bool Received(const std::string& filename) const {
    return files_.count(filename) != 0;
  }

 private:
  using Request = grpc::reflection::v1::ServerReflectionRequest;
  using Response = grpc::reflection::v1::ServerReflectionResponse;

  // One request and its answer; false if the stream failed.
  bool Ask(const Request& request, Response* response);
  // Stores the files of a file_descriptor_response; returns their names.
  // `asked` says what they were sent for, for errors.
  std::vector<std::string> Receive(const Response& response,
                                   const std::string& asked);
  // Looks a symbol up in the files received so far.
  std::string ReceivedFileDefining(const std::string& symbol) const;
  // Adds the imports a received file needs but does not declare.
  void Repair(const std::string& filename);
  bool Output(const std::string& filename,
              google::protobuf::FileDescriptorProto* output);

  ReflectionStreamFactory open_stream_;
  double timeout_seconds_;
  std::string timeout_flag_;
  std::unique_ptr<ReflectionStream> stream_;
  std::string stream_error_;
  Failure failure_ = Failure::kNone;
  WellKnownProtoDatabase well_known_;

  std::map<std::string, google::protobuf::FileDescriptorProto> files_;
  std::set<std::string> repaired_;
  std::set<std::string> symbols_not_found_;
  std::vector<std::string> repairs_;
  std::string bad_answer_;
  // How many files' imports Repair is inside of, and whether that went
  // past kMaxImportDepth.
  int imports_deep_ = 0;
  bool too_deep_ = false;
};

}  // namespace rpccli

#endif  // RPCCLI_SCHEMA_REFLECTION_DB_H_
