#include "schema/editions_database.h"

#include "schema/editions.h"

namespace rpccli {

namespace pb = google::protobuf;

bool EditionsDatabase::FindFileByName(const std::string& filename,
                                      pb::FileDescriptorProto* output) {
  return files_->FindFileByName(filename, output) && Lower(output);
}

bool EditionsDatabase::FindFileContainingSymbol(
    const std::string& symbol_name, pb::FileDescriptorProto* output) {
  return files_->FindFileContainingSymbol(symbol_name, output) && Lower(output);
}

bool EditionsDatabase::FindFileContainingExtension(
    const std::string& containing_type, int field_number,
    pb::FileDescriptorProto* output) {
  return files_->FindFileContainingExtension(containing_type, field_number,
                                             output) &&
         Lower(output);
}

const pb::FileDescriptorProto* EditionsDatabase::WrittenAs(
    const std::string& filename) const {
  auto found = written_.find(filename);
  return found == written_.end() ? nullptr : &found->second;
}

bool EditionsDatabase::Lower(pb::FileDescriptorProto* output) {
  if (LanguageFeaturesStub(output->name(), output)) return true;
  // Features count in editions files only: an edition in another syntax
  // would have them left aside without a word.
  if (!IsEditionsFile(*output) && NamesAnEdition(*output)) {
    if (error_.empty()) {
      error_ = output->name() + ": names edition " + EditionName(*output) +
               " but its syntax is \"" + output->syntax() +
               "\", not \"editions\"";
    }
    return false;
  }
  if (!IsEditionsFile(*output)) return true;
  // An enum another file defines is open or closed as that file says.
  EnumOpenness enum_is_open = [this](const std::string& name, bool* open) {
    pb::FileDescriptorProto file;
    return files_->FindFileContainingSymbol(name, &file) &&
           IsOpenEnum(file, name, open);
  };
  pb::FileDescriptorProto written = *output;
  std::string lowered_to;
  std::string err;
  if (!LowerEditions(output, enum_is_open, &lowered_to, &err)) {
    if (error_.empty()) error_ = output->name() + ": " + err;
    return false;
  }
  if (written_.emplace(written.name(), written).second) {
    lowered_.push_back("lowered " + written.name() + ": edition " +
                       EditionName(written) + ", read as " + lowered_to);
  }
  return true;
}

}  // namespace rpccli
