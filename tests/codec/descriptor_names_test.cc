#include "codec/descriptor_names.h"

#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "demo.pb.h"

namespace rpccli {
namespace {

google::protobuf::FileDescriptorProto DemoFile() {
  google::protobuf::FileDescriptorProto file;
  demo::Sample::descriptor()->file()->CopyTo(&file);
  return file;
}

TEST(DefinedNames, EveryKindOfSymbol) {
  std::set<std::string> names = DefinedNames(DemoFile());
  for (const char* name :
       {"demo.Sample", "demo.Sample.text", "demo.Sample.choice",
        "demo.Sample.Point", "demo.Sample.Point.x", "demo.Sample.Color",
        "demo.Sample.RED", "demo.Language", "demo.FRENCH", "demo.Demo",
        "demo.Demo.Greet", "demo.Sample.CountsEntry"}) {
    EXPECT_EQ(names.count(name), 1u) << name;
  }
  EXPECT_EQ(names.count("demo.Nowhere"), 0u);
  EXPECT_EQ(names.count("google.protobuf.Timestamp"), 0u);  // imported
}

TEST(TypeUses, FieldsAndMethodsWithTheirScope) {
  std::vector<TypeUse> uses = TypeUses(DemoFile());
  auto has = [&](const std::string& name, const std::string& scope) {
    for (const TypeUse& use : uses) {
      if (use.name == name && use.scope == scope) return true;
    }
    return false;
  };
  EXPECT_TRUE(has(".google.protobuf.Timestamp", "demo.Sample"));
  EXPECT_TRUE(has(".demo.Sample.Point", "demo.Sample"));
  EXPECT_TRUE(has(".demo.GreetRequest", "demo"));  // Greet's input
}

TEST(Candidates, InnermostScopeFirstUnlessExact) {
  EXPECT_EQ(Candidates({".a.B", "x.Y"}), (std::vector<std::string>{"a.B"}));
  EXPECT_EQ(Candidates({"B", "a.M"}),
            (std::vector<std::string>{"a.M.B", "a.B", "B"}));
}

TEST(CamelCase, IsProtobufsJsonNameAndMapEntryName) {
  EXPECT_EQ(CamelCase("sku_id", /*upper_first=*/false), "skuId");
  EXPECT_EQ(CamelCase("int32_value", false), "int32Value");
  EXPECT_EQ(MapEntryName("notes_by_id"), "NotesByIdEntry");
  EXPECT_EQ(MapEntryName("Stock_by_store"), "StockByStoreEntry");
}

TEST(DropDefaultJsonNames, KeepsOnlyNamesThatDifferFromProtobufs) {
  namespace pb = google::protobuf;
  pb::FileDescriptorProto file;
  pb::DescriptorProto* message = file.add_message_type();
  auto add = [](pb::DescriptorProto* to, const char* name, const char* json) {
    pb::FieldDescriptorProto* field = to->add_field();
    field->set_name(name);
    field->set_json_name(json);
  };
  add(message, "sku", "sku");
  add(message, "sku_id", "skuId");
  add(message, "display_name", "shownAs");
  add(message->add_nested_type(), "a_b_c", "aBC");
  DropDefaultJsonNames(&file);
  EXPECT_FALSE(message->field(0).has_json_name());
  EXPECT_FALSE(message->field(1).has_json_name());
  EXPECT_EQ(message->field(2).json_name(), "shownAs");
  EXPECT_FALSE(message->nested_type(0).field(0).has_json_name());
}

TEST(VisitOptions, NamesEachElementWithItsSourcePath) {
  google::protobuf::FileDescriptorProto file = DemoFile();
  std::map<std::string, std::vector<int>> paths;
  VisitOptions(
      &file, [&paths](const std::string& element, const std::vector<int>& path,
                      google::protobuf::Message*) { paths[element] = path; });
  EXPECT_EQ(paths["the file"], std::vector<int>{});
  // The paths SourceCodeInfo gives, as found by index in the file.
  int sample = -1;
  for (int i = 0; i < file.message_type_size(); ++i) {
    if (file.message_type(i).name() == "Sample") sample = i;
  }
  ASSERT_GE(sample, 0);
  EXPECT_EQ(paths["message demo.Sample"], (std::vector<int>{4, sample}));
  EXPECT_EQ(paths["field demo.Sample.text"],
            (std::vector<int>{4, sample, 2, 0}));
  EXPECT_EQ(paths["method demo.Demo.Greet"].size(), 4u);
  EXPECT_EQ(paths.count("enum demo.Sample.Color"), 1u);
}

TEST(IsValidFullName, IsIdentifiersJoinedByDots) {
  for (const char* name : {"a", "_a1", "pkg.v1.Msg", "A.b_c.D9"}) {
    EXPECT_TRUE(IsValidFullName(name)) << name;
  }
  for (const char* name : {"", ".a", "a.", "a..b", "1a", "a.1b", "a b", "a/b",
                           "a\x1b", "caf\xc3\xa9"}) {
    EXPECT_FALSE(IsValidFullName(name)) << name;
  }
}

}  // namespace
}  // namespace rpccli
