// rpccli: a thin main over the library; see src/cli.cc and src/run.cc.
#include <unistd.h>

#include <iostream>

#include "cli.h"

int main(int argc, char** argv) {
  rpccli::FdSource standard_input(STDIN_FILENO, /*owned=*/false);
  rpccli::Io io{&standard_input, isatty(STDIN_FILENO) != 0, &std::cout,
                &std::cerr};
  io.err_is_terminal = isatty(STDERR_FILENO) != 0;
  io.end_process = &rpccli::EndProcess;
  return rpccli::EndProcess(rpccli::RunCli(argc, argv, io), io);
}
