// rpccli: a thin main over the library; see cli/cli.cc and commands/run.cc.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include <iostream>

#include "base/fd_output.h"
#include "cli/cli.h"

namespace {

// A standard descriptor the parent closed (`<&-`) would be taken by the
// first file gRPC opens, and read or written as if it were stdin or
// stdout: a call read gRPC's eventfd for its request and never ended.
// Each closed one is /dev/null instead, as if redirected there.
// Run before any static initializer of the program (gRPC's make its
// eventfd before main).
__attribute__((constructor(101))) void OpenClosedStandardDescriptors() {
  for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; ++fd) {
    if (fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
      int null = open("/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY);
      if (null >= 0 && null != fd) {
        dup2(null, fd);
        close(null);
      }
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  rpccli::FdSource standard_input(STDIN_FILENO, /*owned=*/false);
  rpccli::FdOutput standard_output(STDOUT_FILENO);
  rpccli::Io io{&standard_input, isatty(STDIN_FILENO) != 0, &standard_output,
                &std::cerr};
  io.out_fd = &standard_output;
  io.err_is_terminal = isatty(STDERR_FILENO) != 0;
  io.end_process = &rpccli::EndProcess;
  return rpccli::EndProcess(rpccli::RunCli(argc, argv, io), io);
}
