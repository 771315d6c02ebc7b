#include "cli/complete.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "base/text.h"
#include "cli/cli_flag_groups.h"
#include "cli/cli_flags.h"
#include "commands/commands.h"

namespace rpccli {
namespace {

namespace fs = std::filesystem;

enum class Files { kProto, kAny, kDirectories };

// Entries of the directory `word` points into whose names continue it:
// directories with a '/', and files of the kind asked for. Hidden ones
// only when the word asks for them. `root`, if given, is where `word` is
// read from (an import path), and stays out of what is added.
void AddFiles(const std::string& word, Files kind,
              std::vector<std::string>* out, const std::string& root = "") {
  size_t slash = word.rfind('/');
  std::string directory =
      slash == std::string::npos ? "" : word.substr(0, slash + 1);
  std::string start = word.substr(directory.size());
  std::string on_disk = root.empty() ? directory : root + "/" + directory;
  std::error_code error;
  fs::directory_iterator entries(on_disk.empty() ? "." : on_disk, error);
  if (error) return;
  std::vector<std::string> found;
  for (const fs::directory_entry& entry : entries) {
    std::string name = entry.path().filename().string();
    if (!StartsWith(name, start) || (name[0] == '.' && start.empty())) continue;
    if (entry.is_directory(error)) {
      found.push_back(directory + name + "/");
    } else if (kind == Files::kAny ||
               (kind == Files::kProto && EndsWith(name, ".proto"))) {
      found.push_back(directory + name);
    }
  }
  std::sort(found.begin(), found.end());
  out->insert(out->end(), found.begin(), found.end());
}

// What the words before the one being completed have filled in, as the
// command would read them; partial where the line is still partial.
Options ReadSoFar(const std::vector<std::string>& before) {
  CommandLine command_line(/*for_completion=*/true);
  std::vector<std::string> arguments(before.rbegin(), before.rend());
  try {
    command_line.app().parse(arguments);
  } catch (const CLI::Error&) {
    // What was read before the error is still there.
  }
  std::string ignored;
  command_line.Finish(&ignored);
  return command_line.options();
}

// The values `option` takes, as the parser lists them (OneOf).
void AddChoices(const CLI::Option& option, const std::string& word,
                std::vector<std::string>* out) {
  for (const std::string& choice : ChoicesOf(option)) {
    if (StartsWith(choice, word)) out->push_back(choice);
  }
}

// The values a flag takes from a fixed list, or the files it names
// (.proto files under the -I roots given in `before` too, as -p reads
// them).
void AddFlagValues(const CLI::Option& option, const std::string& word,
                   const std::vector<std::string>& before,
                   std::vector<std::string>* out) {
  if (!ChoicesOf(option).empty()) return AddChoices(option, word, out);
  // Every flag that takes a value has a long name.
  if (option.get_lnames().empty()) return;
  const std::string flag = "--" + option.get_lnames().front();
  if (flag == "--proto") {
    AddFiles(word, Files::kProto, out);
    // Without the flag itself, which waits for the word being completed.
    std::vector<std::string> read(before.begin(),
                                  before.end() - (before.empty() ? 0 : 1));
    for (const std::string& root : ReadSoFar(read).schema.import_paths) {
      if (!root.empty() && root != ".")
        AddFiles(word, Files::kProto, out, root);
    }
    std::sort(out->begin(), out->end());
    out->erase(std::unique(out->begin(), out->end()), out->end());
  } else if (flag == "--import-path") {
    AddFiles(word, Files::kDirectories, out);
  } else if (flag == "--protoset" || flag == "--protoset-out" ||
             flag == "--cacert" || flag == "--cert" || flag == "--key") {
    AddFiles(word, Files::kAny, out);
  } else if (StartsWith(word, "@")) {  // -H @FILE
    std::vector<std::string> files;
    AddFiles(word.substr(1), Files::kAny, &files);
    for (const std::string& file : files) out->push_back("@" + file);
  }
}

// The flag a command-line word names (`-p`, `--proto`), or null.
const CLI::Option* FindFlag(const CLI::App& command, const std::string& word) {
  for (const CLI::Option* option : command.get_options()) {
    if (option->get_positional()) continue;
    for (const std::string& name : option->get_lnames()) {
      if (word == "--" + name) return option;
    }
    for (const std::string& name : option->get_snames()) {
      if (word == "-" + name) return option;
    }
  }
  return nullptr;
}

// The schema's names that `word` starts, or whose last part it starts:
// `Gr` finds `demo.Demo/Greet`, and `Demo/G` too.
void AddNames(const std::vector<std::string>& names, const std::string& word,
              std::vector<std::string>* out) {
  for (const std::string& name : names) {
    size_t last_dot = name.find_last_of('.', name.find('/'));
    size_t slash = name.find('/');
    bool matches = StartsWith(name, word) ||
                   (last_dot != std::string::npos &&
                    StartsWith(name.substr(last_dot + 1), word)) ||
                   (slash != std::string::npos &&
                    StartsWith(name.substr(slash + 1), word));
    if (matches) out->push_back(name);
  }
}

// The flags of `command`, long and short, that start with `word`.
void AddFlagNames(const CLI::App& command, const std::string& word,
                  std::vector<std::string>* out) {
  std::set<std::string> flags;
  for (const CLI::Option* option : command.get_options()) {
    if (option->get_positional()) continue;
    for (const std::string& name : option->get_lnames()) {
      flags.insert("--" + name);
    }
    for (const std::string& name : option->get_snames()) {
      flags.insert("-" + name);
    }
  }
  for (const std::string& flag : flags) {
    if (StartsWith(flag, word)) out->push_back(flag);
  }
}

// Where the word being completed stands after `before` (the subcommand and
// the words after it): the value of a flag that takes one, or else the
// argument after `arguments` others.
struct Place {
  const CLI::Option* value_of = nullptr;
  size_t arguments = 0;
};
Place PlaceOfNextWord(const CLI::App& command,
                      const std::vector<std::string>& before) {
  Place place;
  for (size_t i = 1; i < before.size(); ++i) {
    const std::string& typed = before[i];
    if (typed.size() > 1 && typed[0] == '-') {
      if (typed.find('=') != std::string::npos) continue;  // --flag=value
      const CLI::Option* flag = FindFlag(command, typed);
      if (flag != nullptr && flag->get_expected_min() > 0) {
        if (i + 1 == before.size()) place.value_of = flag;
        ++i;  // its value
      }
    } else {
      ++place.arguments;
    }
  }
  return place;
}

// The command's arguments: their fixed choices (shells), files, and the
// schema's names.
void AddArguments(const CLI::App& app, const std::vector<std::string>& before,
                  size_t position, const std::string& word,
                  std::vector<std::string>* out) {
  const std::string& command = app.get_name();
  if (command == "completion") {
    if (position > 0) return;
    for (const CLI::Option* argument : app.get_options()) {
      if (argument->get_positional()) AddChoices(*argument, word, out);
    }
  } else if (command == "list" || command == "describe") {
    // Files, unless a server was named (the two do not mix); then, with a
    // schema already named, what is in it.
    Options options = ReadSoFar(before);
    if (options.connection.target.empty()) {
      AddFiles(word, Files::kProto, out);
    }
    AddNames(SchemaNames(options, command == "list" ? NameKind::kServices
                                                    : NameKind::kSymbols),
             word, out);
  } else if (command == "health") {
    if (position != 1) return;
    AddNames(SchemaNames(ReadSoFar(before), NameKind::kServices), word, out);
  } else if (position == 1) {  // call and bench: TARGET METHOD [JSON]
    AddNames(SchemaNames(ReadSoFar(before), NameKind::kMethods), word, out);
  } else if (position == 2 && StartsWith(word, "@")) {
    std::vector<std::string> files;
    AddFiles(word.substr(1), Files::kAny, &files);
    for (const std::string& file : files) out->push_back("@" + file);
  }
}

std::vector<std::string> Candidates(const std::vector<std::string>& words) {
  std::vector<std::string> out;
  const std::string& word = words.back();
  std::vector<std::string> before(words.begin(), words.end() - 1);
  CommandLine grammar(/*for_completion=*/true);
  const std::vector<CLI::App*> commands = grammar.app().get_subcommands({});
  if (before.empty()) {
    for (const CLI::App* command : commands) {
      if (StartsWith(command->get_name(), word)) {
        out.push_back(command->get_name());
      }
    }
    for (const char* flag : {"--help", "--version"}) {
      if (StartsWith(flag, word)) out.push_back(flag);
    }
    return out;
  }
  auto command = std::find_if(commands.begin(), commands.end(),
                              [&](const CLI::App* candidate) {
                                return candidate->get_name() == before[0];
                              });
  if (command == commands.end()) return out;
  Place place = PlaceOfNextWord(**command, before);
  if (place.value_of != nullptr) {
    AddFlagValues(*place.value_of, word, before, &out);
  } else if (StartsWith(word, "-")) {
    AddFlagNames(**command, word, &out);
  } else {
    AddArguments(**command, before, place.arguments, word, &out);
  }
  return out;
}

}  // namespace

int RunComplete(const std::vector<std::string>& words, const Io& io) {
  if (words.empty()) return kExitOk;
  for (const std::string& candidate : Candidates(words)) {
    *io.out << candidate << "\n";
  }
  io.out->flush();
  return kExitOk;
}

}  // namespace rpccli
