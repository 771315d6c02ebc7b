#include "serve/fake_message.h"

#include <google/protobuf/dynamic_message.h>
#include <gtest/gtest.h>

#include "demo.pb.h"
#include "schema/descriptor_source.h"
#include "temp_dir.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

TEST(FakeMessage, TheSameSeedGivesTheSameMessage) {
  const auto& type = *demo::Sample::descriptor();
  EXPECT_EQ(FakeMessage(type, 7), FakeMessage(type, 7));
  EXPECT_NE(FakeMessage(type, 7), FakeMessage(type, 8));
}

TEST(FakeMessage, FillsEveryKindOfField) {
  demo::Sample sample;
  ASSERT_TRUE(sample.ParseFromString(FakeMessage(*sample.descriptor(), 1)));
  EXPECT_FALSE(sample.text().empty());
  EXPECT_NE(sample.int64_value(), 0);
  EXPECT_NE(sample.color(), demo::Sample::COLOR_UNSPECIFIED);
  EXPECT_TRUE(sample.has_point());
  EXPECT_GE(sample.numbers_size(), 1);
  EXPECT_LE(sample.numbers_size(), 3);
  EXPECT_GE(sample.counts_size(), 1);
  EXPECT_NE(sample.choice_case(), demo::Sample::CHOICE_NOT_SET);
  EXPECT_TRUE(sample.has_when());
  EXPECT_EQ(sample.when().seconds() / (365 * 24 * 3600) + 1970, 2026);
}

TEST(FakeMessage, ARequiredFieldItCannotFillIsSetEmpty) {
  // An Any needs a type to hold, and a recursive type ends somewhere: a
  // client refuses a message that lacks a required field.
  TempDir dir;
  dir.Write("rec.proto", R"(syntax = "proto2";
package rec;
import "google/protobuf/any.proto";
message Holder { required google.protobuf.Any any = 1; optional int32 x = 2; }
message Chain { optional Chain next = 1; optional string id = 2; }
)");
  DescriptorSource source;
  SchemaOptions schema;
  schema.import_paths = {dir.path()};
  schema.proto_files = {"rec.proto"};
  std::string err;
  ASSERT_TRUE(source.Open(schema, nullptr, &err)) << err;
  pb::DynamicMessageFactory factory(source.pool());
  for (const char* name : {"rec.Holder", "rec.Chain"}) {
    const pb::Descriptor* type = source.pool()->FindMessageTypeByName(name);
    ASSERT_NE(type, nullptr);
    std::unique_ptr<pb::Message> message(factory.GetPrototype(type)->New());
    ASSERT_TRUE(message->ParsePartialFromString(FakeMessage(*type, 3)));
    EXPECT_TRUE(message->IsInitialized()) << name;
  }
}

}  // namespace
}  // namespace rpccli
