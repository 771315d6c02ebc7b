// rpccli completion SHELL: the script that makes a shell complete rpccli's
// command lines; and the schema's names that script asks for (through the
// hidden `rpccli __complete`, cli/complete.h).
#include <algorithm>
#include <string>
#include <vector>

#include "commands/commands.h"
#include "commands/open_schema.h"
#include "schema/symbol.h"
#include "show/completion_scripts.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

// A message or enum and the types nested in it, for describe.
void AddTypeNames(const pb::Descriptor& message,
                  std::vector<std::string>* names) {
  names->push_back(message.full_name());
  for (int i = 0; i < message.nested_type_count(); ++i) {
    if (!message.nested_type(i)->options().map_entry()) {
      AddTypeNames(*message.nested_type(i), names);
    }
  }
  for (int i = 0; i < message.enum_type_count(); ++i) {
    names->push_back(message.enum_type(i)->full_name());
  }
}

}  // namespace

int RunCompletion(const Options& options, const Io& io) {
  *io.out << CompletionScript(options.shell);
  io.out->flush();
  return io.out->good() ? kExitOk : kExitOutputClosed;
}

std::vector<std::string> SchemaNames(const Options& given, NameKind kind) {
  Options options = given;
  // Files on the command line answer alone; a server is asked only
  // without them, and briefly: a completion must not keep a shell waiting.
  if (!options.schema.proto_files.empty() ||
      !options.schema.protosets.empty()) {
    options.connection.target.clear();
  } else if (options.connection.target.empty()) {
    return {};
  }
  options.connection.connect_timeout_seconds =
      std::min(options.connection.connect_timeout_seconds, 2.0);
  RequestHeaders headers;
  DescriptorSource source;
  std::shared_ptr<grpc::Channel> channel;
  std::string err;
  if (!OpenSchema(options, &headers, &source, &channel, &err)) return {};

  std::vector<std::string> names;
  if (kind == NameKind::kServices) {
    source.ServiceNames(&names, &err);
    return names;
  }
  std::vector<const pb::ServiceDescriptor*> services;
  std::vector<std::string> undescribed;
  if (!source.Services(&services, &err, &undescribed)) return {};
  for (const pb::ServiceDescriptor* service : services) {
    if (kind == NameKind::kSymbols) names.push_back(service->full_name());
    for (int i = 0; i < service->method_count(); ++i) {
      const pb::MethodDescriptor& method = *service->method(i);
      names.push_back(kind == NameKind::kMethods ? WirePath(method).substr(1)
                                                 : method.full_name());
    }
  }
  if (kind == NameKind::kSymbols) {
    for (const pb::FileDescriptor* file : source.LoadedFiles()) {
      for (int i = 0; i < file->message_type_count(); ++i) {
        AddTypeNames(*file->message_type(i), &names);
      }
      for (int i = 0; i < file->enum_type_count(); ++i) {
        names.push_back(file->enum_type(i)->full_name());
      }
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
  }
  return names;
}

}  // namespace rpccli
