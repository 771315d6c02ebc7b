#include "well_known_protos.h"

#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/duration.pb.h>
#include <gtest/gtest.h>

#include "proto_text.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

TEST(WellKnownProtoDatabase, ServesEveryWellKnownFile) {
  WellKnownProtoDatabase database;
  for (const char* name :
       {"any", "api", "descriptor", "duration", "empty", "field_mask",
        "source_context", "struct", "timestamp", "type", "wrappers"}) {
    pb::FileDescriptorProto file;
    std::string path = std::string("google/protobuf/") + name + ".proto";
    ASSERT_TRUE(database.FindFileByName(path, &file)) << path;
    EXPECT_EQ(file.name(), path);
    EXPECT_EQ(file.package(), "google.protobuf");
  }
}

TEST(WellKnownProtoDatabase, FindsFilesBySymbol) {
  WellKnownProtoDatabase database;
  pb::FileDescriptorProto file;
  ASSERT_TRUE(
      database.FindFileContainingSymbol("google.protobuf.Duration", &file));
  EXPECT_EQ(file.name(), "google/protobuf/duration.proto");
}

TEST(WellKnownProtoDatabase, ServesNothingElse) {
  WellKnownProtoDatabase database;
  pb::FileDescriptorProto file;
  EXPECT_FALSE(
      database.FindFileByName("google/protobuf/compiler/plugin.proto", &file));
  EXPECT_FALSE(database.FindFileByName("demo.proto", &file));
  EXPECT_FALSE(database.FindFileContainingSymbol("demo.Sample", &file));
  EXPECT_TRUE(IsWellKnownProto("google/protobuf/any.proto"));
  EXPECT_FALSE(IsWellKnownProto("google/protobuf/compiler/plugin.proto"));
  EXPECT_FALSE(IsWellKnownProto("google/api/annotations.proto"));
}

// A schema (or a server) may define its own google.protobuf.Duration: code
// that reads the real one's fields must not take it for that one.
TEST(IsWellKnownType, IsTheRealTypeByItsFieldsNotItsName) {
  EXPECT_TRUE(
      IsWellKnownType(*pb::Duration::descriptor(), "google.protobuf.Duration"));
  EXPECT_FALSE(IsWellKnownType(*pb::Duration::descriptor(),
                               "google.protobuf.Timestamp"));
  // The same fields in a pool of its own, as a protoset brings them.
  pb::DescriptorPool copy;
  pb::FileDescriptorProto file;
  pb::Duration::descriptor()->file()->CopyTo(&file);
  ASSERT_NE(copy.BuildFile(file), nullptr);
  EXPECT_TRUE(
      IsWellKnownType(*copy.FindMessageTypeByName("google.protobuf.Duration"),
                      "google.protobuf.Duration"));
  pb::DescriptorPool fake;
  ASSERT_NE(BuildProtoText(&fake, R"(
      syntax = "proto3";
      package google.protobuf;
      message Duration { string text = 1; }
      message Any { int32 n = 1; })"),
            nullptr);
  EXPECT_FALSE(
      IsWellKnownType(*fake.FindMessageTypeByName("google.protobuf.Duration"),
                      "google.protobuf.Duration"));
  EXPECT_FALSE(
      IsWellKnownType(*fake.FindMessageTypeByName("google.protobuf.Any"),
                      "google.protobuf.Any"));
}

}  // namespace
}  // namespace rpccli
