#include "schema/editions_source.h"

#include <google/protobuf/compiler/parser.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <gtest/gtest.h>

#include "schema/editions.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

// `text` as 3.21's parser reads it, after ReadableByParser.
pb::FileDescriptorProto Parsed(std::string text, std::string* edition) {
  *edition = ReadableByParser(&text);
  pb::io::ArrayInputStream input(text.data(), static_cast<int>(text.size()));
  pb::io::Tokenizer tokenizer(&input, nullptr);
  pb::FileDescriptorProto file;
  file.set_name("e.proto");
  EXPECT_TRUE(pb::compiler::Parser().Parse(&tokenizer, &file)) << text;
  return file;
}

// The features an options message holds at `number`, as "N=V ...".
std::string FeaturesOf(const pb::Message& options, int number) {
  const pb::UnknownFieldSet& unknown =
      options.GetReflection()->GetUnknownFields(options);
  std::string said;
  for (int i = 0; i < unknown.field_count(); ++i) {
    if (unknown.field(i).number() != number) continue;
    pb::UnknownFieldSet features;
    EXPECT_TRUE(features.ParseFromString(unknown.field(i).length_delimited()));
    for (int j = 0; j < features.field_count(); ++j) {
      said += (said.empty() ? "" : " ") +
              std::to_string(features.field(j).number()) + "=" +
              std::to_string(features.field(j).varint());
    }
  }
  return said;
}

TEST(EditionsSource, TheEditionStatementBecomesProto3sKeepingColumns) {
  std::string text =
      "// a comment\nedition = \"2023\"; message M {}\n"
      "message N { int32 x = 1; }\n";
  std::string rewritten = text;
  EXPECT_EQ(ReadableByParser(&rewritten), "2023");
  EXPECT_EQ(rewritten,
            "// a comment\nsyntax=\"proto3\";  message M {}\n"
            "message N { int32 x = 1; }\n");
}

TEST(EditionsSource, OtherFilesAndUnknownEditionsAreLeftAlone) {
  for (std::string text : {std::string("syntax = \"proto3\";\n"),
                           std::string("edition = \"2025\";\n"),
                           std::string("// edition = \"2023\";\n")}) {
    std::string copy = text;
    EXPECT_EQ(ReadableByParser(&copy), "");
    EXPECT_EQ(copy, text);
  }
  std::string name;
  int line = -1;
  ASSERT_TRUE(EditionStatement("// c\nedition = \"2025\";\nmessage M {}\n",
                               &name, &line));
  EXPECT_EQ(name, "2025");
  EXPECT_EQ(line, 1);
  ASSERT_TRUE(EditionStatement("edition = 2023;\n", &name, &line));
  EXPECT_EQ(name, "");  // not written as an edition statement is
  EXPECT_FALSE(EditionStatement("syntax = \"proto2\";\n", &name, &line));
}

TEST(EditionsSource, ReservedNamesAreQuotedAndAByteOrderMarkSkipped) {
  std::string text =
      "\xEF\xBB\xBF"
      "edition = \"2023\";\n"
      "message M { reserved old, gone; reserved 2 to max; int32 a = 1; }\n";
  EXPECT_EQ(ReadableByParser(&text), "2023");
  EXPECT_EQ(text,
            "   syntax=\"proto3\"; \n"
            "message M { reserved \"old\", \"gone\"; reserved 2 to max; "
            "int32 a = 1; }\n");
}

TEST(EditionsSource, LabelsAndGroupsOfProto2AndProto3AreRefused) {
  std::string edition;
  for (const auto& [field, said] :
       std::vector<std::pair<std::string, std::string>>{
           {"optional int32 a = 1;", "'optional' label"},
           {"required int32 a = 1;", "'required' label"},
           {"group A = 1 { int32 b = 2; }", "no groups"}}) {
    pb::FileDescriptorProto file =
        Parsed("edition = \"2023\";\npackage p;\nmessage M { " + field + " }\n",
               &edition);
    std::string err;
    EXPECT_FALSE(AsWrittenInEditions(edition, nullptr, &file, &err)) << field;
    EXPECT_NE(err.find(said), std::string::npos) << err;
  }
}

TEST(EditionsSource, Edition2024WordsBecomeBlanks) {
  std::string text =
      "edition = \"2024\";\nimport option \"opts.proto\";\n"
      "export message M {}\nlocal enum E { E_ZERO = 0; }\n"
      "message Local { string export = 1; }\n";
  EXPECT_EQ(ReadableByParser(&text), "2024");
  EXPECT_EQ(text,
            "syntax=\"proto3\"; \nimport        \"opts.proto\";\n"
            "       message M {}\n      enum E { E_ZERO = 0; }\n"
            "message Local { string export = 1; }\n");
}

TEST(EditionsSource, FeaturesMoveIntoTheirOptionsAndTypesGetTheirKind) {
  std::string edition;
  pb::FileDescriptorProto file = Parsed(
      "edition = \"2023\";\npackage p;\n"
      "option features.enum_type = CLOSED;\n"
      "option java_package = \"x\";\n"
      "import \"other.proto\";\n"
      "message M {\n"
      "  option features.field_presence = IMPLICIT;\n"
      "  int32 a = 1 [features.field_presence = EXPLICIT, deprecated = true];\n"
      "  E e = 2;\n"
      "  N n = 3 [features.message_encoding = DELIMITED];\n"
      "  Far far = 4;\n"
      "  enum E { E_ONE = 1; }\n"
      "  message N {}\n"
      "}\n",
      &edition);
  ASSERT_EQ(edition, "2023");
  TypeKind others = [](const std::string& name, bool* is_message) {
    *is_message = true;
    return name == "p.Far";
  };
  std::string err;
  ASSERT_TRUE(AsWrittenInEditions(edition, others, &file, &err)) << err;
  EXPECT_TRUE(IsEditionsFile(file));
  EXPECT_EQ(EditionName(file), "2023");
  EXPECT_EQ(FeaturesOf(file.options(), 50), "2=2");
  EXPECT_EQ(file.options().uninterpreted_option_size(), 1);  // java_package
  const pb::DescriptorProto& m = file.message_type(0);
  EXPECT_EQ(FeaturesOf(m.options(), 12), "1=2");
  EXPECT_EQ(FeaturesOf(m.field(0).options(), 21), "1=1");
  EXPECT_EQ(m.field(0).options().uninterpreted_option_size(), 1);
  EXPECT_EQ(FeaturesOf(m.field(2).options(), 21), "5=2");
  EXPECT_EQ(m.field(1).type(), pb::FieldDescriptorProto::TYPE_ENUM);
  EXPECT_EQ(m.field(1).type_name(), ".p.M.E");
  EXPECT_EQ(m.field(2).type(), pb::FieldDescriptorProto::TYPE_MESSAGE);
  EXPECT_EQ(m.field(3).type_name(), ".p.Far");

  // Then lowered: the closed enum needs proto2, the presence the message
  // gives its enum field proto3.
  std::string lowered_to;
  EXPECT_FALSE(LowerEditions(&file, nullptr, &lowered_to, &err));
  EXPECT_EQ(err,
            "edition 2023 file that protobuf 3.21 cannot hold: field p.M.e "
            "(field_presence IMPLICIT) has proto3's meaning and enum p.M.E "
            "(enum_type CLOSED) proto2's, and no file of protobuf 3.21 holds "
            "both");
}

TEST(EditionsSource, LanguageFeaturesAreDropped) {
  std::string edition;
  pb::FileDescriptorProto file = Parsed(
      "edition = \"2023\";\nimport \"google/protobuf/cpp_features.proto\";\n"
      "message M { string s = 1 [features.(pb.cpp).string_type = VIEW]; }\n",
      &edition);
  std::string err;
  ASSERT_TRUE(AsWrittenInEditions(edition, nullptr, &file, &err)) << err;
  EXPECT_EQ(file.message_type(0).field(0).options().uninterpreted_option_size(),
            0);
  EXPECT_EQ(FeaturesOf(file.message_type(0).field(0).options(), 21), "");
  pb::FileDescriptorProto stub;
  ASSERT_TRUE(
      LanguageFeaturesStub("google/protobuf/cpp_features.proto", &stub));
  EXPECT_EQ(stub.package(), "pb");
  EXPECT_FALSE(LanguageFeaturesStub("google/protobuf/any.proto", &stub));
}

TEST(EditionsSource, AFeatureOrValueRpccliDoesNotKnowIsNamed) {
  std::string edition;
  pb::FileDescriptorProto unknown = Parsed(
      "edition = \"2023\";\npackage p;\n"
      "message M { int32 a = 1 [features.field_presense = IMPLICIT]; }\n",
      &edition);
  std::string err;
  EXPECT_FALSE(AsWrittenInEditions(edition, nullptr, &unknown, &err));
  EXPECT_EQ(err.rfind("field p.M.a: option features.field_presense is not a "
                      "feature rpccli knows (it reads features.",
                      0),
            0u)
      << err;
  pb::FileDescriptorProto bad_value = Parsed(
      "edition = \"2023\";\npackage p;\n"
      "enum E { option features.enum_type = SHUT; E_ZERO = 0; }\n",
      &edition);
  EXPECT_FALSE(AsWrittenInEditions(edition, nullptr, &bad_value, &err));
  EXPECT_EQ(err,
            "enum p.E: option features.enum_type = SHUT is not one of its "
            "values (CLOSED, OPEN)");
}

}  // namespace
}  // namespace rpccli
