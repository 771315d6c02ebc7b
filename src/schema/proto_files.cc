#include "schema/proto_files.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <system_error>

#include "base/text.h"
#include "base/utf8.h"
#include "codec/descriptor_names.h"
#include "schema/editions.h"
#include "schema/editions_source.h"
#include "schema/nesting_limit.h"

namespace rpccli {
namespace {

namespace fs = std::filesystem;
namespace pb = google::protobuf;

std::string AbsolutePath(const std::string& path) {
  std::error_code ec;
  fs::path absolute = fs::absolute(path, ec);
  if (ec) absolute = path;
  std::string normal = absolute.lexically_normal().string();
  // "dir/" and "dir" must map alike.
  if (normal.size() > 1 && normal.back() == '/') normal.pop_back();
  return normal;
}

bool IsFile(const std::string& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

// "" for a regular file or nothing at all; else why `path` cannot be a
// .proto file to read.
std::string NotAFile(const std::string& path) {
  std::error_code ec;
  fs::file_status status = fs::status(path, ec);
  switch (status.type()) {
    case fs::file_type::not_found:
    case fs::file_type::regular:
    case fs::file_type::none:     // could not tell (EACCES on a folder):
    case fs::file_type::unknown:  // opening it will say why
      return "";
    case fs::file_type::directory:
      return "is a directory";
    case fs::file_type::fifo:
      return "is a FIFO, not a file (rpccli reads .proto files only from "
             "regular files)";
    default:  // block, character, socket
      return "is not a regular file (a device or socket)";
  }
}

// The folder above `path` that its imports are found under, for the -I
// hint: "api/v1/shop.proto" importing "api/v1/common.proto" needs the root
// above api/, not its own folder. "" if no import tells.
std::string RootOfImports(const std::string& path) {
  std::ifstream file(path);
  std::string text((std::istreambuf_iterator<char>(file)),
                   std::istreambuf_iterator<char>());
  fs::path folder = fs::path(AbsolutePath(path)).parent_path();
  // Each `import "NAME"` (public or weak too), read by hand: std::regex
  // recurses as deep as a match is long.
  const std::string keyword = "import";
  for (size_t at = text.find(keyword); at != std::string::npos;
       at = text.find(keyword, at + keyword.size())) {
    size_t open = text.find_first_not_of(" \t\r\n", at + keyword.size());
    for (const char* modifier : {"public", "weak"}) {
      if (open != std::string::npos &&
          text.compare(open, std::strlen(modifier), modifier) == 0) {
        open = text.find_first_not_of(" \t\r\n", open + std::strlen(modifier));
      }
    }
    if (open == std::string::npos || text[open] != '"') continue;
    size_t close = text.find('"', open + 1);
    if (close == std::string::npos) break;
    std::string imported = text.substr(open + 1, close - open - 1);
    if (imported.empty() || IsWellKnownProto(imported)) continue;
    for (fs::path root = folder; !root.empty(); root = root.parent_path()) {
      if (IsFile((root / imported).string())) {
        // As the user wrote the file: relative to here, if it was.
        std::error_code ec;
        fs::path shown =
            fs::path(path).is_absolute() ? root : fs::proximate(root, ec);
        return ec ? root.string() : shown.string();
      }
      if (root == root.root_path()) break;
    }
  }
  return "";
}

}  // namespace

// Collects parse and validation errors as 1-based `file:line:col: message`
// lines. protobuf reports lines and columns from 0, and -1 when unknown.
class ProtoFiles::ErrorCollector
    : public pb::compiler::MultiFileErrorCollector {
 public:
  explicit ErrorCollector(const ProtoFiles* owner) : owner_(owner) {}

  void AddError(const std::string& filename, int line, int column,
                const std::string& message) override {
    // protobuf reports a missing file twice: once for the file, once for each
    // import of it. The import names a position, so keep that one and say
    // where the file was looked for.
    if (message == "File not found.") {
      missing_.insert(filename);
      if (first_file_.empty()) pending_missing_ = filename;
      return;
    }
    auto too_deep = owner_->too_deep_at_.find(filename);
    if (line < 0 && too_deep != owner_->too_deep_at_.end()) {
      line = too_deep->second.first;
      column = too_deep->second.second;
    }
    // Dependencies are built first, so the first file with errors holds the
    // cause; what follows in its importers ("x is not defined") is fallout.
    if (first_file_.empty()) first_file_ = filename;
    if (filename != first_file_ || settled_) return;
    pending_missing_.clear();
    // Two first errors that stand for the whole file, said once.
    if (lines_.empty()) {
      std::string whole = WholeFileFault(filename, line, column, message);
      if (!whole.empty()) {
        lines_.push_back(whole);
        settled_ = true;
        return;
      }
    }

    std::string text = message;
    if (StartsWith(message, "Interpreting non ascii codepoint")) {
      text =
          "a character that is not ASCII, outside a string or comment: "
          ".proto names are ASCII letters, digits and '_'";
    }
    const std::string import_prefix = "Import \"";
    // Fallout of the error before it (an import cycle, say).
    if (!lines_.empty() && StartsWith(message, import_prefix) &&
        EndsWith(message, "\" was not found or had errors.")) {
      return;
    }
    if (StartsWith(message, import_prefix)) {
      std::string imported = message.substr(
          import_prefix.size(),
          message.find('"', import_prefix.size()) - import_prefix.size());
      if (missing_.count(imported) != 0) {
        text = "import \"" + imported + "\" not found; searched " +
               owner_->SearchedRoots() + KnownRootHint(imported);
        import_missing_ = true;
      }
    } else if (import_missing_ && EndsWith(message, "\" is not defined.")) {
      return;  // a type from the missing import
    }
    std::string where = owner_->ShownPath(filename);
    if (line >= 0) {
      where +=
          ":" + std::to_string(line + 1) + ":" + std::to_string(column + 1);
    }
    lines_.push_back(where + ": " + text);
  }

  // A file named on the command line that was not found has no import
  // to report it, so it is reported here.
  void FlushMissing() {
    if (pending_missing_.empty()) return;
    lines_.push_back(owner_->ShownPath(pending_missing_) +
                     ": file not found; searched " + owner_->SearchedRoots());
    pending_missing_.clear();
  }

  // The first error, the cause, in one line, with how many followed it;
  // many say the file may not be .proto text at all.
  std::string Text() const {
    std::string text = lines_.front();
    size_t more = lines_.size() - 1;
    if (more > 0) {
      text += " (and " + std::to_string(more) + " more error" +
              (more == 1 ? "" : "s") +
              (more >= 10 ? "; is it a .proto file? a descriptor set goes "
                            "with --protoset)"
                          : ")");
    }
    return text;
  }

  bool empty() const { return lines_.empty(); }

 private:
  // What protobuf's parser cannot say: the file is no text at all (a
  // descriptor set given to -p), or it is written in an edition rpccli
  // does not read. "" if neither; `line`, `column` and `message` are the
  // file's first error.
  std::string WholeFileFault(const std::string& filename, int line, int column,
                             const std::string& message) const {
    std::string path = owner_->ShownPath(filename);
    // Only a regular file found under a root: a FIFO would block the open,
    // and a name found under no root is not this file.
    if (!IsFile(owner_->DiskPath(filename))) return "";
    std::ifstream file(path, std::ios::binary);
    std::string head(64 * 1024, '\0');
    file.read(&head[0], static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<size_t>(file.gcount()));
    // Text may hold a stray control character; binary data holds many.
    size_t controls = std::count_if(head.begin(), head.end(), [](char c) {
      return static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\r' &&
             c != '\t' && c != '\f' && c != '\v';
    });
    if (head.find('\0') != std::string::npos || controls * 20 > head.size()) {
      return path +
             ": not a .proto file: it holds binary data (a descriptor set "
             "goes with --protoset)";
    }
    // Editions 2023 and 2024 were made readable; another edition, or an
    // edition statement written otherwise, is not.
    std::string edition;
    int edition_line = -1;
    if (!StartsWith(message, "Expected top-level statement") || line < 0 ||
        !EditionStatement(head, &edition, &edition_line) ||
        line != edition_line || edition == "2023" || edition == "2024") {
      return "";
    }
    std::string where = path + ":" + std::to_string(line + 1) + ":" +
                        std::to_string(column + 1) + ": ";
    if (edition.empty()) {
      return where + "an edition statement is written edition = \"2023\";";
    }
    return where + "edition \"" + EscapeControls(edition) +
           "\" is not one rpccli reads: it reads Protobuf Editions 2023 and "
           "2024, proto2 and proto3";
  }

  // Where a system package keeps an import often missing: Debian's
  // protobuf headers, and gogoproto's options (containerd's files).
  static std::string KnownRootHint(const std::string& imported) {
    static const char* const kRoots[] = {
        "/usr/include",
        "/usr/local/include",
        "/usr/share/gocode/src/github.com/gogo/protobuf",
    };
    for (const char* root : kRoots) {
      if (IsFile(std::string(root) + "/" + imported)) {
        return "; -I " + std::string(root) + " holds it";
      }
    }
    return "";
  }

  const ProtoFiles* owner_;
  std::vector<std::string> lines_;
  std::set<std::string> missing_;
  std::string first_file_;
  bool import_missing_ = false;
  std::string pending_missing_;
  bool settled_ = false;  // one line said all there is about the file
};

// DiskSourceTree opens whatever a name leads to: a FIFO would hold the
// open until a writer comes, and a device never ends. This tree opens
// regular files only, and says what else it found.
class ProtoFiles::RegularFilesOnly : public pb::compiler::SourceTree {
 public:
  explicit RegularFilesOnly(ProtoFiles* owner) : owner_(owner) {}

  pb::io::ZeroCopyInputStream* Open(const std::string& name) override {
    std::string disk = owner_->DiskPath(name);
    std::string why = disk.empty() ? "" : NotAFile(disk);
    if (!why.empty()) {
      error_ = disk + " " + why;
      return nullptr;
    }
    error_.clear();
    std::unique_ptr<pb::io::ZeroCopyInputStream> input(
        owner_->source_tree_.Open(name));
    if (input == nullptr) return nullptr;
    std::string& text = texts_[name];
    text.clear();
    const void* data = nullptr;
    int size = 0;
    while (input->Next(&data, &size)) {
      text.append(static_cast<const char*>(data), static_cast<size_t>(size));
    }
    int line = 0, column = 0;
    if (NestedTooDeep(text, &line, &column)) {
      // Said at its place by ErrorCollector, which gets no position.
      owner_->too_deep_at_[name] = {line, column};
      error_ = "brackets nest more than " + std::to_string(kMaxBracketDepth) +
               " deep here (rpccli's limit; protobuf's parser would run out "
               "of stack)";
      return nullptr;
    }
    std::string edition = ReadableByParser(&text);
    if (!edition.empty()) owner_->editions_[name] = edition;
    return new pb::io::ArrayInputStream(text.data(),
                                        static_cast<int>(text.size()));
  }

  std::string GetLastErrorMessage() override {
    return error_.empty() ? owner_->source_tree_.GetLastErrorMessage() : error_;
  }

 private:
  ProtoFiles* owner_;
  std::string error_;
  std::map<std::string, std::string> texts_;  // each file as parsed
};

// The parsed files, each editions file made as protoc writes it and then
// lowered to proto2 or proto3 for the pool (editions.h), and each without
// the weak imports that are not found.
class ProtoFiles::LoweredFiles : public pb::DescriptorDatabase {
 public:
  explicit LoweredFiles(ProtoFiles* owner) : owner_(owner) {}

  bool FindFileByName(const std::string& filename,
                      pb::FileDescriptorProto* output) override {
    if (!owner_->database_->FindFileByName(filename, output)) return false;
    LeaveOutMissingWeakImports(output);
    if (owner_->editions_.count(filename) == 0) return true;
    std::string err;
    if (!AsWritten(output, &err)) {
      Report(*output, err);
      return false;
    }
    owner_->written_[filename] = *output;
    EnumOpenness enum_is_open = [this, output](const std::string& name,
                                               bool* open) {
      for (const std::string& imported : output->dependency()) {
        pb::FileDescriptorProto file;
        if (Imported(imported, &file) && IsOpenEnum(file, name, open)) {
          return true;
        }
      }
      return false;
    };
    std::string lowered_to;
    if (!LowerEditions(output, enum_is_open, &lowered_to, &err)) {
      Report(*output, err);
      return false;
    }
    owner_->notes_.push_back("lowered " + owner_->ShownPath(filename) +
                             ": edition " + owner_->editions_[filename] +
                             ", read as " + lowered_to);
    return true;
  }
  bool FindFileContainingSymbol(const std::string&,
                                pb::FileDescriptorProto*) override {
    return false;
  }
  bool FindFileContainingExtension(const std::string&, int,
                                   pb::FileDescriptorProto*) override {
    return false;
  }

 private:
  // `err` at the line and column of the first element it names.
  void Report(const pb::FileDescriptorProto& file, const std::string& err) {
    int line = -1;
    int column = 0;
    PositionOfElement(file, err, &line, &column);
    owner_->errors_->AddError(file.name(), line, column, err);
  }

  // A weak import (`import weak`, as containerd's files import gogoproto's
  // options) is not needed to call a method, and protobuf leaves out one it
  // cannot find but not the options it defines: those nothing else defines
  // are left out too, and -v says so.
  void LeaveOutMissingWeakImports(pb::FileDescriptorProto* file) {
    std::set<int> missing;
    for (int index : file->weak_dependency()) {
      const std::string& name = file->dependency(index);
      pb::FileDescriptorProto ignored;
      bool found = IsWellKnownProto(name)
                       ? owner_->well_known_.FindFileByName(name, &ignored)
                       : !owner_->DiskPath(name).empty();
      if (!found) missing.insert(index);
    }
    if (missing.empty()) return;
    std::vector<int> renumbered(file->dependency_size(), -1);
    std::vector<std::string> kept;
    std::string left_out;
    for (int i = 0; i < file->dependency_size(); ++i) {
      if (missing.count(i) != 0) {
        left_out +=
            (left_out.empty() ? "\"" : ", \"") + file->dependency(i) + "\"";
        continue;
      }
      renumbered[i] = static_cast<int>(kept.size());
      kept.push_back(file->dependency(i));
    }
    auto renumber = [&renumbered](google::protobuf::RepeatedField<int>* list) {
      google::protobuf::RepeatedField<int> old;
      old.Swap(list);
      for (int index : old) {
        if (index >= 0 && index < static_cast<int>(renumbered.size()) &&
            renumbered[index] >= 0) {
          list->Add(renumbered[index]);
        }
      }
    };
    renumber(file->mutable_public_dependency());
    renumber(file->mutable_weak_dependency());
    file->clear_dependency();
    for (const std::string& name : kept) file->add_dependency(name);

    std::set<std::string> defined = DefinedNames(*file);
    for (const std::string& name : kept) {
      pb::FileDescriptorProto imported;
      if (Imported(name, &imported)) {
        std::set<std::string> more = DefinedNames(imported);
        defined.insert(more.begin(), more.end());
      }
    }
    std::set<std::string> dropped;
    VisitOptions(file, [&](const std::string&, const std::vector<int>&,
                           pb::Message* options) {
      DropUninterpretedOptions(options, [&](const pb::UninterpretedOption& o) {
        if (o.name_size() == 0 || !o.name(0).is_extension()) return false;
        for (const std::string& candidate :
             Candidates(TypeUse{o.name(0).name_part(), file->package()})) {
          if (defined.count(candidate) != 0) return false;
        }
        dropped.insert("(" + o.name(0).name_part() + ")");
        return true;
      });
    });
    std::string options;
    for (const std::string& name : dropped) {
      options += (options.empty() ? "" : ", ") + name;
    }
    owner_->notes_.push_back(
        owner_->ShownPath(file->name()) + ": weak import " + left_out +
        " not found: read without it" +
        (options.empty()
             ? std::string()
             : " and the options it would define (" + options + ")"));
  }

  // `file`, parsed from an editions file, as protoc writes it; the kinds
  // of the types it names from its imports are looked up in them.
  bool AsWritten(pb::FileDescriptorProto* file, std::string* err) {
    std::vector<std::string> imports(file->dependency().begin(),
                                     file->dependency().end());
    TypeKind kind_of = [this, imports](const std::string& name,
                                       bool* is_message) {
      for (const std::string& imported : imports) {
        pb::FileDescriptorProto found;
        if (Imported(imported, &found) &&
            DefinesType(found, name, is_message)) {
          return true;
        }
      }
      return false;
    };
    return AsWrittenInEditions(owner_->editions_[file->name()], kind_of, file,
                               err);
  }

  // An imported file as written (an editions file as protoc writes it),
  // parsed once.
  bool Imported(const std::string& name, pb::FileDescriptorProto* file) {
    auto known = imported_.find(name);
    if (known == imported_.end()) {
      pb::FileDescriptorProto parsed;
      std::string ignored;
      bool found = owner_->database_->FindFileByName(name, &parsed) &&
                   (owner_->editions_.count(name) == 0 ||
                    AsWrittenInEditions(owner_->editions_[name], nullptr,
                                        &parsed, &ignored));
      known = imported_.emplace(name, std::make_pair(found, parsed)).first;
    }
    *file = known->second.second;
    return known->second.first;
  }

  ProtoFiles* owner_;
  std::map<std::string, std::pair<bool, pb::FileDescriptorProto>> imported_;
};

const pb::FileDescriptorProto* ProtoFiles::WrittenAs(
    const std::string& virtual_name) const {
  auto written = written_.find(virtual_name);
  return written == written_.end() ? nullptr : &written->second;
}

ProtoFiles::ProtoFiles() = default;
ProtoFiles::~ProtoFiles() = default;

bool ProtoFiles::AddRoot(const std::string& dir, std::string* err) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    *err = dir + ": import path is not a directory";
    return false;
  }
  Root root{dir, AbsolutePath(dir)};
  source_tree_.MapPath("", root.absolute);
  roots_.push_back(root);
  return true;
}

// Maps a command-line path to the name protobuf knows it by: its path under
// the first root that holds it, or, if it names no file on disk, a path that
// is already relative to a root.
bool ProtoFiles::ToVirtualName(const std::string& path, bool may_add_root,
                               std::string* virtual_name, std::string* err) {
  if (!IsFile(path)) {
    std::string why = NotAFile(path);
    if (!why.empty() && why != "is a directory") {
      *err = path + ": " + why;
      return false;
    }
    std::string disk_file = fs::path(path).is_absolute() ? "" : DiskPath(path);
    if (!disk_file.empty()) {
      why = NotAFile(disk_file);
      if (!why.empty()) {
        *err = disk_file + ": " + why;
        return false;
      }
      *virtual_name = fs::path(path).lexically_normal().string();
      return true;
    }
    if (IsWellKnownProto(path)) {
      *virtual_name = path;
      return true;
    }
    *err = fs::is_directory(path)
               ? path +
                     ": is a directory; give the .proto files in it, "
                     "with -I " +
                     path + " to find their imports"
               : path + ": file not found";
    return false;
  }
  std::string shadowing;
  switch (source_tree_.DiskFileToVirtualFile(AbsolutePath(path), virtual_name,
                                             &shadowing)) {
    case pb::compiler::DiskSourceTree::SUCCESS:
      return true;
    case pb::compiler::DiskSourceTree::SHADOWED:
      *err = path + ": shadowed by " + shadowing +
             ", which has the same name under an earlier import path";
      return false;
    case pb::compiler::DiskSourceTree::CANNOT_OPEN:
      *err = path + ": cannot read the file";
      return false;
    case pb::compiler::DiskSourceTree::NO_MAPPING:
      break;
  }
  if (!may_add_root) {
    std::string root = RootOfImports(path);
    *err = path + ": not under any import path; add -I " +
           (root.empty() ? std::string("with its directory")
                         : root + ", the folder its imports are found under");
    return false;
  }
  // With no -I, a file outside the current directory is its own root:
  // friendlier than protoc, which refuses it.
  std::string parent = fs::path(AbsolutePath(path)).parent_path().string();
  if (!AddRoot(parent, err)) return false;
  return ToVirtualName(path, false, virtual_name, err);
}

std::string ProtoFiles::ShownPath(const std::string& virtual_name) const {
  for (const Root& root : roots_) {
    if (IsFile(root.absolute + "/" + virtual_name)) {
      if (root.shown == ".") return virtual_name;
      return (fs::path(root.shown) / virtual_name).lexically_normal().string();
    }
  }
  return virtual_name;
}

std::string ProtoFiles::DiskPath(const std::string& virtual_name) const {
  for (const Root& root : roots_) {
    std::string path = root.absolute + "/" + virtual_name;
    std::error_code ec;
    if (fs::exists(fs::status(path, ec))) return path;
  }
  return "";
}

std::string ProtoFiles::SearchedRoots() const {
  std::string text;
  for (const Root& root : roots_) {
    text += (root.shown == "." ? "the current directory" : root.shown) + ", ";
  }
  return text + "then the built-in google/protobuf/*.proto (-I DIR adds DIR)";
}

bool ProtoFiles::Load(const SchemaOptions& options, std::string* err) {
  std::vector<std::string> dirs = options.import_paths;
  bool implicit_root = dirs.empty();
  if (implicit_root) dirs.push_back(".");
  for (const std::string& dir : dirs) {
    if (!AddRoot(dir, err)) return false;
  }

  std::vector<std::string> virtual_names;
  for (const std::string& path : options.proto_files) {
    std::string name;
    if (!ToVirtualName(path, implicit_root, &name, err)) return false;
    virtual_names.push_back(name);
  }

  errors_ = std::make_unique<ErrorCollector>(this);
  regular_files_ = std::make_unique<RegularFilesOnly>(this);
  database_ = std::make_unique<pb::compiler::SourceTreeDescriptorDatabase>(
      regular_files_.get(), &well_known_);
  database_->RecordErrorsTo(errors_.get());
  lowered_files_ = std::make_unique<LoweredFiles>(this);
  pool_ = std::make_unique<pb::DescriptorPool>(
      lowered_files_.get(), database_->GetValidationErrorCollector());

  for (const std::string& name : virtual_names) {
    const pb::FileDescriptor* file = pool_->FindFileByName(name);
    errors_->FlushMissing();
    bool repeated =
        std::find(files_.begin(), files_.end(), file) != files_.end();
    if (file != nullptr && !repeated) files_.push_back(file);
  }
  if (!errors_->empty()) {
    *err = errors_->Text();
    return false;
  }
  return true;
}

}  // namespace rpccli
