#include "commands/run.h"

#include "commands/commands.h"

namespace rpccli {

int Run(const Options& options, const Io& io) {
  switch (options.command) {
    case Command::kList:
      return RunList(options, io);
    case Command::kDescribe:
      return RunDescribe(options, io);
    case Command::kCall:
      return options.many.batch ? RunBatch(options, io) : RunCall(options, io);
    case Command::kBench:
      return RunBench(options, io);
    case Command::kBenchMerge:
      return RunBenchMerge(options, io);
    case Command::kServe:
      return RunServe(options, io);
    case Command::kHealth:
      return RunHealth(options, io);
    case Command::kCompletion:
      return RunCompletion(options, io);
  }
  return kExitUsage;
}

}  // namespace rpccli
