#include "cli/cli.h"

#include <absl/synchronization/mutex.h>
#include <google/protobuf/stubs/logging.h>

#include <csignal>
#include <string>
#include <vector>

#include "base/utf8.h"
#include "cli/cli_flags.h"
#include "cli/complete.h"

namespace rpccli {
namespace {

int UsageError(const Io& io, const std::string& message) {
  *io.err << "rpccli: error: " << EscapeControls(message)
          << "\nRun 'rpccli --help' for usage.\n";
  return kExitUsage;
}

}  // namespace

int RunCli(int argc, const char* const* argv, const Io& io) {
  // A closed stdout (`rpccli ... | head -1`) should end the call quietly,
  // which needs a write error rather than death by SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  // protobuf logs warnings to stderr (a half-written JSON object when an Any
  // cannot be printed, say); rpccli reports what matters itself, once.
  google::protobuf::SetLogHandler(nullptr);
  // Debian builds Abseil with its Mutex deadlock detector on, and gRPC
  // takes a Mutex several times per message: the bookkeeping was 4% of a
  // long stream's time.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  // The completion scripts ask for candidates with the words typed so far.
  if (argc >= 2 && std::string(argv[1]) == kCompleteCommand) {
    return RunComplete(std::vector<std::string>(argv + 2, argv + argc), io);
  }

  CommandLine command_line;
  CLI::App& app = command_line.app();
  std::string err;
  if (!command_line.CheckWords(std::vector<std::string>(argv + 1, argv + argc),
                               &err)) {
    return UsageError(io, err);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e, *io.out, *io.err);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e, *io.out, *io.err);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e, *io.out, *io.err);
  } catch (const CLI::ParseError& e) {
    return UsageError(io, e.what());
  }
  if (!command_line.Finish(&err)) return UsageError(io, err);
  return Run(command_line.options(), io);
}

}  // namespace rpccli
