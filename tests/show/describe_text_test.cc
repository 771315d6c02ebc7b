#include "show/describe_text.h"

#include <gtest/gtest.h>

#include "schema/proto_files.h"
#include "temp_dir.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

class DescribeTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_.Write("zoo.proto", R"(syntax = "proto3";
package zoo;

// Feeds the animals.
service Keeper {
  // Gives one animal its food.
  rpc Feed(Animal) returns (Animal);
  rpc Count(Animal) returns (stream Animal);
}

service Aquarium {
  rpc Clean(Animal) returns (Animal);
}

message Animal {
  enum Kind {
    KIND_UNSPECIFIED = 0;
    CAT = 1;
  }
  // What it is called.
  string name = 1;
  Kind kind = 2;
  repeated string tags = 3;
}

// A pen of animals,
// by number.
message Pen {
  // Notes:
  //   indented, as code in a comment may be
  map<int64, string> notes_by_id = 7;
}

// What a gate is.
//
// Gates open both ways.
enum Gate {
  GATE_UNSPECIFIED = 0;  // none yet
  // The front one.
  FRONT = 1;  // by the road
}
)");
    SchemaOptions options;
    options.import_paths = {dir_.path()};
    options.proto_files = {"zoo.proto"};
    std::string err;
    ASSERT_TRUE(files_.Load(options, &err)) << err;
  }

  std::string Describe(const std::string& name) {
    std::string text, err;
    return DescribeSymbol(files_.files(), name, &text, &err) ? text
                                                             : "error: " + err;
  }

  TempDir dir_;
  ProtoFiles files_;
};

TEST_F(DescribeTest, ListsServicesSorted) {
  EXPECT_EQ(ListServices({"zoo.Keeper", "zoo.Aquarium"}),
            "zoo.Aquarium\nzoo.Keeper\n");
}

TEST_F(DescribeTest, ListsMethodsSortedAndFullyQualified) {
  EXPECT_EQ(ListMethods(*files_.files()[0]->service(0)),
            "zoo.Keeper.Count\nzoo.Keeper.Feed\n");
}

TEST_F(DescribeTest, DescribesAServiceWithItsComments) {
  EXPECT_EQ(Describe("zoo.Keeper"),
            "zoo.Keeper is a service:\n"
            "// Feeds the animals.\n"
            "service Keeper {\n"
            "  // Gives one animal its food.\n"
            "  rpc Feed(.zoo.Animal) returns (.zoo.Animal);\n"
            "  rpc Count(.zoo.Animal) returns (stream .zoo.Animal);\n"
            "}\n");
}

TEST_F(DescribeTest, DescribesAMethodInEitherSpelling) {
  std::string expected =
      "zoo.Keeper.Count is a method:\n"
      "rpc Count(.zoo.Animal) returns (stream .zoo.Animal);\n";
  EXPECT_EQ(Describe("zoo.Keeper.Count"), expected);
  EXPECT_EQ(Describe("zoo.Keeper/Count"), expected);
  EXPECT_EQ(Describe(".zoo.Keeper.Count"), expected);
}

TEST_F(DescribeTest, DescribesAMessage) {
  EXPECT_EQ(Describe("zoo.Animal"),
            "zoo.Animal is a message:\n"
            "message Animal {\n"
            "  enum Kind {\n"
            "    KIND_UNSPECIFIED = 0;\n"
            "    CAT = 1;\n"
            "  }\n"
            "  // What it is called.\n"
            "  string name = 1;\n"
            "  .zoo.Animal.Kind kind = 2;\n"
            "  repeated string tags = 3;\n"
            "}\n");
}

TEST_F(DescribeTest, MultiLineCommentsReadAsWritten) {
  EXPECT_EQ(Describe("zoo.Pen"),
            "zoo.Pen is a message:\n"
            "// A pen of animals,\n"
            "// by number.\n"
            "message Pen {\n"
            "  // Notes:\n"
            "  //   indented, as code in a comment may be\n"
            "  map<int64, string> notes_by_id = 7;\n"
            "}\n");
}

TEST_F(DescribeTest, AMapEntryTypeIsItsMapField) {
  EXPECT_EQ(Describe("zoo.Pen.NotesByIdEntry"),
            "zoo.Pen.NotesByIdEntry is the entry type of the map field "
            "zoo.Pen.notes_by_id:\n"
            "// Notes:\n"
            "//   indented, as code in a comment may be\n"
            "map<int64, string> notes_by_id = 7;\n");
}

TEST_F(DescribeTest, DescribesAnEnumAValueAndAField) {
  EXPECT_EQ(Describe("zoo.Animal.Kind"),
            "zoo.Animal.Kind is an enum:\n"
            "enum Kind {\n"
            "  KIND_UNSPECIFIED = 0;\n"
            "  CAT = 1;\n"
            "}\n");
  EXPECT_EQ(Describe("zoo.Animal.CAT"),
            "zoo.Animal.CAT is an enum value:\nCAT = 1;\n");
  EXPECT_EQ(Describe("zoo.Animal.tags"),
            "zoo.Animal.tags is a field:\nrepeated string tags = 3;\n");
}

TEST_F(DescribeTest, AnUnknownSymbolSuggestsTheNearestName) {
  EXPECT_EQ(Describe("zoo.Animl"),
            "error: unknown symbol \"zoo.Animl\"; did you mean zoo.Animal?");
  EXPECT_EQ(Describe("Giraffe"), "error: unknown symbol \"Giraffe\"");
  EXPECT_EQ(Describe("zoo"),
            "error: \"zoo\" is a package, not a symbol; describe one of its "
            "services or messages (rpccli list shows the services)");
}

TEST_F(DescribeTest, WhatIsNotAMessageOrAMethodIsSaidWhatItIs) {
  EXPECT_EQ(NotAMessageOrMethod(files_.files(), "zoo.Animal.CAT"),
            "\"zoo.Animal.CAT\" is an enum value, not a message or a method");
  EXPECT_EQ(NotAMessageOrMethod(files_.files(), "zoo"),
            "\"zoo\" is a package, not a symbol; describe one of its services "
            "or messages (rpccli list shows the services)");
  // Only messages and methods are suggested: Animal.tags is a field.
  EXPECT_EQ(NotAMessageOrMethod(files_.files(), "zoo.Animl"),
            "unknown symbol \"zoo.Animl\"; did you mean zoo.Animal?");
}

TEST(DescribeExtension, AnExtensionIsASymbolToo) {
  TempDir dir;
  dir.Write("ext.proto", R"(syntax = "proto2";
package x;
message M { extensions 100 to 200; }
extend M { optional int32 tag = 100; }
message Holder { extend M { optional string note = 101; } })");
  SchemaOptions options;
  options.import_paths = {dir.path()};
  options.proto_files = {"ext.proto"};
  ProtoFiles files;
  std::string err;
  ASSERT_TRUE(files.Load(options, &err)) << err;
  std::string text;
  ASSERT_TRUE(DescribeSymbol(files.files(), "x.tag", &text, &err)) << err;
  EXPECT_EQ(text,
            "x.tag is an extension:\nextend .x.M {\n  optional int32 tag "
            "= 100;\n}\n");
  ASSERT_TRUE(DescribeSymbol(files.files(), "x.Holder.note", &text, &err))
      << err;
  EXPECT_NE(text.find("x.Holder.note is an extension"), std::string::npos);
}

// As the source has them: a trailing comment on its element's line, and
// the blank line between two paragraphs of a comment.
TEST_F(DescribeTest, CommentsStayWhereTheSourcePutsThem) {
  EXPECT_EQ(Describe("zoo.Gate"),
            "zoo.Gate is an enum:\n"
            "// What a gate is.\n"
            "//\n"
            "// Gates open both ways.\n"
            "enum Gate {\n"
            "  GATE_UNSPECIFIED = 0; // none yet\n"
            "  // The front one.\n"
            "  FRONT = 1; // by the road\n"
            "}\n");
  EXPECT_EQ(Describe("zoo.FRONT"),
            "zoo.FRONT is an enum value:\n"
            "// The front one.\n"
            "FRONT = 1; // by the road\n");
}

}  // namespace
}  // namespace rpccli
