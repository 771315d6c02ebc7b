#include "schema/well_known_protos.h"

#include <google/protobuf/any.pb.h>
#include <google/protobuf/api.pb.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/duration.pb.h>
#include <google/protobuf/empty.pb.h>
#include <google/protobuf/field_mask.pb.h>
#include <google/protobuf/source_context.pb.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/type.pb.h>
#include <google/protobuf/wrappers.pb.h>

#include "base/text.h"
#include "schema/editions.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

const pb::FileDescriptor* FindWellKnownFile(const std::string& filename) {
  if (!IsWellKnownProto(filename)) return nullptr;
  return pb::DescriptorPool::generated_pool()->FindFileByName(filename);
}

}  // namespace

WellKnownProtoDatabase::WellKnownProtoDatabase()
    // With static linking, an object file nobody refers to is left out, and
    // its file would be missing from the generated pool. A reference to a
    // default instance keeps each in without building its descriptors,
    // which a call rarely needs and which took a millisecond at start-up.
    : linked_{&pb::_Any_default_instance_,
              &pb::_Api_default_instance_,
              &pb::_FileDescriptorProto_default_instance_,
              &pb::_Duration_default_instance_,
              &pb::_Empty_default_instance_,
              &pb::_FieldMask_default_instance_,
              &pb::_SourceContext_default_instance_,
              &pb::_Struct_default_instance_,
              &pb::_Timestamp_default_instance_,
              &pb::_Type_default_instance_,
              &pb::_Int32Value_default_instance_} {}

bool IsWellKnownProto(const std::string& filename) {
  return StartsWith(filename, "google/protobuf/") &&
         filename.find('/', sizeof("google/protobuf/") - 1) ==
             std::string::npos;
}

bool WellKnownProtoDatabase::FindFileByName(const std::string& filename,
                                            pb::FileDescriptorProto* output) {
  const pb::FileDescriptor* file = FindWellKnownFile(filename);
  if (file == nullptr) return LanguageFeaturesStub(filename, output);
  file->CopyTo(output);
  return true;
}

bool WellKnownProtoDatabase::FindFileContainingSymbol(
    const std::string& symbol_name, pb::FileDescriptorProto* output) {
  const pb::FileDescriptor* file =
      pb::DescriptorPool::generated_pool()->FindFileContainingSymbol(
          symbol_name);
  if (file == nullptr || !IsWellKnownProto(file->name())) return false;
  file->CopyTo(output);
  return true;
}

bool WellKnownProtoDatabase::FindFileContainingExtension(
    const std::string&, int, pb::FileDescriptorProto*) {
  return false;
}

}  // namespace rpccli
