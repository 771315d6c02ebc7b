#include "schema/built_in_health.h"

#include <google/protobuf/descriptor.pb.h>
#include <gtest/gtest.h>

namespace rpccli {
namespace {

namespace pb = google::protobuf;

TEST(BuiltInHealthDatabase, HandsOutHealthProtoUnderTheNameServersUse) {
  BuiltInHealthDatabase database;
  EXPECT_FALSE(database.used());
  pb::FileDescriptorProto file;
  ASSERT_TRUE(
      database.FindFileContainingSymbol("grpc.health.v1.Health", &file));
  EXPECT_EQ(file.name(), "grpc/health/v1/health.proto");
  EXPECT_EQ(file.package(), "grpc.health.v1");
  ASSERT_EQ(file.service_size(), 1);
  EXPECT_EQ(file.service(0).name(), "Health");
  EXPECT_TRUE(database.used());

  pb::FileDescriptorProto by_name;
  EXPECT_TRUE(database.FindFileByName("grpc/health/v1/health.proto", &by_name));
  EXPECT_EQ(by_name.SerializeAsString(), file.SerializeAsString());
}

TEST(BuiltInHealthDatabase, KnowsNothingElse) {
  BuiltInHealthDatabase database;
  pb::FileDescriptorProto file;
  EXPECT_FALSE(database.FindFileContainingSymbol("grpc.health.v1.Nope", &file));
  EXPECT_FALSE(database.FindFileContainingSymbol("demo.Demo", &file));
  EXPECT_FALSE(database.FindFileByName("health.proto", &file));
  EXPECT_FALSE(database.used());
}

}  // namespace
}  // namespace rpccli
