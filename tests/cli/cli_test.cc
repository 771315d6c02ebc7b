#include "cli/cli.h"

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
       "rpccli: error: --rps: must be a number of calls a second, at least "
       "0.001 (one call every 1000 s), at most 100000000\n"},
      {{"bench", "-n", "1e3", "localhost:1", "M"},
       "rpccli: error: --requests: must be a whole number from 1 to "
       "1099511627776, not 1e3\n"},
      {{"call", "--max-msg-sz", "1k", "localhost:1", "M"},
       "rpccli: error: --max-msg-sz: must be a whole number from 1 to "
       "2147483647, not 1k\n"},
      {{"bench", "--rps", "1e-9", "localhost:1", "M"},
       "rpccli: error: --rps: must be a number of calls a second, at least "
       "0.001 (one call every 1000 s), at most 100000000\n"},
      {{"call", "", "M"},
       "rpccli: error: TARGET is empty; give host:port, unix:/path or a URL\n"},
      {{"call", "localhost:1", "M", "-d", "{}"},
       "rpccli: error: call: unknown flag -d; the request goes after METHOD, "
       "as JSON, @FILE or @- (rpccli call TARGET METHOD '{...}')\n"},
      {{"call", "localhost:1", "M", "@"},
       "rpccli: error: the request @ names no file: give @FILE, or @- for "
       "stdin\n"},
      // CLI11 said "The following argument was not expected: -p".
      {{"health", "-p", "x.proto", "localhost:1"},
       "rpccli: error: health: unknown flag -p; health needs no schema: "
       "grpc.health.v1 is built in\n"},
      {{"list", "-c", "2", "localhost:1"},
       "rpccli: error: list: unknown flag -c; it is a flag of call, bench\n"},
      {{"list", "-Z", "localhost:1"}, "rpccli: error: list: unknown flag -Z\n"},
      // CLI11 would take localhost:1 as the value.
      {{"call", "--max-msg-sz=", "localhost:1", "M"},
       "rpccli: error: --max-msg-sz=: no value after '='; write "
       "--max-msg-sz=VALUE (or --max-msg-sz '' for an empty one)\n"},
      {{"call", "localhost:1/api", "M"},
       "rpccli: error: TARGET localhost:1/api: a gRPC TARGET has no path "
       "(/api): give host:port, or a URL (http://host:port/prefix) for a "
       "server behind a path\n"},
      {{"list", "a", "b", "c"},
       "rpccli: error: list: unexpected argument \"c\""},
      {{"describe", "-I", "."},
       "rpccli: error: describe: give a TARGET or FILE.proto (or -p FILE, "
       "--protoset FILE)\n"},
      // CLI11 said "Could not convert: --plaintext = maybe", and took
      // "yes" or "on" as true.
      {{"call", "--plaintext=maybe", "localhost:1", "M"},
       "rpccli: error: --plaintext takes no value (found \"=maybe\")\n"},
      {{"list", "--insecure=yes", "localhost:1"},
       "rpccli: error: --insecure takes no value (found \"=yes\")\n"},
      // CLI11 printed the version and exited 0, the extra word unread.
      {{"--version", "extra"},
       "rpccli: error: --version takes nothing after it (found \"extra\")\n"},
      {{"call", "--authority", "a b", "localhost:1", "M"},
       "rpccli: error: --authority: an authority is host[:port], and \" \" is "
       "not among its characters\n"},
      {{"call", "--authority", "host/path", "localhost:1", "M"},
       "rpccli: error: --authority: an authority is host[:port], and \"/\" is "
       "not among its characters\n"},
      {{"call", "--authority", "h\xc3\xa9", "localhost:1", "M"},
       "rpccli: error: --authority: only printable ASCII goes in a header, "
       "and this has a non-ASCII byte\n"},
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
