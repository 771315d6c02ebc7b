// What every command is handed and returns: the standard streams (Io) and
// the exit codes, as the man page documents them, and how a run ends.
#ifndef RPCCLI_COMMANDS_IO_H_
#define RPCCLI_COMMANDS_IO_H_

#include <ostream>

#include "input/byte_source.h"

namespace rpccli {

/// Exit codes, as the man page documents them.
enum ExitCode {
  kExitOk = 0,
  kExitFailure = 1,         // a local failure: file, parse, input, connection
  kExitUsage = 2,           // bad command line
  kExitNotServing = 3,      // health: NOT_SERVING
  kExitServiceUnknown = 4,  // health: SERVICE_UNKNOWN
  kExitHealthUnknown = 5,   // health: UNKNOWN, or a status rpccli lacks
  kExitRpcBase = 64,        // plus the gRPC status code of a failed call
  kExitThresholdCrossed = 99,  // bench: a --fail-if threshold was crossed
  kExitSignalBase = 128,    // plus the signal that interrupted the call
  kExitOutputClosed = 141,  // stdout closed early, as if killed by SIGPIPE
};

/// The standard streams as the commands use them.
class FdOutput;

struct Io {
  ByteSource* in;                // where requests are read from when asked to
  bool in_is_terminal;           // stdin is read only when piped, unless `@-`
  std::ostream* out;             // response data only
  std::ostream* err;             // errors and diagnostics
  bool err_is_terminal = false;  // progress is shown only on a terminal
  /// Set by main to EndProcess: a command whose outcome is printed ends
  /// the process at once, before its channel, calls and gRPC's threads are
  /// torn down. Unset (tests), commands return.
  int (*end_process)(int code, const Io& io) = nullptr;
  /// `out` as main makes it, which knows why a write failed; unset (tests),
  /// failed writes are told by the commands alone.
  FdOutput* out_fd = nullptr;
};

/// `code`, unless writing stdout failed: then 141 for a reader gone (as
/// `| head` does), quietly, or, for a lost write (a full disk, an I/O
/// error), 1 and an error naming stdout. Usage errors and signals keep
/// their code.
int CheckOutput(int code, const Io& io);

/// Ends the process with `code` once `io`'s output is flushed, without
/// tearing down gRPC's global state (AddressSanitizer builds run the leak
/// check first).
int EndProcess(int code, const Io& io);

}  // namespace rpccli

#endif  // RPCCLI_COMMANDS_IO_H_
