#include "codec/json_locate.h"

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

TEST(LocateField, FollowsElementsMapEntriesAndWrappers) {
  JsonLocation where;
  std::string text =
      "{\n  \"numbers\": [1, \"x\", 3],\n  \"counts\": {\"a\": 1, \"b\": "
      "\"y\"},"
      "\n  \"path\": [{\"x\": 1}, {\"x\": \"q\"}],\n  \"nickname\": 5,"
      "\n  \"byId\": {\"7\": {\"x\": \"z\"}}\n}";
  ASSERT_TRUE(LocateField(text, "numbers[1]", &where));
  EXPECT_EQ(where.line, 2);
  EXPECT_EQ(where.column, 18);
  EXPECT_EQ(where.value, "x");
  ASSERT_TRUE(LocateField(text, "counts[1].value", &where));
  EXPECT_EQ(where.line, 3);
  EXPECT_EQ(where.column, 27);
  EXPECT_EQ(where.value, "y");
  ASSERT_TRUE(LocateField(text, "path[1].x", &where));
  EXPECT_EQ(where.line, 4);
  EXPECT_EQ(where.column, 28);
  ASSERT_TRUE(LocateField(text, "nickname.value", &where));
  EXPECT_EQ(where.line, 5);
  EXPECT_EQ(where.column, 15);
  ASSERT_TRUE(LocateField(text, "by_id[0].value.x", &where));
  EXPECT_EQ(where.line, 6);
  EXPECT_EQ(where.column, 23);
  EXPECT_FALSE(LocateField(text, "numbers[5]", &where));
  // Each is named as the user wrote it.
  ASSERT_TRUE(LocateField(text, "numbers[1]", &where));
  EXPECT_EQ(where.path, "numbers[1]");
  ASSERT_TRUE(LocateField(text, "counts[1].value", &where));
  EXPECT_EQ(where.path, "counts[\"b\"]");
  ASSERT_TRUE(LocateField(text, "nickname.value", &where));
  EXPECT_EQ(where.path, "nickname");
  ASSERT_TRUE(LocateField(text, "by_id[0].value.x", &where));
  EXPECT_EQ(where.path, "byId[\"7\"].x");  // as written
  EXPECT_FALSE(where.is_key);
  // A map's key: the path ends at the map, the position is the key's.
  ASSERT_TRUE(LocateField(text, "by_id[0].key", &where));
  EXPECT_TRUE(where.is_key);
  EXPECT_EQ(where.path, "byId");
  EXPECT_EQ(where.value, "7");
  EXPECT_EQ(where.line, 6);
  EXPECT_EQ(where.column, 12);
  ASSERT_TRUE(LocateField(R"({"m": {"a\"b\n": 1}})", "m[0].value", &where));
  EXPECT_EQ(where.path, R"(m["a\"b\u000a"])");
  // A key with a [ in it: the path still ends at the map.
  ASSERT_TRUE(LocateField(R"({"m": {"a[0]": 1}})", "m[0].key", &where));
  EXPECT_EQ(where.path, "m");
  EXPECT_EQ(where.value, "a[0]");
  // An element's own field named "value" is a field, not a map's value.
  ASSERT_TRUE(LocateField(R"({"items": [{"value": 1}, {"value": true}]})",
                          "items[1].value", &where));
  EXPECT_EQ(where.value, "true");
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
