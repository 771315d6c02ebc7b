#include "cli/cli_flags.h"

#include <gtest/gtest.h>

#include <vector>

namespace rpccli {
namespace {

// Parses `args` (after the program name) as rpccli would.
void Parse(CommandLine* line, std::vector<const char*> args) {
  args.insert(args.begin(), "rpccli");
  line->app().parse(static_cast<int>(args.size()), args.data());
  std::string err;
  ASSERT_TRUE(line->Finish(&err)) << err;
}

TEST(CommandLine, AOneValueFlagGivenTwiceTakesTheLast) {
  CommandLine line;
  Parse(&line, {"bench", "-c", "8", "--max-time", "5", "-c", "2", "--max-time",
                "1.5", "127.0.0.1:1", "Greet"});
  EXPECT_EQ(line.options().many.concurrency, 2);
  EXPECT_EQ(line.options().connection.max_time_seconds, 1.5);
}

TEST(CommandLine, RepeatableFlagsKeepEveryValue) {
  CommandLine line;
  Parse(&line, {"call", "-H", "a: 1", "-H", "b: 2", "--plaintext",
                "--plaintext", "127.0.0.1:1", "Greet", "{}"});
  EXPECT_EQ(line.options().metadata.headers,
            (std::vector<std::string>{"a: 1", "b: 2"}));
  EXPECT_TRUE(line.options().connection.plaintext);
}

}  // namespace
}  // namespace rpccli
