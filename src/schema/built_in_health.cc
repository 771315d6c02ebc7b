#include "schema/built_in_health.h"

#include <google/protobuf/descriptor.pb.h>

#include "health.pb.h"

namespace rpccli {

namespace pb = google::protobuf;

constexpr char BuiltInHealthDatabase::kFileName[];

bool BuiltInHealthDatabase::Copy(pb::FileDescriptorProto* output) {
  grpc::health::v1::HealthCheckRequest::descriptor()->file()->CopyTo(output);
  // Compiled from its own directory, it is known here as health.proto.
  output->set_name(kFileName);
  used_ = true;
  return true;
}

bool BuiltInHealthDatabase::FindFileByName(const std::string& filename,
                                           pb::FileDescriptorProto* output) {
  return filename == kFileName && Copy(output);
}

bool BuiltInHealthDatabase::FindFileContainingSymbol(
    const std::string& symbol_name, pb::FileDescriptorProto* output) {
  const std::string kPackage = "grpc.health.v1.";
  if (symbol_name.compare(0, kPackage.size(), kPackage) != 0) return false;
  const pb::FileDescriptor* file =
      grpc::health::v1::HealthCheckRequest::descriptor()->file();
  return file->pool()->FindFileContainingSymbol(symbol_name) == file &&
         Copy(output);
}

bool BuiltInHealthDatabase::FindFileContainingExtension(
    const std::string&, int, pb::FileDescriptorProto*) {
  return false;
}

}  // namespace rpccli
