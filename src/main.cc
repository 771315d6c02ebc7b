// rpccli: a thin main over the library; see src/cli.cc and src/run.cc.
#include <unistd.h>

#include <iostream>

#include "cli.h"
#include "fd_output.h"

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
