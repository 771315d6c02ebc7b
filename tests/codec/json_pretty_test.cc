#include "codec/json_pretty.h"

#include <gtest/gtest.h>

namespace rpccli {
namespace {

std::string Indent(const std::string& compact) {
  std::string out;
  AppendIndentedJson(compact, &out);
  return out;
}

TEST(AppendIndentedJson, IndentsByTwoSpacesPerLevel) {
  EXPECT_EQ(Indent(R"({"a":1,"b":{"c":[1,2]}})"),
            "{\n"
            "  \"a\": 1,\n"
            "  \"b\": {\n"
            "    \"c\": [\n"
            "      1,\n"
            "      2\n"
            "    ]\n"
            "  }\n"
            "}");
}

TEST(AppendIndentedJson, KeepsEmptyContainersOnOneLine) {
  EXPECT_EQ(Indent("{}"), "{}");
  EXPECT_EQ(Indent(R"({"a":{},"b":[]})"), "{\n  \"a\": {},\n  \"b\": []\n}");
}

TEST(AppendIndentedJson, LeavesStringContentsAlone) {
  EXPECT_EQ(Indent(R"({"k":"a,b:{c}[d] \"q\" \\"})"),
            "{\n  \"k\": \"a,b:{c}[d] \\\"q\\\" \\\\\"\n}");
}

TEST(AppendIndentedJson, Appends) {
  std::string out = "x";
  AppendIndentedJson("1", &out);
  EXPECT_EQ(out, "x1");
}

}  // namespace
}  // namespace rpccli
