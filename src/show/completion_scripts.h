// The shell scripts `rpccli completion SHELL` prints. Each hands the words
// typed so far to `rpccli __complete` (cli/complete.h) and offers what it
// prints, one candidate per line, as they are: a method name may complete
// from a part of it that is not its start (`Gr` to `demo.Demo/Greet`).
#ifndef RPCCLI_SHOW_COMPLETION_SCRIPTS_H_
#define RPCCLI_SHOW_COMPLETION_SCRIPTS_H_

#include <string>

namespace rpccli {

/// The script for `shell`: bash, zsh or fish (anything else: empty).
std::string CompletionScript(const std::string& shell);

}  // namespace rpccli

#endif  // RPCCLI_SHOW_COMPLETION_SCRIPTS_H_
