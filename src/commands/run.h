// The library's one entry: runs the command the options name (each in its
// file under commands/) and returns the exit code it picked.
#ifndef RPCCLI_COMMANDS_RUN_H_
#define RPCCLI_COMMANDS_RUN_H_

#include "base/options.h"
#include "commands/io.h"

namespace rpccli {

/// Runs the command in `options` and returns the process exit code.
int Run(const Options& options, const Io& io);

}  // namespace rpccli

#endif  // RPCCLI_COMMANDS_RUN_H_
