#include "serve/reflection_answers.h"

#include <google/protobuf/descriptor.pb.h>
#include <grpcpp/support/status.h>

#include <set>

#include "health.pb.h"
#include "reflection.pb.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;
namespace reflection = grpc::reflection::v1;

// A file and every file it imports, each once, the file asked for first:
// clients (grpcurl's protoreflect) take the first as the answer and the
// rest as its imports.
void AddWithImports(const pb::FileDescriptor* file,
                    std::set<const pb::FileDescriptor*>* sent,
                    reflection::FileDescriptorResponse* files) {
  if (!sent->insert(file).second) return;
  pb::FileDescriptorProto proto;
  file->CopyTo(&proto);
  proto.SerializeToString(files->add_file_descriptor_proto());
  for (int i = 0; i < file->dependency_count(); ++i) {
    AddWithImports(file->dependency(i), sent, files);
  }
}

// `file` (which imports nothing) as `name` in `package`: the schemas
// rpccli is built with are named by where their .proto sat at build time,
// and v1alpha's is v1's under its older package.
void AddRenamed(const pb::FileDescriptor* file, const std::string& name,
                const std::string& package, pb::DescriptorPool* pool) {
  pb::FileDescriptorProto proto;
  file->CopyTo(&proto);
  std::string from = "." + proto.package() + ".";
  std::string to = "." + package + ".";
  proto.set_name(name);
  proto.set_package(package);
  proto.clear_options();
  for (pb::DescriptorProto& message : *proto.mutable_message_type()) {
    for (pb::FieldDescriptorProto& field : *message.mutable_field()) {
      if (field.type_name().rfind(from, 0) == 0) {
        field.set_type_name(to + field.type_name().substr(from.size()));
      }
    }
  }
  for (pb::ServiceDescriptorProto& service : *proto.mutable_service()) {
    for (pb::MethodDescriptorProto& method : *service.mutable_method()) {
      method.set_input_type(to + method.input_type().substr(from.size()));
      method.set_output_type(to + method.output_type().substr(from.size()));
    }
  }
  pool->BuildFile(proto);
}

}  // namespace

ReflectionAnswers::ReflectionAnswers(const pb::DescriptorPool* pool,
                                     std::vector<std::string> services)
    : pool_(pool), services_(std::move(services)) {
  const pb::FileDescriptor* v1 =
      reflection::ServerReflectionRequest::descriptor()->file();
  AddRenamed(v1, "grpc/reflection/v1/reflection.proto", "grpc.reflection.v1",
             &built_in_);
  AddRenamed(v1, "grpc/reflection/v1alpha/reflection.proto",
             "grpc.reflection.v1alpha", &built_in_);
  AddRenamed(grpc::health::v1::HealthCheckRequest::descriptor()->file(),
             "grpc/health/v1/health.proto", "grpc.health.v1", &built_in_);
}

const pb::FileDescriptor* ReflectionAnswers::FindFile(
    const std::string& name) const {
  const pb::FileDescriptor* file = pool_->FindFileByName(name);
  return file != nullptr ? file : built_in_.FindFileByName(name);
}

const pb::FileDescriptor* ReflectionAnswers::FileOfSymbol(
    const std::string& symbol) const {
  for (const pb::DescriptorPool* pool : {pool_, &built_in_}) {
    if (auto* found = pool->FindMessageTypeByName(symbol)) return found->file();
    if (auto* found = pool->FindServiceByName(symbol)) return found->file();
    if (auto* found = pool->FindEnumTypeByName(symbol)) return found->file();
    if (auto* found = pool->FindMethodByName(symbol)) {
      return found->service()->file();
    }
    if (auto* found = pool->FindFieldByName(symbol)) return found->file();
    if (auto* found = pool->FindExtensionByName(symbol)) return found->file();
    if (auto* found = pool->FindEnumValueByName(symbol)) {
      return found->type()->file();
    }
  }
  return nullptr;
}

std::string ReflectionAnswers::Answer(const std::string& request_bytes) const {
  reflection::ServerReflectionRequest request;
  reflection::ServerReflectionResponse response;
  auto fail = [&response](grpc::StatusCode code, const std::string& message) {
    response.mutable_error_response()->set_error_code(code);
    response.mutable_error_response()->set_error_message(message);
  };
  if (!request.ParseFromString(request_bytes)) {
    fail(grpc::StatusCode::INVALID_ARGUMENT, "not a ServerReflectionRequest");
    return response.SerializeAsString();
  }
  response.set_valid_host(request.host());
  *response.mutable_original_request() = request;
  std::set<const pb::FileDescriptor*> sent;
  switch (request.message_request_case()) {
    case reflection::ServerReflectionRequest::kListServices:
      for (const std::string& name : services_) {
        response.mutable_list_services_response()->add_service()->set_name(
            name);
      }
      break;
    case reflection::ServerReflectionRequest::kFileByFilename: {
      const pb::FileDescriptor* file = FindFile(request.file_by_filename());
      if (file == nullptr) {
        fail(grpc::StatusCode::NOT_FOUND,
             "no file " + request.file_by_filename());
      } else {
        AddWithImports(file, &sent,
                       response.mutable_file_descriptor_response());
      }
      break;
    }
    case reflection::ServerReflectionRequest::kFileContainingSymbol: {
      const pb::FileDescriptor* file =
          FileOfSymbol(request.file_containing_symbol());
      if (file == nullptr) {
        fail(grpc::StatusCode::NOT_FOUND,
             "no symbol " + request.file_containing_symbol());
      } else {
        AddWithImports(file, &sent,
                       response.mutable_file_descriptor_response());
      }
      break;
    }
    case reflection::ServerReflectionRequest::kFileContainingExtension: {
      const auto& wanted = request.file_containing_extension();
      const pb::Descriptor* type =
          pool_->FindMessageTypeByName(wanted.containing_type());
      const pb::FieldDescriptor* extension =
          type == nullptr
              ? nullptr
              : pool_->FindExtensionByNumber(type, wanted.extension_number());
      if (extension == nullptr) {
        fail(grpc::StatusCode::NOT_FOUND,
             "no extension " + std::to_string(wanted.extension_number()) +
                 " of " + wanted.containing_type());
      } else {
        AddWithImports(extension->file(), &sent,
                       response.mutable_file_descriptor_response());
      }
      break;
    }
    case reflection::ServerReflectionRequest::kAllExtensionNumbersOfType: {
      const std::string& name = request.all_extension_numbers_of_type();
      const pb::Descriptor* type = pool_->FindMessageTypeByName(name);
      if (type == nullptr) {
        fail(grpc::StatusCode::NOT_FOUND, "no message " + name);
        break;
      }
      auto* numbers = response.mutable_all_extension_numbers_response();
      numbers->set_base_type_name(name);
      std::vector<const pb::FieldDescriptor*> extensions;
      pool_->FindAllExtensions(type, &extensions);
      for (const pb::FieldDescriptor* extension : extensions) {
        numbers->add_extension_number(extension->number());
      }
      break;
    }
    default:
      fail(grpc::StatusCode::UNIMPLEMENTED, "a request this server lacks");
  }
  return response.SerializeAsString();
}

}  // namespace rpccli
