// The command line: CLI11 wiring that fills Options, and nothing else.
#ifndef RPCCLI_CLI_CLI_H_
#define RPCCLI_CLI_CLI_H_

#include "commands/run.h"

namespace rpccli {

/// Parses the command line and runs it. Returns the process exit code:
/// 2 for a bad command line, otherwise what Run returns.
int RunCli(int argc, const char* const* argv, const Io& io);

}  // namespace rpccli

#endif  // RPCCLI_CLI_CLI_H_
