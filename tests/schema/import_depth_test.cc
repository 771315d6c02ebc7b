#include "schema/import_depth.h"

#include <gtest/gtest.h>

namespace rpccli {
namespace {

std::map<std::string, std::vector<std::string>> Chain(int files) {
  std::map<std::string, std::vector<std::string>> imports;
  for (int i = 0; i < files; ++i) {
    imports["f" + std::to_string(i)] =
        i + 1 < files ? std::vector<std::string>{"f" + std::to_string(i + 1)}
                      : std::vector<std::string>{};
  }
  return imports;
}

TEST(ImportDepth, AChainAtTheLimitPassesAndOnePastItIsNamed) {
  EXPECT_EQ(FileImportingPast(Chain(5), 5), "");
  // The first file found past the limit: the chain's sixth from the end.
  EXPECT_EQ(FileImportingPast(Chain(6), 5), "f0");
}

TEST(ImportDepth, AChainFarPastTheStackIsMeasuredWithoutRecursion) {
  EXPECT_NE(FileImportingPast(Chain(200000), kMaxImportDepth), "");
}

TEST(ImportDepth, CyclesAndMissingImportsEndAChain) {
  std::map<std::string, std::vector<std::string>> imports = {
      {"a", {"b", "gone"}}, {"b", {"a"}}, {"c", {"a", "b"}}};
  EXPECT_EQ(FileImportingPast(imports, 3), "");
  EXPECT_EQ(FileImportingPast(imports, 2), "c");
}

TEST(ImportDepth, SharedImportsAreMeasuredOnce) {
  // Two files a level, each importing both of the next: 2^40 paths, and
  // a depth of 40.
  std::map<std::string, std::vector<std::string>> imports;
  for (int level = 0; level < 40; ++level) {
    std::string next = std::to_string(level + 1);
    imports["l" + std::to_string(level)] = {"l" + next, "r" + next};
    imports["r" + std::to_string(level)] = {"l" + next, "r" + next};
  }
  EXPECT_EQ(FileImportingPast(imports, 40), "");
  EXPECT_NE(FileImportingPast(imports, 39), "");
}

}  // namespace
}  // namespace rpccli
