// The command line's grammar: each subcommand with its arguments and flags,
// written by CLI11 into Options. Parsing for a run is in cli.cc; shell
// completion (cli/complete.cc) reads the same grammar.
#ifndef RPCCLI_CLI_CLI_FLAGS_H_
#define RPCCLI_CLI_CLI_FLAGS_H_

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "base/options.h"
#include "cli/bench_flags.h"
#include "cli/cli_flag_groups.h"

namespace rpccli {

class CommandLine {
 public:
  /// `for_completion`: no argument is required, so that a command line
  /// still being typed fills in what it has.
  explicit CommandLine(bool for_completion = false);
  CommandLine(const CommandLine&) = delete;
  CommandLine& operator=(const CommandLine&) = delete;

  /// The grammar, to parse with (CLI11 throws on a usage error) and to
  /// read subcommands and flags from.
  CLI::App& app() { return app_; }

  /// Once parsed: completes `options()` with the command and what needs
  /// more than CLI11 (list's arguments sorted into files, target and name;
  /// flags checked against each other). False, with `err`, for a usage
  /// error.
  bool Finish(std::string* err);

  /// Before parsing: the command and each flag in `arguments` (argv after
  /// the program) checked against the grammar, so that a typo gets a
  /// "did you mean", and a long flag written with one dash (-plaintext,
  /// which CLI11 reads as -p laintext) is caught. False, with `err`, for
  /// a usage error.
  bool CheckWords(const std::vector<std::string>& arguments, std::string* err);

  const Options& options() const { return options_; }

 private:
  Options options_;
  CLI::App app_{"", "rpccli"};
  CLI::App* list_ = nullptr;
  CLI::App* describe_ = nullptr;
  CLI::App* call_ = nullptr;
  CLI::App* health_ = nullptr;
  CLI::App* bench_ = nullptr;
  CLI::App* bench_merge_ = nullptr;
  CLI::App* serve_ = nullptr;
  CLI::App* completion_ = nullptr;
  std::vector<std::string> list_arguments_;
  std::vector<std::string> describe_arguments_;
  CallFlags call_flags_;
  CallFlags bench_flags_;
  BenchFlags bench_text_;
};

}  // namespace rpccli

#endif  // RPCCLI_CLI_CLI_FLAGS_H_
