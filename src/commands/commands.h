// The commands, one file each: a command's whole flow, from the options to
// the exit code, is in its file; what they share is beside them, by topic:
// open_schema.h, call_setup.h and report.h.
#ifndef RPCCLI_COMMANDS_COMMANDS_H_
#define RPCCLI_COMMANDS_COMMANDS_H_

#include <string>
#include <vector>

#include "base/options.h"
#include "commands/io.h"

namespace rpccli {

/// rpccli list: services, or one service's methods.
int RunList(const Options& options, const Io& io);
/// rpccli describe: a symbol in .proto syntax, or a JSON template.
int RunDescribe(const Options& options, const Io& io);
/// rpccli call: one call of any kind.
int RunCall(const Options& options, const Io& io);
/// rpccli call --batch: each input message a call of its own.
int RunBatch(const Options& options, const Io& io);
/// rpccli bench: the same call many times, and a report.
int RunBench(const Options& options, const Io& io);
/// rpccli bench merge: one report from the JSON reports of many runs.
int RunBenchMerge(const Options& options, const Io& io);
/// rpccli serve: a mock server of the schema's services, from stubs.
int RunServe(const Options& options, const Io& io);
/// rpccli health: the standard health check.
int RunHealth(const Options& options, const Io& io);
/// rpccli completion: a shell's completion script.
int RunCompletion(const Options& options, const Io& io);

/// What shell completion asks the schema for.
enum class NameKind { kServices, kMethods, kSymbols };
/// The names of that kind in the schema `options` name (files, protosets,
/// or the target's reflection, within the connect timeout); none when the
/// schema cannot be had.
std::vector<std::string> SchemaNames(const Options& options, NameKind kind);

}  // namespace rpccli

#endif  // RPCCLI_COMMANDS_COMMANDS_H_
