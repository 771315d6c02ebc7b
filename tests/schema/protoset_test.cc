#include "schema/protoset.h"

#include <google/protobuf/descriptor.pb.h>
#include <gtest/gtest.h>

#include <fstream>

#include "base/file_read.h"
#include "demo_fixtures.h"
#include "schema/import_depth.h"
#include "schema/proto_files.h"
#include "temp_dir.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

// demo.proto and its imports written as a protoset in `dir`: its path.
std::string WriteDemoProtoset(const TempDir& dir) {
  ProtoFiles files;
  std::string err;
  EXPECT_TRUE(files.Load(DemoSchema(), &err)) << err;
  std::string path = dir.path() + "/demo.protoset";
  EXPECT_TRUE(WriteProtoset(path, files.files(), &err)) << err;
  return path;
}

TEST(Protoset, WritesImportsFirstAndReadsBack) {
  TempDir dir;
  std::string path = WriteDemoProtoset(dir);
  std::string err;

  pb::SimpleDescriptorDatabase database;
  ASSERT_TRUE(LoadProtoset(path, &database, &err)) << err;
  std::vector<std::string> names;
  database.FindAllFileNames(&names);
  EXPECT_EQ(names.size(), 6u);  // demo.proto and five well-known files
  pb::DescriptorPool pool(&database);
  const pb::FileDescriptor* demo = pool.FindFileByName("demo.proto");
  ASSERT_NE(demo, nullptr);
  // Comments travel along, for describe.
  EXPECT_NE(demo->service(0)
                ->method(0)
                ->DebugStringWithOptions([] {
                  pb::DebugStringOptions options;
                  options.include_comments = true;
                  return options;
                }())
                .find("// Unary: one request, one reply."),
            std::string::npos);

  // The same protoset twice is fine; the file is simply there already.
  ASSERT_TRUE(LoadProtoset(path, &database, &err)) << err;
}

// As protoc writes it: every field with its JSON name, which other tools
// reading the set print.
TEST(Protoset, EveryFieldCarriesItsJsonName) {
  TempDir dir;
  std::string path = WriteDemoProtoset(dir);
  std::string err;
  std::string bytes;
  ASSERT_TRUE(ReadWholeFile(path, "", 1 << 20, &bytes, &err)) << err;
  pb::FileDescriptorSet set;
  ASSERT_TRUE(set.ParseFromString(bytes));
  const pb::FileDescriptorProto& demo = set.file(set.file_size() - 1);
  ASSERT_EQ(demo.name(), "demo.proto");
  for (const pb::DescriptorProto& message : demo.message_type()) {
    for (const pb::FieldDescriptorProto& field : message.field()) {
      EXPECT_TRUE(field.has_json_name())
          << message.name() << "." << field.name();
    }
  }
}

TEST(Protoset, ConflictingFilesAreAnError) {
  TempDir dir;
  pb::FileDescriptorSet first, second;
  first.add_file()->set_name("x.proto");
  second.add_file()->set_name("x.proto");
  second.mutable_file(0)->set_package("different");
  std::ofstream(dir.path() + "/a") << first.SerializeAsString();
  std::ofstream(dir.path() + "/b") << second.SerializeAsString();
  pb::SimpleDescriptorDatabase database;
  std::string err;
  ASSERT_TRUE(LoadProtoset(dir.path() + "/a", &database, &err)) << err;
  EXPECT_FALSE(LoadProtoset(dir.path() + "/b", &database, &err));
  EXPECT_EQ(err, dir.path() +
                     "/b: x.proto differs from the file of that name "
                     "in an earlier protoset");
}

TEST(Protoset, AFieldTypeOrLabelProtobufLacksIsNamedNotMadeADouble) {
  TempDir dir;
  pb::FileDescriptorSet set;
  pb::FileDescriptorProto* file = set.add_file();
  file->set_name("p.proto");
  file->set_package("p");
  pb::FieldDescriptorProto* field = file->add_message_type()->add_field();
  file->mutable_message_type(0)->set_name("M");
  field->set_name("x");
  field->set_number(1);
  // type 99: parsing keeps the number aside, and the field has no type.
  field->mutable_unknown_fields()->AddVarint(
      pb::FieldDescriptorProto::kTypeFieldNumber, 99);
  std::ofstream(dir.path() + "/bad") << set.SerializeAsString();
  pb::FileDescriptorSet nameless;
  nameless.add_file()->set_package("q");
  std::ofstream(dir.path() + "/nameless") << nameless.SerializeAsString();
  pb::FileDescriptorSet empty_name;
  empty_name.add_file()->set_name("");
  std::ofstream(dir.path() + "/empty-name") << empty_name.SerializeAsString();
  pb::SimpleDescriptorDatabase database;
  std::string err;
  EXPECT_FALSE(LoadProtoset(dir.path() + "/bad", &database, &err));
  EXPECT_EQ(err, dir.path() +
                     "/bad: p.proto: p.M.x: type 99 is not a protobuf field "
                     "type");
  EXPECT_FALSE(LoadProtoset(dir.path() + "/nameless", &database, &err));
  EXPECT_EQ(err, dir.path() + "/nameless: a file in it has no name");
  EXPECT_FALSE(LoadProtoset(dir.path() + "/empty-name", &database, &err));
  EXPECT_EQ(err, dir.path() + "/empty-name: a file in it has no name");
}

TEST(Protoset, AnImportTheProtosetsLackIsNamed) {
  // b.proto imports a.proto and a well-known type, as a protoset written
  // without --include_imports holds it.
  TempDir dir;
  pb::FileDescriptorSet without_imports, imports;
  pb::FileDescriptorProto* b = without_imports.add_file();
  b->set_name("b.proto");
  b->add_dependency("a.proto");
  b->add_dependency("google/protobuf/timestamp.proto");
  imports.add_file()->set_name("a.proto");
  std::ofstream(dir.path() + "/b.pb") << without_imports.SerializeAsString();
  std::ofstream(dir.path() + "/a.pb") << imports.SerializeAsString();
  std::string err;
  pb::SimpleDescriptorDatabase alone;
  EXPECT_FALSE(LoadProtosets({dir.path() + "/b.pb"}, &alone, &err));
  EXPECT_EQ(err, dir.path() +
                     "/b.pb: b.proto imports a.proto, which the protoset does "
                     "not hold; protoc writes imports into it with "
                     "--include_imports");
  // Another protoset may hold it, before or after; well-known types are
  // built in.
  pb::SimpleDescriptorDatabase together;
  EXPECT_TRUE(LoadProtosets({dir.path() + "/b.pb", dir.path() + "/a.pb"},
                            &together, &err))
      << err;
}

TEST(Protoset, AChainOfImportsPastTheLimitIsRefused) {
  // 40,000 files each importing the next overflowed the stack as
  // protobuf's pool built them; two files, one per protoset, stay fine.
  TempDir dir;
  pb::FileDescriptorSet chain;
  for (int i = 0; i <= kMaxImportDepth; ++i) {
    pb::FileDescriptorProto* file = chain.add_file();
    file->set_name("f" + std::to_string(i) + ".proto");
    if (i < kMaxImportDepth) {
      file->add_dependency("f" + std::to_string(i + 1) + ".proto");
    }
  }
  std::ofstream(dir.path() + "/chain.pb") << chain.SerializeAsString();
  std::string err;
  pb::SimpleDescriptorDatabase database;
  EXPECT_FALSE(LoadProtosets({dir.path() + "/chain.pb"}, &database, &err));
  EXPECT_EQ(err, dir.path() +
                     "/chain.pb: f0.proto: its imports go more than 500 "
                     "files deep (rpccli's limit)");
}

TEST(Protoset, NestingPastTheLimitsIsRefusedAndSaidSo) {
  TempDir dir;
  // An option value as text, nested 20,000 deep: protobuf's text parser
  // ran out of stack interpreting it.
  pb::FileDescriptorSet deep_option;
  pb::FileDescriptorProto* file = deep_option.add_file();
  file->set_name("o.proto");
  pb::UninterpretedOption* option =
      file->add_message_type()->mutable_options()->add_uninterpreted_option();
  option->add_name()->set_name_part("o.opt");
  option->mutable_name(0)->set_is_extension(true);
  std::string value;
  for (int i = 0; i < 20000; ++i) value = "o {" + value + "}";
  option->set_aggregate_value(value);
  file->mutable_message_type(0)->set_name("M");
  std::ofstream(dir.path() + "/option.pb") << deep_option.SerializeAsString();
  // Messages nested in messages past protobuf's own limit of 100.
  pb::FileDescriptorSet deep_messages;
  pb::DescriptorProto* message = deep_messages.add_file()->add_message_type();
  deep_messages.mutable_file(0)->set_name("m.proto");
  for (int i = 0; i < 120; ++i) {
    message->set_name("M");
    message = message->add_nested_type();
  }
  message->set_name("M");
  std::ofstream(dir.path() + "/messages.pb")
      << deep_messages.SerializeAsString();
  pb::SimpleDescriptorDatabase database;
  std::string err;
  EXPECT_FALSE(LoadProtoset(dir.path() + "/option.pb", &database, &err));
  EXPECT_EQ(err, dir.path() +
                     "/option.pb: o.proto: the value of option (o.opt) nests "
                     "brackets more than 100 deep (rpccli's limit; "
                     "protobuf's parser would run out of stack)");
  EXPECT_FALSE(LoadProtoset(dir.path() + "/messages.pb", &database, &err));
  EXPECT_EQ(err, dir.path() +
                     "/messages.pb: a protoset whose descriptors nest more "
                     "than 100 deep, past protobuf's limit (protoc writes "
                     "none)");
}

TEST(Protoset, MissingAndMalformedFilesAreNamed) {
  pb::SimpleDescriptorDatabase database;
  std::string err;
  EXPECT_FALSE(LoadProtoset("/nonexistent/x.protoset", &database, &err));
  EXPECT_EQ(err,
            "/nonexistent/x.protoset: cannot open: No such file or directory");
  TempDir dir;
  std::string path = dir.Write("bad", "\xff\xff\xff");
  EXPECT_FALSE(LoadProtoset(path, &database, &err));
  EXPECT_EQ(err, path + ": not a protoset (a serialized FileDescriptorSet)");
}

}  // namespace
}  // namespace rpccli
