#include "json_locate.h"

#include <gtest/gtest.h>

namespace rpccli {
namespace {

TEST(LocateField, FindsAValueAfterOthersOfEveryKind) {
  JsonLocation where;
  ASSERT_TRUE(
      LocateField("{\n  \"a\": [1, {\"x\": \"}\"}],\n  \"b\": {\"c\": null},\n"
                  "  \"when\": \"yes\\u0074erday\"\n}",
                  "when", &where));
  EXPECT_EQ(where.line, 4);
  EXPECT_EQ(where.column, 11);
  EXPECT_EQ(where.key_line, 4);
  EXPECT_EQ(where.key_column, 3);
  EXPECT_EQ(where.value, "yesterday");  // escapes decoded
}

TEST(LocateField, FollowsAPathByJsonOrProtoNames) {
  JsonLocation where;
  ASSERT_TRUE(LocateField(R"({"outer_field": {"innerValue": 12}})",
                          "outerField.inner_value", &where));
  EXPECT_EQ(where.column, 32);
  EXPECT_EQ(where.value, "12");
}

TEST(LocateField, CountsColumnsInCharacters) {
  JsonLocation where;
  ASSERT_TRUE(
      LocateField("{\"t\": \"\xc3\xa9\xc3\xa9\", \"n\": true}", "n", &where));
  EXPECT_EQ(where.column, 18);  // 20 in bytes
}

TEST(LocateField, AFieldThatIsNotThereOrTextThatIsNotJson) {
  JsonLocation where;
  EXPECT_FALSE(LocateField(R"({"a": 1})", "b", &where));
  EXPECT_FALSE(LocateField(R"({"a": 1})", "a.b", &where));
  EXPECT_FALSE(LocateField("{\"a\": ", "b", &where));
  EXPECT_FALSE(LocateField("[1]", "a", &where));
}

}  // namespace
}  // namespace rpccli
