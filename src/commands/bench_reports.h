// Where bench's and bench merge's reports go, how the run is judged
// against --fail-if, and the exit code that follows.
#ifndef RPCCLI_COMMANDS_BENCH_REPORTS_H_
#define RPCCLI_COMMANDS_BENCH_REPORTS_H_

#include <string>
#include <vector>

#include "base/options.h"
#include "commands/io.h"
#include "show/bench_report.h"

namespace rpccli {

/// Before the run: each report's file can be written (its directory
/// exists and is writable), so that a run is not lost to a typo at its
/// end. False, with `err` naming the file.
bool CheckReportFiles(const std::vector<ReportOutput>& reports,
                      std::string* err);

/// After the run: judges `results` against --fail-if (the verdicts go in
/// the reports), writes every report but CSV (written as calls end), and
/// returns the exit code: 99 if a threshold was crossed; else, when an
/// `errors` threshold was given, 0; else 64 + the most frequent failure's
/// code, or 0. `err` is set, and 1 returned, if a report cannot be
/// written.
int FinishBenchReports(const ManyCallsOptions& many, BenchResults* results,
                       const BenchSettings& settings, const Io& io,
                       std::string* err);

}  // namespace rpccli

#endif  // RPCCLI_COMMANDS_BENCH_REPORTS_H_
