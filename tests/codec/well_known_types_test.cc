#include "codec/well_known_types.h"

#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/duration.pb.h>
#include <gtest/gtest.h>

#include "proto_text.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

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
