#include "schema/well_known_protos.h"

#include <google/protobuf/descriptor.pb.h>
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace rpccli
