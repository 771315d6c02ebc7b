#include "show/editions_text.h"

#include <google/protobuf/compiler/parser.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <gtest/gtest.h>

#include "schema/editions.h"
#include "schema/editions_source.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

// An editions file's text read as rpccli reads it: as written, then
// lowered into `pool`.
class EditionsTextTest : public ::testing::Test {
 protected:
  void Load(std::string text) {
    std::string edition = ReadableByParser(&text);
    ASSERT_FALSE(edition.empty());
    pb::io::ArrayInputStream input(text.data(), static_cast<int>(text.size()));
    pb::io::Tokenizer tokenizer(&input, nullptr);
    written_.set_name("e.proto");
    ASSERT_TRUE(pb::compiler::Parser().Parse(&tokenizer, &written_));
    std::string err;
    ASSERT_TRUE(AsWrittenInEditions(edition, nullptr, &written_, &err)) << err;
    pb::FileDescriptorProto lowered = written_;
    std::string lowered_to;
    ASSERT_TRUE(LowerEditions(&lowered, nullptr, &lowered_to, &err)) << err;
    ASSERT_NE(pool_.BuildFile(lowered), nullptr);
  }

  std::string Described(const std::string& message) {
    const pb::Descriptor& type = *pool_.FindMessageTypeByName(message);
    std::string scope = type.containing_type() != nullptr
                            ? type.containing_type()->full_name()
                            : type.file()->package();
    return InEditionsSyntax(type.DebugString(), scope, pool_, written_);
  }

  pb::FileDescriptorProto written_;
  pb::DescriptorPool pool_;
};

TEST_F(EditionsTextTest, Proto3sOptionalLabelsGoAndFeaturesComeBack) {
  Load(
      "edition = \"2023\";\npackage p;\n"
      "message Item {\n"
      "  string name = 1;\n"
      "  int32 stock = 2 [features.field_presence = IMPLICIT];\n"
      "  repeated int32 codes = 3 [features.repeated_field_encoding = "
      "EXPANDED, deprecated = true];\n"
      "  oneof choice { string label = 4; }\n"
      "}\n");
  EXPECT_EQ(Described("p.Item"),
            "// e.proto: edition = \"2023\";\n"
            "message Item {\n"
            "  string name = 1;\n"
            "  int32 stock = 2 [features.field_presence = IMPLICIT];\n"
            "  repeated int32 codes = 3 [deprecated = true, "
            "features.repeated_field_encoding = EXPANDED];\n"
            "  oneof choice {\n"
            "    string label = 4;\n"
            "  }\n"
            "}\n");
}

TEST_F(EditionsTextTest, Proto2sLabelsGroupsAndPackedOptionsGo) {
  Load(
      "edition = \"2024\";\npackage q;\n"
      "option features.enum_type = CLOSED;\n"
      "message Order {\n"
      "  option features.utf8_validation = NONE;\n"
      "  int64 id = 1 [features.field_presence = LEGACY_REQUIRED];\n"
      "  message Line { string sku = 1; }\n"
      "  Line line = 2 [features.message_encoding = DELIMITED];\n"
      "  Other other = 3 [features.message_encoding = DELIMITED];\n"
      "  repeated int32 sizes = 4;\n"
      "  string note = 5 [default = \"a, b\"];\n"
      "}\n"
      "message Other { int32 n = 1; }\n");
  EXPECT_EQ(Described("q.Order"),
            "// e.proto: edition = \"2024\"; option features.enum_type = "
            "CLOSED;\n"
            "message Order {\n"
            "  option features.utf8_validation = NONE;\n"
            "  int64 id = 1 [features.field_presence = LEGACY_REQUIRED];\n"
            "  message Line {\n"
            "    string sku = 1;\n"
            "  }\n"
            "  .q.Order.Line line = 2 [features.message_encoding = "
            "DELIMITED];\n"
            "  .q.Other other = 3 [features.message_encoding = DELIMITED];\n"
            "  repeated int32 sizes = 4;\n"
            "  string note = 5 [default = \"a, b\"];\n"
            "}\n");
}

}  // namespace
}  // namespace rpccli
