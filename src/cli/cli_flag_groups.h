// The flag groups the subcommands share (schema, metadata, connection,
// format, call and bench flags), each written by CLI11 into its part of
// Options. cli_flags.cc puts them together into the command line.
#ifndef RPCCLI_CLI_CLI_FLAG_GROUPS_H_
#define RPCCLI_CLI_CLI_FLAG_GROUPS_H_

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "base/options.h"

namespace rpccli {

/// What CLI11 fills in before it is turned into Options: --format and the
/// others whose text maps to an enum, and how many times -v was given.
struct CallFlags {
  CLI::Option* data = nullptr;
  std::string format_name = "json";
  std::string error_format_name = "text";
  int verbosity = 0;

  void Apply(Options* options) const;
};

/// Makes `option` take one of `choices`: --help shows them as its type
/// (`a|b|c`), the parser refuses anything else, and completion offers them
/// (ChoicesOf): the one list of a flag's values.
CLI::Option* OneOf(CLI::Option* option,
                   const std::vector<std::string>& choices);

/// The values `option` takes, if OneOf made it take a fixed few; else none.
std::vector<std::string> ChoicesOf(const CLI::Option& option);

/// A whole number from `lowest` to `highest`, written in decimal digits;
/// else one plain line that says so (CLI11's own range check calls "1.5"
/// or "1k" out of range).
CLI::Validator WholeNumber(int64_t lowest, int64_t highest);

/// A finite number above `lowest` (or at least it, if `or_equal`) and at
/// most about three years' seconds; else `what`, one plain line, where
/// CLI11's own ranges print DBL_MAX in full.
CLI::Validator BoundedNumber(double lowest, const std::string& what,
                             bool or_equal = false);

/// A path: an empty one would read as the flag not given, or as the
/// current directory.
CLI::Validator NonEmptyPath();

/// A value that would read as the flag not given: `--authority ''` would
/// send the target's host after all, and say nothing. `instead` says what
/// to give.
CLI::Validator NonEmpty(const std::string& instead);

/// -p, -I, --protoset, --protoset-out.
void AddSchemaOptions(CLI::App* app, SchemaOptions* schema);
/// -H and the reflection headers; `for_calls` adds --rpc-header and
/// --show-secrets.
void AddMetadataOptions(CLI::App* app, MetadataOptions* metadata,
                        bool for_calls);
/// TLS, timeouts, the proxy, the protocol and the HTTP version.
void AddConnectionOptions(CLI::App* app, ConnectionOptions* connection);
/// --format and how messages print.
void AddFormatOptions(CLI::App* app, FormatOptions* format,
                      std::string* format_name, std::string* error_format_name);
/// call and bench: TARGET METHOD [JSON], and every flag a call takes.
/// CLI11 writes into `flags`, which the caller keeps until parsing is over.
void AddCallOptions(CLI::App* app, Options* options, CallFlags* flags,
                    const std::string& verbose_help);

/// --max-time's check: a number of seconds, 0 for no limit.
CLI::Validator MaxTimeCheck();

}  // namespace rpccli

#endif  // RPCCLI_CLI_CLI_FLAG_GROUPS_H_
