// The standard health service's schema, built into rpccli, for servers
// whose reflection lists grpc.health.v1.Health but cannot describe it
// (gRPC C++'s built-in health service has no descriptor to send).
#ifndef RPCCLI_SCHEMA_BUILT_IN_HEALTH_H_
#define RPCCLI_SCHEMA_BUILT_IN_HEALTH_H_

#include <google/protobuf/descriptor_database.h>

#include <atomic>
#include <string>

namespace rpccli {

/// grpc/health/v1/health.proto, from grpc-proto, as a database of one
/// file. Meant to be asked last, after the server.
class BuiltInHealthDatabase : public google::protobuf::DescriptorDatabase {
 public:
  /// The name servers give the file.
  static constexpr char kFileName[] = "grpc/health/v1/health.proto";

  bool FindFileByName(const std::string& filename,
                      google::protobuf::FileDescriptorProto* output) override;
  bool FindFileContainingSymbol(
      const std::string& symbol_name,
      google::protobuf::FileDescriptorProto* output) override;
  bool FindFileContainingExtension(
      const std::string& containing_type, int field_number,
      google::protobuf::FileDescriptorProto* output) override;

  /// Whether the file was handed out: a repair, for -v to report.
  bool used() const { return used_; }

 private:
  bool Copy(google::protobuf::FileDescriptorProto* output);

  std::atomic<bool> used_{false};
};

}  // namespace rpccli

#endif  // RPCCLI_SCHEMA_BUILT_IN_HEALTH_H_
