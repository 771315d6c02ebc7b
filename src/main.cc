// rpccli: a thin main over the library; see src/cli.cc and src/run.cc.
#include <unistd.h>

#include <iostream>

#include "cli.h"

// Sanitizer builds end the normal way, so that the leak checker runs.
#if defined(__SANITIZE_ADDRESS__)
#define RPCCLI_NORMAL_EXIT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RPCCLI_NORMAL_EXIT 1
#endif
#endif

int main(int argc, char** argv) {
  rpccli::FdSource standard_input(STDIN_FILENO, /*owned=*/false);
  rpccli::Io io{&standard_input, isatty(STDIN_FILENO) != 0, &std::cout,
                &std::cerr};
  int code = rpccli::RunCli(argc, argv, io);
#ifndef RPCCLI_NORMAL_EXIT
  // Tearing down gRPC's global state (joining its threads among others)
  // took more CPU time than a unary call's own work; with the output
  // flushed, the process can end here.
  std::cout.flush();
  std::cerr.flush();
  _exit(code);
#endif
  return code;
}
