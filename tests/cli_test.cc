#include "cli.h"

#include <gtest/gtest.h>

#include <sstream>
#include <vector>

namespace rpccli {
namespace {

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

Outcome RunArgs(std::vector<const char*> args) {
  args.insert(args.begin(), "rpccli");
  StringSource in("");
  std::ostringstream out, err;
  Io io{&in, true, &out, &err};
  int code = RunCli(static_cast<int>(args.size()), args.data(), io);
  return {code, out.str(), err.str()};
}

const std::string kDemoProto = RPCCLI_SOURCE_DIR "/proto/demo.proto";

TEST(Cli, HelpListsCommandsAndExitCodes) {
  Outcome outcome = RunArgs({"--help"});
  EXPECT_EQ(outcome.code, 0);
  for (const char* text : {"list", "describe", "call", "Exit codes:", "64+N"}) {
    EXPECT_NE(outcome.out.find(text), std::string::npos) << text;
  }
}

TEST(Cli, SubcommandHelpListsItsFlags) {
  Outcome outcome = RunArgs({"call", "--help"});
  EXPECT_EQ(outcome.code, 0);
  for (const char* text :
       {"--plaintext", "--proto", "--import-path", "--emit-defaults",
        "--proto-names", "--allow-unknown-fields", "--compact",
        "--connect-timeout"}) {
    EXPECT_NE(outcome.out.find(text), std::string::npos) << text;
  }
}

TEST(Cli, VersionPrintsTheVersion) {
  Outcome outcome = RunArgs({"--version"});
  EXPECT_EQ(outcome.code, 0);
  EXPECT_EQ(outcome.out, "0.1.0\n");
}

TEST(Cli, UsageErrorsExitTwoWithOneClearLine) {
  struct Case {
    std::vector<const char*> args;
    const char* error;
  } cases[] = {
      {{}, "rpccli: error: A subcommand is required"},
      {{"list", "--frobnicate", "x.proto"},
       "rpccli: error: list: unknown flag --frobnicate"},
      {{"list"},
       "rpccli: error: list: give a TARGET or FILE.proto (or -p FILE, "
       "--protoset FILE)\n"},
      {{"call", "localhost:1"}, "rpccli: error: METHOD is required"},
      {{"call", "--connect-timeout", "-1", "localhost:1", "M"},
       "rpccli: error: --connect-timeout: must be a number of seconds above "
       "0, at most 100000000\n"},
      {{"call", "--max-time", "-1", "localhost:1", "M"},
       "rpccli: error: --max-time: must be a number of seconds, 0 or more (0: "
       "no limit), at most 100000000\n"},
      {{"call", "--max-time", "abc", "localhost:1", "M"},
       "rpccli: error: --max-time: must be a number of seconds, 0 or more (0: "
       "no limit), at most 100000000\n"},
      // Past it, the deadline would overflow into the past.
      {{"call", "--max-time", "99999999999999999999", "localhost:1", "M"},
       "rpccli: error: --max-time: must be a number of seconds, 0 or more (0: "
       "no limit), at most 100000000\n"},
      // It would read as 0, "no limit".
      {{"call", "--max-time", "1e-400", "localhost:1", "M"},
       "rpccli: error: --max-time: must be a number of seconds, 0 or more (0: "
       "no limit), and 1e-400 is too small to tell from 0\n"},
      {{"bench", "--rps", "1e400", "localhost:1", "M"},
       "rpccli: error: --rps: must be a number of calls a second above 0, at "
       "most 100000000\n"},
      {{"call", "", "M"},
       "rpccli: error: TARGET is empty; give host:port, unix:/path or a URL\n"},
      {{"list", "a", "b", "c"},
       "rpccli: error: list: unexpected argument \"c\""},
      {{"describe", "-I", "."},
       "rpccli: error: describe: give a TARGET or FILE.proto (or -p FILE, "
       "--protoset FILE)\n"},
  };
  for (const Case& c : cases) {
    Outcome outcome = RunArgs(c.args);
    EXPECT_EQ(outcome.code, 2) << c.error;
    EXPECT_EQ(outcome.err.rfind(c.error, 0), 0u) << outcome.err;
    EXPECT_NE(outcome.err.find("Run 'rpccli --help' for usage."),
              std::string::npos);
    EXPECT_EQ(outcome.out, "");
  }
}

TEST(Cli, AProtoArgumentIsAFileAndTheRestNameTheSymbol) {
  Outcome services = RunArgs({"list", kDemoProto.c_str()});
  EXPECT_EQ(services.code, 0) << services.err;
  EXPECT_EQ(services.out, "demo.Demo\n");
  Outcome methods = RunArgs({"list", kDemoProto.c_str(), "Demo"});
  EXPECT_EQ(methods.code, 0) << methods.err;
  EXPECT_EQ(methods.out.rfind("demo.Demo.Chat\ndemo.Demo.Countdown\n", 0), 0u);
  Outcome described =
      RunArgs({"describe", "-p", kDemoProto.c_str(), "demo.Tick"});
  EXPECT_EQ(described.code, 0) << described.err;
  EXPECT_EQ(described.out.rfind("demo.Tick is a message:\n", 0), 0u);
}

TEST(Cli, RepeatableOptionsTakeOneValueEach) {
  // -p must not swallow TARGET and METHOD; the bad JSON then fails before
  // any connection is tried.
  Outcome outcome =
      RunArgs({"call", "-p", kDemoProto.c_str(), "-p", kDemoProto.c_str(),
               "unix:/nonexistent.sock", "Greet", "{"});
  EXPECT_EQ(outcome.code, 1);
  EXPECT_EQ(outcome.err,
            "rpccli: error: <argument>:1:2: message 1: the input ends inside "
            "the message, which started at 1:1\n");
}

}  // namespace
}  // namespace rpccli
