// What the tests of input/placeholders share: templates compiled from
// text as the first message of `<argument>`, with a scratch directory for
// {{line:FILE}}'s files and a seeded random source.
#ifndef RPCCLI_TESTS_INPUT_PLACEHOLDERS_FIXTURE_H_
#define RPCCLI_TESTS_INPUT_PLACEHOLDERS_FIXTURE_H_

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "input/placeholders.h"
#include "temp_dir.h"

namespace rpccli {

// A template compiled from `text` as the first message of `<argument>`,
// and what compiling it said.
struct Compiled {
  CallTemplate value;
  bool ok = false;
  std::string err;
};

class PlaceholdersTest : public testing::Test {
 protected:
  Compiled Compile(const std::string& text,
                   PlaceholderSyntax syntax = PlaceholderSyntax::kJson,
                   bool workers = true) {
    Compiled compiled;
    compiled.ok = compiled.value.Compile(text, syntax, "<argument>", 1, 1,
                                         workers, &files_, &compiled.err);
    return compiled;
  }

  // The error compiling `text` gives, or "" if it compiles.
  std::string ErrorOf(const std::string& text,
                      PlaceholderSyntax syntax = PlaceholderSyntax::kJson,
                      bool workers = true) {
    Compiled compiled = Compile(text, syntax, workers);
    return compiled.ok ? "" : compiled.err;
  }

  // `text`, compiled (which must succeed) and rendered for `call`.
  std::string Render(const std::string& text,
                     PlaceholderSyntax syntax = PlaceholderSyntax::kJson,
                     int64_t call = 0, int64_t worker = 0) {
    Compiled compiled = Compile(text, syntax);
    EXPECT_TRUE(compiled.ok) << text << ": " << compiled.err;
    return compiled.value.Render(CallValues{call, worker, &random_});
  }

  // A file of `text`, for {{line:...}}.
  std::string File(const std::string& name, const std::string& text) {
    return dir_.Write(name, text);
  }

  TempDir dir_;
  PlaceholderFiles files_;
  std::mt19937_64 random_{42};
};

}  // namespace rpccli

#endif  // RPCCLI_TESTS_INPUT_PLACEHOLDERS_FIXTURE_H_
