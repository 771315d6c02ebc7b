#include "cli/complete.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_flag_groups.h"
#include "cli/cli_flags.h"
#include "input/byte_source.h"

namespace rpccli {
namespace {

std::vector<std::string> Complete(const std::vector<std::string>& words) {
  StringSource in("");
  std::ostringstream out, err;
  Io io{&in, true, &out, &err};
  EXPECT_EQ(RunComplete(words, io), 0);
  std::vector<std::string> lines;
  std::istringstream printed(out.str());
  for (std::string line; std::getline(printed, line);) lines.push_back(line);
  return lines;
}

// Completion reads a flag's values from the parser: every flag and
// argument of every command that takes a fixed few completes to them, and
// to those that start with what was typed.
TEST(RunComplete, OffersTheValuesOfEveryFlagWithFixedValues) {
  CommandLine grammar(/*for_completion=*/true);
  int flags_with_choices = 0;
  for (const CLI::App* command : grammar.app().get_subcommands({})) {
    for (const CLI::Option* option : command->get_options()) {
      std::vector<std::string> choices = ChoicesOf(*option);
      if (choices.empty()) continue;
      ++flags_with_choices;
      std::vector<std::string> words = {command->get_name()};
      if (!option->get_positional()) {
        words.push_back("--" + option->get_lnames().front());
      }
      words.push_back("");
      EXPECT_EQ(Complete(words), choices)
          << command->get_name() << " " << option->get_name();
      words.back() = choices.back().substr(0, 1);
      std::vector<std::string> started;
      for (const std::string& choice : choices) {
        if (choice[0] == choices.back()[0]) started.push_back(choice);
      }
      EXPECT_EQ(Complete(words), started)
          << command->get_name() << " " << option->get_name();
    }
  }
  // --protocol (5 commands), --format, --format-error, --compress (call,
  // bench), --report (bench), completion's SHELL: a flag losing its list
  // would go unnoticed otherwise.
  EXPECT_GE(flags_with_choices, 12);
}

TEST(RunComplete, OffersProtocolsByTheNamesTheParserTakes) {
  EXPECT_EQ(Complete({"call", "--protocol", ""}),
            (std::vector<std::string>{"grpc", "connect", "grpcweb"}));
  EXPECT_EQ(Complete({"list", "--protocol", "grpc"}),
            (std::vector<std::string>{"grpc", "grpcweb"}));
}

TEST(ChoicesOf, IsEmptyForAFlagWithoutFixedValues) {
  CLI::App app;
  std::string free_text;
  CLI::Option* named = app.add_option("--name", free_text)->type_name("NAME");
  EXPECT_TRUE(ChoicesOf(*named).empty());
  CLI::Option* chosen = OneOf(app.add_option("--pick", free_text), {"a", "b"});
  EXPECT_EQ(ChoicesOf(*chosen), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(chosen->get_type_name(), "a|b");
}

}  // namespace
}  // namespace rpccli
