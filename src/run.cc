#include "run.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "commands/commands.h"
#include "fd_output.h"

namespace rpccli {

int Run(const Options& options, const Io& io) {
  switch (options.command) {
    case Command::kList:
      return RunList(options, io);
    case Command::kDescribe:
      return RunDescribe(options, io);
    case Command::kCall:
      return options.many.batch ? RunBatch(options, io) : RunCall(options, io);
    case Command::kBench:
      return RunBench(options, io);
    case Command::kHealth:
      return RunHealth(options, io);
    case Command::kCompletion:
      return RunCompletion(options, io);
  }
  return kExitUsage;
}

// Sanitizer builds end the normal way, so that the leak checker runs.
#if defined(__SANITIZE_ADDRESS__)
#define RPCCLI_NORMAL_EXIT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RPCCLI_NORMAL_EXIT 1
#endif
#endif

int CheckOutput(int code, const Io& io) {
  if (io.out_fd == nullptr) return code;
  int failure = io.out_fd->TakeWriteErrno();
  if (failure == 0 || code == kExitUsage ||
      (code > kExitSignalBase && code != kExitOutputClosed)) {
    return code;
  }
  if (failure == EPIPE) return kExitOutputClosed;
  *io.err << "rpccli: error: stdout: cannot write: " << std::strerror(failure)
          << "\n";
  return kExitFailure;
}

int EndProcess(int code, const Io& io) {
  code = CheckOutput(code, io);
#ifndef RPCCLI_NORMAL_EXIT
  // Tearing down gRPC's global state (joining its threads among others)
  // took more CPU time than a unary call's own work; with the output
  // flushed, the process can end here.
  io.out->flush();
  io.err->flush();
  _exit(code);
#endif
  return code;
}

}  // namespace rpccli
