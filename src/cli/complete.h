// Shell completion's side in rpccli: `rpccli __complete WORD...` gets the
// words typed after `rpccli`, the last the one being completed (empty
// after a blank), and prints what may go there, one per line: subcommands,
// flags, flag values with fixed choices, files, and from the schema on the
// command line (or the target's reflection) services, methods and symbols.
#ifndef RPCCLI_CLI_COMPLETE_H_
#define RPCCLI_CLI_COMPLETE_H_

#include <string>
#include <vector>

#include "commands/io.h"

namespace rpccli {

/// The hidden command the completion scripts run.
constexpr char kCompleteCommand[] = "__complete";

/// Prints the candidates for the last of `words`; prints nothing where it
/// knows nothing, and always exits 0, so a shell never shows an error.
int RunComplete(const std::vector<std::string>& words, const Io& io);

}  // namespace rpccli

#endif  // RPCCLI_CLI_COMPLETE_H_
