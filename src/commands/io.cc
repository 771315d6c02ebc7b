#include "commands/io.h"

#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define RPCCLI_LEAK_CHECK 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RPCCLI_LEAK_CHECK 1
#endif
#endif
#ifdef RPCCLI_LEAK_CHECK
#include <sanitizer/lsan_interface.h>
#endif

#include <cerrno>
#include <cstring>

#include "base/fd_output.h"

namespace rpccli {

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
  // Tearing down gRPC's global state (joining its threads among others)
  // took more CPU time than a unary call's own work; with the output
  // flushed, the process can end here.
  io.out->flush();
  io.err->flush();
#ifdef RPCCLI_LEAK_CHECK
  // Sanitizer builds end the same way, after the leak check exit() would
  // have run: exit() also ran OpenSSL's clean-up while a gRPC thread was
  // starting a reconnection's TLS handshake, a crash production never has.
  __lsan_do_leak_check();
#endif
  _exit(code);
}

}  // namespace rpccli
