#include "schema/descriptor_source.h"

#include <google/protobuf/descriptor.pb.h>

#include <algorithm>
#include <map>
#include <set>

#include "schema/protoset.h"

namespace rpccli {

namespace pb = google::protobuf;

// Collects what went wrong building files from protosets or the server:
// the file, and what is wrong with it.
class DescriptorSource::PoolErrors : public pb::DescriptorPool::ErrorCollector {
 public:
  struct Error {
    std::string file;
    std::string message;
  };

  void AddError(const std::string& filename, const std::string& element_name,
                const pb::Message*, ErrorLocation,
                const std::string& message) override {
    Error error{filename, message};
    if (message.find(element_name) == std::string::npos &&
        !element_name.empty()) {
      error.message = element_name + ": " + message;
    }
    if (errors_.empty()) errors_.push_back(error);  // the root cause
  }
  const std::vector<Error>& errors() const { return errors_; }

 private:
  std::vector<Error> errors_;
};

// The .proto files as a database for the shared pool. They are parsed and
// checked in their own pool first, where errors get line and column. Only
// files already loaded there are served: asking that pool for others would
// load them from disk behind the other sources' backs.
class DescriptorSource::FilesDatabase : public pb::DescriptorDatabase {
 public:
  explicit FilesDatabase(const std::vector<const pb::FileDescriptor*>& roots) {
    std::vector<const pb::FileDescriptor*> pending = roots;
    while (!pending.empty()) {
      const pb::FileDescriptor* file = pending.back();
      pending.pop_back();
      if (!files_.emplace(file->name(), file).second) continue;
      for (int i = 0; i < file->dependency_count(); ++i) {
        pending.push_back(file->dependency(i));
      }
    }
  }

  bool FindFileByName(const std::string& filename,
                      pb::FileDescriptorProto* output) override {
    auto found = files_.find(filename);
    return found != files_.end() && Copy(found->second, output);
  }
  bool FindFileContainingSymbol(const std::string& symbol_name,
                                pb::FileDescriptorProto* output) override {
    for (const auto& entry : files_) {
      if (entry.second->pool()->FindFileContainingSymbol(symbol_name) ==
          entry.second) {
        return Copy(entry.second, output);
      }
    }
    return false;
  }
  bool FindFileContainingExtension(const std::string& containing_type,
                                   int field_number,
                                   pb::FileDescriptorProto* output) override {
    for (const auto& entry : files_) {
      const pb::FileDescriptor* file = entry.second;
      for (int i = 0; i < file->extension_count(); ++i) {
        const pb::FieldDescriptor* extension = file->extension(i);
        if (extension->containing_type()->full_name() == containing_type &&
            extension->number() == field_number) {
          return Copy(file, output);
        }
      }
    }
    return false;
  }

 private:
  // With comments, which plain CopyTo leaves out.
  static bool Copy(const pb::FileDescriptor* file,
                   pb::FileDescriptorProto* output) {
    file->CopyTo(output);
    file->CopySourceCodeInfoTo(output);
    return true;
  }

  std::map<std::string, const pb::FileDescriptor*> files_;
};

DescriptorSource::DescriptorSource() = default;
DescriptorSource::~DescriptorSource() = default;

bool DescriptorSource::Open(const SchemaOptions& options,
                            std::unique_ptr<ReflectionDatabase> reflection,
                            std::string* err) {
  return LoadFiles(options, err) && Complete(std::move(reflection), err);
}

bool DescriptorSource::LoadFiles(const SchemaOptions& options,
                                 std::string* err) {
  if (!options.proto_files.empty()) {
    if (!proto_files_.Load(options, err)) return false;
    files_database_ = std::make_unique<FilesDatabase>(proto_files_.files());
  }
  if (!LoadProtosets(options.protosets, &protosets_, err)) return false;
  protosets_.FindAllFileNames(&protoset_files_);
  return true;
}

bool DescriptorSource::Complete(std::unique_ptr<ReflectionDatabase> reflection,
                                std::string* err) {
  std::vector<pb::DescriptorDatabase*> sources;
  if (files_database_) sources.push_back(files_database_.get());
  // The built-in well-known types come before anything read from disk or
  // sent by the server: they are the ones the JSON mapping is written for.
  sources.push_back(&well_known_);
  sources.push_back(&protosets_);
  reflection_ = std::move(reflection);
  if (reflection_) {
    sources.push_back(reflection_.get());
    sources.push_back(&health_);
  }

  merged_ = std::make_unique<pb::MergedDescriptorDatabase>(sources);
  editions_ = std::make_unique<EditionsDatabase>(merged_.get());
  pool_errors_ = std::make_unique<PoolErrors>();
  pool_ =
      std::make_unique<pb::DescriptorPool>(editions_.get(), pool_errors_.get());
  // Each protoset file builds now: one that does not would leave its
  // services out of every list without a word.
  for (const std::string& name : protoset_files_) {
    if (pool_->FindFileByName(name) == nullptr) {
      *err = LookupError(name + ": the protoset's file does not build");
      return false;
    }
  }
  return true;
}

std::vector<const pb::FileDescriptor*> DescriptorSource::LoadedFiles() const {
  std::vector<const pb::FileDescriptor*> files;
  std::set<const pb::FileDescriptor*> seen;
  auto add = [&](const pb::FileDescriptor* file) {
    if (file != nullptr && seen.insert(file).second) files.push_back(file);
  };
  for (const pb::FileDescriptor* file : proto_files_.files()) {
    add(pool_->FindFileByName(file->name()));
  }
  for (const std::string& name : protoset_files_) {
    add(pool_->FindFileByName(name));
  }
  for (const pb::FileDescriptor* file : fetched_files_) add(file);
  // Then everything they import.
  for (size_t i = 0; i < files.size(); ++i) {
    for (int d = 0; d < files[i]->dependency_count(); ++d) {
      add(files[i]->dependency(d));
    }
  }
  return files;
}

bool DescriptorSource::FromServer(const std::string& filename) const {
  // Files and protosets win over the server for the same name.
  pb::FileDescriptorProto unused;
  return reflection_ && reflection_->Received(filename) &&
         !(files_database_ &&
           files_database_->FindFileByName(filename, &unused)) &&
         std::find(protoset_files_.begin(), protoset_files_.end(), filename) ==
             protoset_files_.end();
}

std::string DescriptorSource::LookupError(const std::string& what) const {
  // A file that could not be lowered is missing to the pool; what the pool
  // says of it (an import not found) follows from this.
  if (editions_ && !editions_->error().empty()) return editions_->error();
  if (!pool_errors_->errors().empty()) {
    const PoolErrors::Error& error = pool_errors_->errors().front();
    return error.file +
           (FromServer(error.file) ? " (from the server): " : ": ") +
           error.message;
  }
  if (reflection_ && !reflection_->bad_answer().empty()) {
    return reflection_->bad_answer();
  }
  if (reflection_ && !reflection_->stream_error().empty()) {
    return reflection_->stream_error();
  }
  return what;
}

std::vector<const pb::ServiceDescriptor*> DescriptorSource::LocalServices()
    const {
  std::vector<const pb::ServiceDescriptor*> services;
  for (const pb::FileDescriptor* file : LoadedFiles()) {
    for (int i = 0; i < file->service_count(); ++i) {
      services.push_back(file->service(i));
    }
  }
  std::sort(services.begin(), services.end(),
            [](const pb::ServiceDescriptor* a, const pb::ServiceDescriptor* b) {
              return a->full_name() < b->full_name();
            });
  return services;
}

bool DescriptorSource::ServiceNames(std::vector<std::string>* names,
                                    std::string* err) {
  std::set<std::string> unique;
  for (const pb::ServiceDescriptor* service : LocalServices()) {
    unique.insert(service->full_name());
  }
  if (reflection_) {
    std::vector<std::string> listed;
    if (!reflection_->ListServices(&listed, err)) return false;
    unique.insert(listed.begin(), listed.end());
  }
  names->assign(unique.begin(), unique.end());
  return true;
}

bool DescriptorSource::Services(
    std::vector<const pb::ServiceDescriptor*>* services, std::string* err,
    std::vector<std::string>* undescribed) {
  std::vector<std::string> names;
  if (!ServiceNames(&names, err)) return false;
  for (const std::string& name : names) {
    const pb::ServiceDescriptor* service = FindService(name, err);
    if (service != nullptr) {
      services->push_back(service);
      continue;
    }
    // Only a plain "not found": a file that does not build, or a broken
    // reflection stream, is still an error.
    bool not_described =
        undescribed != nullptr && LookupError("").empty() &&
        (reflection_ == nullptr || reflection_->stream_error().empty());
    if (!not_described) return false;
    undescribed->push_back(name);
  }
  return true;
}

const pb::FileDescriptorProto* DescriptorSource::WrittenAs(
    const std::string& filename) const {
  const pb::FileDescriptorProto* written = proto_files_.WrittenAs(filename);
  if (written == nullptr && editions_) written = editions_->WrittenAs(filename);
  return written;
}

std::vector<std::string> DescriptorSource::Notes() const {
  std::vector<std::string> notes = proto_files_.notes();
  if (editions_) {
    notes.insert(notes.end(), editions_->lowered().begin(),
                 editions_->lowered().end());
  }
  return notes;
}

std::vector<std::string> DescriptorSource::Repairs() const {
  std::vector<std::string> repairs;
  if (reflection_ == nullptr) return repairs;
  repairs = reflection_->repairs();
  if (health_.used()) {
    repairs.push_back(std::string("the server does not describe ") +
                      BuiltInHealthDatabase::kFileName +
                      "; rpccli's own copy stands in");
  }
  return repairs;
}

const pb::ServiceDescriptor* DescriptorSource::FindService(
    const std::string& full_name, std::string* err) {
  const pb::ServiceDescriptor* service = pool_->FindServiceByName(full_name);
  if (service == nullptr) {
    *err = LookupError("unknown service \"" + full_name + "\"");
    return nullptr;
  }
  fetched_files_.push_back(service->file());
  return service;
}

const pb::FileDescriptor* DescriptorSource::FindFileDefining(
    const std::string& full_name) {
  const pb::FileDescriptor* file = pool_->FindFileContainingSymbol(full_name);
  if (file != nullptr) fetched_files_.push_back(file);
  return file;
}

}  // namespace rpccli
