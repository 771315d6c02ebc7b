#include "schema/reflection_db.h"

#include <google/protobuf/io/coded_stream.h>

#include <chrono>
#include <cmath>

#include "base/status_code.h"
#include "base/text.h"
#include "base/utf8.h"
#include "codec/descriptor_names.h"
#include "reflection.pb.h"
#include "schema/import_depth.h"
#include "schema/nesting_limit.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;
// The same service and messages under two names; v1alpha is what older
// servers (Debian's C++ plugin among them) offer.
constexpr const char* kReflectionPaths[] = {
    "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
    "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
};
constexpr const char* kReflectionServices[] = {
    "grpc.reflection.v1.ServerReflection",
    "grpc.reflection.v1alpha.ServerReflection",
};

// The name a serialized FileDescriptorProto gives itself, read without
// parsing the rest (which may be what is broken): protoc and every server
// write field 1, the name, first.
std::string LeadingFileName(const std::string& bytes) {
  pb::io::CodedInputStream input(reinterpret_cast<const uint8_t*>(bytes.data()),
                                 static_cast<int>(bytes.size()));
  std::string name;
  constexpr uint32_t kNameTag = (1 << 3) | 2;  // field 1, length-delimited
  uint32_t length = 0;
  if (input.ReadTag() == kNameTag && input.ReadVarint32(&length) &&
      length <= 4096 && input.ReadString(&name, static_cast<int>(length))) {
    return name;
  }
  return "";
}

// What a request asks for, for messages: "symbol pkg.Svc".
std::string Asked(const grpc::reflection::v1::ServerReflectionRequest& r) {
  if (r.has_file_by_filename()) return "file " + r.file_by_filename();
  if (r.has_file_containing_symbol()) {
    return "symbol " + r.file_containing_symbol();
  }
  if (r.has_file_containing_extension()) {
    return "extension " +
           std::to_string(r.file_containing_extension().extension_number()) +
           " of " + r.file_containing_extension().containing_type();
  }
  if (r.has_all_extension_numbers_of_type()) {
    return "the extensions of " + r.all_extension_numbers_of_type();
  }
  return "the list of services";
}

// What kind of answer `response` is, for messages.
std::string AnswerKind(
    const grpc::reflection::v1::ServerReflectionResponse& response) {
  using Response = grpc::reflection::v1::ServerReflectionResponse;
  switch (response.message_response_case()) {
    case Response::kFileDescriptorResponse:
      return "files";
    case Response::kAllExtensionNumbersResponse:
      return "extension numbers";
    case Response::kListServicesResponse:
      return "a list of services";
    case Response::kErrorResponse:
      return "an error";
    default:
      return "nothing (an empty answer)";
  }
}

// Whether `response` is an answer to `request` (or an error): a list for
// a list, files for a file, numbers for numbers. Read otherwise, a server
// that answers the wrong question would seem to have no services.
bool AnswersTheKindAsked(
    const grpc::reflection::v1::ServerReflectionRequest& request,
    const grpc::reflection::v1::ServerReflectionResponse& response) {
  using Response = grpc::reflection::v1::ServerReflectionResponse;
  if (response.has_error_response()) return true;
  if (request.has_list_services()) return response.has_list_services_response();
  if (request.has_all_extension_numbers_of_type()) {
    return response.message_response_case() ==
           Response::kAllExtensionNumbersResponse;
  }
  return response.has_file_descriptor_response();
}

}  // namespace

ReflectionDatabase::ReflectionDatabase(std::shared_ptr<grpc::Channel> channel,
                                       Headers headers, double timeout_seconds,
                                       std::string timeout_flag)
    : ReflectionDatabase(
          GrpcReflectionStreams(std::move(channel), std::move(headers)),
          timeout_seconds, std::move(timeout_flag)) {}

ReflectionDatabase::ReflectionDatabase(ReflectionStreamFactory open_stream,
                                       double timeout_seconds,
                                       std::string timeout_flag)
    : open_stream_(std::move(open_stream)),
      timeout_seconds_(timeout_seconds),
      timeout_flag_(std::move(timeout_flag)) {}

ReflectionDatabase::~ReflectionDatabase() = default;

bool ReflectionDatabase::Ask(const Request& request, Response* response) {
  if (!stream_error_.empty()) return false;
  auto timeout = std::chrono::milliseconds(
      static_cast<long long>(std::llround(timeout_seconds_ * 1000)));
  std::string answer;
  grpc::Status status;
  for (const char* path : kReflectionPaths) {
    if (stream_ == nullptr) {
      stream_ = open_stream_(path, timeout);
    }
    if (stream_->Exchange(request.SerializeAsString(), &answer, &status)) {
      if (!response->ParseFromString(answer)) {
        stream_error_ = "the server's reflection answer for " + Asked(request) +
                        " does not parse";
        failure_ = Failure::kOther;
        return false;
      }
      if (!AnswersTheKindAsked(request, *response)) {
        stream_error_ = "the server answered the request for " +
                        Asked(request) + " with " + AnswerKind(*response) +
                        ", not the kind of answer asked for";
        failure_ = Failure::kOther;
        return false;
      }
      return true;
    }
    stream_.reset();
    // Only an unknown service means "try the older name".
    if (status.error_code() != grpc::StatusCode::UNIMPLEMENTED) break;
  }
  failure_ = status.error_code() == grpc::StatusCode::UNIMPLEMENTED
                 ? Failure::kNoReflection
             : NoAnswerCame(status) ? Failure::kNoAnswer
                                    : Failure::kOther;
  if (status.error_code() == grpc::StatusCode::UNIMPLEMENTED) {
    stream_error_ = "does not support server reflection";
  } else if (status.ok()) {
    stream_error_ =
        "the server ended the reflection stream (with OK) without answering "
        "for " +
        Asked(request);
  } else if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED &&
             status.error_message().find("metadata size exceeds limit") !=
                 std::string::npos) {
    stream_error_ =
        "server reflection failed: headers were past a size limit (" +
        EscapeControls(status.error_message()) +
        "): the request's at the server (gRPC servers take 8 KiB by default; "
        "send fewer or smaller -H or --reflect-header headers), or the "
        "response's at rpccli (1 MiB)";
  } else if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED &&
             status.error_message().find("larger than max") !=
                 std::string::npos) {
    // gRPC's receive limit, the one --max-msg-sz sets.
    stream_error_ = "the server's reflection answer for " + Asked(request) +
                    " is too large (" + EscapeControls(status.error_message()) +
                    "); raise the limit with --max-msg-sz";
  } else {
    stream_error_ =
        "server reflection failed: " + StatusCodeName(status.error_code()) +
        ": " + EscapeControls(status.error_message());
    // The wait a flag set, named (the stream's own deadline).
    if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED &&
        !timeout_flag_.empty()) {
      stream_error_ += " (" + timeout_flag_ + ")";
    }
  }
  return false;
}

bool ReflectionDatabase::ListServices(std::vector<std::string>* services,
                                      std::string* err) {
  Request request;
  request.set_list_services("");
  Response response;
  if (!Ask(request, &response)) {
    *err = stream_error_;
    return false;
  }
  if (response.has_error_response()) {
    *err = "the server could not list its services: " +
           EscapeControls(response.error_response().error_message());
    return false;
  }
  for (const auto& service : response.list_services_response().service()) {
    bool is_reflection = false;
    for (const char* name : kReflectionServices) {
      if (service.name() == name) is_reflection = true;
    }
    // A name is an identifier; what else a server sends is shown, escaped.
    if (!is_reflection) services->push_back(EscapeControls(service.name()));
  }
  return true;
}

std::vector<std::string> ReflectionDatabase::Receive(const Response& response,
                                                     const std::string& asked) {
  std::vector<std::string> names;
  for (const std::string& bytes :
       response.file_descriptor_response().file_descriptor_proto()) {
    pb::FileDescriptorProto file;
    if (!file.ParseFromString(bytes)) {
      std::string name = LeadingFileName(bytes);
      bad_answer_ = (name.empty() ? "a file without a name" : name) +
                    ": the server sent it for " + asked +
                    (NestsPastParserLimit(bytes, file)
                         ? ", with messages nested more than 100 deep, past "
                           "protobuf's limit"
                         : ", but it is not a valid FileDescriptorProto");
      continue;
    }
    if (file.name().empty()) {
      bad_answer_ = "a file without a name: the server sent it for " + asked;
      continue;
    }
    std::string unknown = UnknownFieldKinds(file);
    if (!unknown.empty()) {
      bad_answer_ = EscapeControls(file.name()) +
                    " (from the server): " + EscapeControls(unknown);
      continue;
    }
    std::string too_deep = OptionNestingFault(file);
    if (!too_deep.empty()) {
      bad_answer_ = EscapeControls(file.name()) + " (from the server): " +
                    EscapeControls(too_deep);
      continue;
    }
    names.push_back(file.name());
    files_.emplace(file.name(), std::move(file));  // the first copy wins
  }
  return names;
}

std::string ReflectionDatabase::ReceivedFileDefining(
    const std::string& symbol) const {
  for (const auto& entry : files_) {
    if (DefinedNames(entry.second).count(symbol) != 0) return entry.first;
  }
  return "";
}

bool ReflectionDatabase::Output(const std::string& filename,
                                pb::FileDescriptorProto* output) {
  Repair(filename);
  // Past the limit nothing more is handed out: protobuf's pool would go on
  // down the chain, a level of its own stack per import.
  if (too_deep_) return false;
  *output = files_.at(filename);
  DropDefaultJsonNames(output);
  return true;
}

bool ReflectionDatabase::FindFileByName(const std::string& filename,
                                        pb::FileDescriptorProto* output) {
  if (files_.count(filename) == 0) {
    Request request;
    request.set_file_by_filename(filename);
    Response response;
    if (!Ask(request, &response) || response.has_error_response()) {
      return false;
    }
    Receive(response, "file " + filename);
    if (files_.count(filename) == 0) return false;
  }
  return Output(filename, output);
}

bool ReflectionDatabase::FindFileContainingSymbol(
    const std::string& symbol_name, pb::FileDescriptorProto* output) {
  // No server defines "" (an empty Any's type) or a name that is not one:
  // asking would cost a round trip, or the whole wait on a silent server.
  if (!IsValidFullName(symbol_name)) return false;
  std::string filename = ReceivedFileDefining(symbol_name);
  if (filename.empty()) {
    if (symbols_not_found_.count(symbol_name) != 0) return false;
    Request request;
    request.set_file_containing_symbol(symbol_name);
    Response response;
    if (!Ask(request, &response) || response.has_error_response()) {
      symbols_not_found_.insert(symbol_name);
      return false;
    }
    std::vector<std::string> received =
        Receive(response, "symbol " + symbol_name);
    filename = ReceivedFileDefining(symbol_name);
    if (filename.empty()) {
      // A package is no symbol, but servers answer for one with a file of
      // it (protobuf's own pool does): the caller says what it is.
      bool a_package = false;
      for (const std::string& name : received) {
        auto file = files_.find(name);
        a_package = a_package ||
                    (file != files_.end() &&
                     (file->second.package() == symbol_name ||
                      file->second.package().rfind(symbol_name + ".", 0) == 0));
      }
      if (!received.empty() && !a_package) {
        bad_answer_ = received[0] + ": the server sent it for symbol " +
                      symbol_name + ", which it does not define";
      }
      symbols_not_found_.insert(symbol_name);
      return false;
    }
  }
  return Output(filename, output);
}

bool ReflectionDatabase::FindFileContainingExtension(
    const std::string& containing_type, int field_number,
    pb::FileDescriptorProto* output) {
  Request request;
  request.mutable_file_containing_extension()->set_containing_type(
      containing_type);
  request.mutable_file_containing_extension()->set_extension_number(
      field_number);
  Response response;
  if (!Ask(request, &response) || response.has_error_response()) return false;
  std::vector<std::string> received = Receive(response, Asked(request));
  if (received.empty()) return false;
  return Output(received[0], output);
}

bool ReflectionDatabase::FindAllExtensionNumbers(
    const std::string& extendee_type, std::vector<int>* output) {
  Request request;
  request.set_all_extension_numbers_of_type(extendee_type);
  Response response;
  if (!Ask(request, &response) || response.has_error_response()) return false;
  for (int number :
       response.all_extension_numbers_response().extension_number()) {
    output->push_back(number);
  }
  return true;
}

namespace {

// Gives each map entry type in `message` (and the messages in it) the name
// protobuf expects, recording old and new full names. grpc-js's
// proto-loader with keepCase names the entry after the field as written
// (Stock_by_store), and protobuf then refuses the whole file.
void NameMapEntries(const std::string& scope, pb::DescriptorProto* message,
                    std::vector<std::pair<std::string, std::string>>* renamed) {
  std::string full = scope + "." + message->name();
  for (pb::FieldDescriptorProto& field : *message->mutable_field()) {
    for (pb::DescriptorProto& nested : *message->mutable_nested_type()) {
      std::string nested_full = full + "." + nested.name();
      bool is_its_entry =
          nested.options().map_entry() && (field.type_name() == nested_full ||
                                           field.type_name() == nested.name());
      std::string expected = MapEntryName(field.name());
      if (is_its_entry && nested.name() != expected) {
        renamed->emplace_back(nested_full, full + "." + expected);
        nested.set_name(expected);
        field.set_type_name(full + "." + expected);
      }
    }
  }
  for (pb::DescriptorProto& nested : *message->mutable_nested_type()) {
    NameMapEntries(full, &nested, renamed);
  }
}

// Points every field that used an old name at the new one.
void RenameTypeUses(
    pb::DescriptorProto* message,
    const std::vector<std::pair<std::string, std::string>>& renamed) {
  for (pb::FieldDescriptorProto& field : *message->mutable_field()) {
    for (const auto& names : renamed) {
      if (field.type_name() == names.first) field.set_type_name(names.second);
    }
  }
  for (pb::DescriptorProto& nested : *message->mutable_nested_type()) {
    RenameTypeUses(&nested, renamed);
  }
}

// Takes import `index` out of `file`, keeping the public and weak import
// lists, which hold positions in the import list, pointing where they did.
void DropImport(int index, pb::FileDescriptorProto* file) {
  file->mutable_dependency()->erase(file->mutable_dependency()->begin() +
                                    index);
  for (auto* positions :
       {file->mutable_public_dependency(), file->mutable_weak_dependency()}) {
    google::protobuf::RepeatedField<int32_t> kept;
    for (int32_t position : *positions) {
      if (position != index)
        kept.Add(position > index ? position - 1 : position);
    }
    positions->Swap(&kept);
  }
}

}  // namespace

void ReflectionDatabase::Repair(const std::string& filename) {
  if (!repaired_.insert(filename).second) return;

  pb::FileDescriptorProto& sent = files_.at(filename);
  std::vector<std::pair<std::string, std::string>> renamed;
  std::string package = sent.package().empty() ? "" : "." + sent.package();
  for (pb::DescriptorProto& message : *sent.mutable_message_type()) {
    NameMapEntries(package, &message, &renamed);
  }
  for (pb::DescriptorProto& message : *sent.mutable_message_type()) {
    RenameTypeUses(&message, renamed);
  }
  for (const auto& names : renamed) {
    repairs_.push_back(filename + ": renamed the map entry type " +
                       names.first.substr(1) + " to " + names.second.substr(1) +
                       ", as protobuf names it");
  }

  // What the file can see: its own names and its declared imports'. A
  // well-known import is always the built-in one, whatever the server sent
  // under that name (grpc-go served empty placeholders).
  std::set<std::string> visible = DefinedNames(files_.at(filename));
  std::vector<std::string> imports(files_.at(filename).dependency().begin(),
                                   files_.at(filename).dependency().end());
  auto see = [&](const std::string& name) {
    pb::FileDescriptorProto imported;
    bool found = (IsWellKnownProto(name) &&
                  well_known_.FindFileByName(name, &imported)) ||
                 FindFileByName(name, &imported);  // fetched, repaired in turn
    if (!found) return false;
    std::set<std::string> names = DefinedNames(imported);
    visible.insert(names.begin(), names.end());
    return true;
  };
  // An import the server cannot serve under that name (grpc-go, when a
  // project compiled its files from different roots, registers the file
  // under another) is dropped; the types it held are looked for below.
  // Each import is repaired in turn, a level deeper on the stack: a chain
  // of imports (a hostile server's 7,000 files) overflowed it.
  if (imports_deep_ >= kMaxImportDepth) {
    too_deep_ = true;
    bad_answer_ = filename + ": the server's files import each other more "
                  "than " + std::to_string(kMaxImportDepth) +
                  " files deep (rpccli's limit)";
    return;
  }
  ++imports_deep_;
  for (int index = static_cast<int>(imports.size()) - 1; index >= 0; --index) {
    if (see(imports[index])) continue;
    DropImport(index, &files_.at(filename));
    repairs_.push_back(filename + ": dropped the import \"" + imports[index] +
                       "\", which the server does not serve");
  }

  for (const TypeUse& use : TypeUses(files_.at(filename))) {
    std::vector<std::string> candidates = Candidates(use);
    bool seen = false;
    for (const std::string& candidate : candidates) {
      if (visible.count(candidate) != 0) seen = true;
    }
    if (seen) continue;
    // Not declared anywhere it can see: find the file that defines it. A
    // well-known type is the built-in one, so that it cannot clash with a
    // copy under another name (grpc-js sends "google_protobuf.proto").
    for (const std::string& candidate : candidates) {
      std::string provider;
      pb::FileDescriptorProto found;
      if (well_known_.FindFileContainingSymbol(candidate, &found)) {
        provider = found.name();
      }
      if (provider.empty()) provider = ReceivedFileDefining(candidate);
      if (provider.empty() && FindFileContainingSymbol(candidate, &found)) {
        provider = found.name();
      }
      if (provider.empty() || provider == filename) continue;
      pb::FileDescriptorProto& file = files_.at(filename);
      bool declared = false;
      for (const std::string& name : file.dependency()) {
        if (name == provider) declared = true;
      }
      if (!declared) {
        file.add_dependency(provider);
        repairs_.push_back(filename + ": added the missing import \"" +
                           provider + "\" for " + candidate);
      }
      see(provider);
      break;
    }
  }
  --imports_deep_;
}

}  // namespace rpccli
