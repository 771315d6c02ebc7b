// bench's and bench merge's own flags: how many calls, how fast, how the
// load changes, when the run starts, its reports and its thresholds.
#ifndef RPCCLI_CLI_BENCH_FLAGS_H_
#define RPCCLI_CLI_BENCH_FLAGS_H_

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "base/options.h"

namespace rpccli {

/// What CLI11 reads as text, turned into ManyCallsOptions by Apply.
struct BenchFlags {
  std::vector<std::string> reports;  // FORMAT[=FILE]
  std::string warmup;                // N calls, or a length of time
  std::string start_at;              // RFC 3339, or seconds since the epoch

  /// Fills `many` from the text, and checks flags against each other.
  /// False, with `err`, for a usage error.
  bool Apply(ManyCallsOptions* many, std::string* err) const;
};

/// bench: -n, -c, --duration, --rps, the schedules, --connections,
/// --warmup, --start-at, and the report flags.
void AddBenchOptions(CLI::App* app, ManyCallsOptions* many, BenchFlags* flags);

/// bench and bench merge: --report and --fail-if.
void AddBenchReportOptions(CLI::App* app, ManyCallsOptions* many,
                           BenchFlags* flags);

}  // namespace rpccli

#endif  // RPCCLI_CLI_BENCH_FLAGS_H_
