#include "schema/descriptor_source.h"

#include <gtest/gtest.h>

#include "demo_fixtures.h"
#include "schema/protoset.h"
#include "temp_dir.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

TEST(DescriptorSource, ServesTheFilesAndTheirImports) {
  DescriptorSource source;
  std::string err;
  ASSERT_TRUE(source.Open(DemoSchema(), nullptr, &err)) << err;
  std::vector<std::string> names;
  ASSERT_TRUE(source.ServiceNames(&names, &err)) << err;
  EXPECT_EQ(names, std::vector<std::string>{"demo.Demo"});
  EXPECT_NE(source.FindService("demo.Demo", &err), nullptr);
  EXPECT_EQ(source.FindService("demo.Nope", &err), nullptr);
  EXPECT_EQ(err, "unknown service \"demo.Nope\"");
}

TEST(DescriptorSource, EveryWellKnownTypeResolvesBesideTheFiles) {
  // A well-known file the .proto files did not import must still be found
  // (an Any may hold any of them), not hidden by the files' own pool.
  DescriptorSource source;
  std::string err;
  ASSERT_TRUE(source.Open(DemoSchema(), nullptr, &err)) << err;
  EXPECT_NE(source.pool()->FindMessageTypeByName("google.protobuf.FieldMask"),
            nullptr);
  EXPECT_NE(source.pool()->FindMessageTypeByName("google.protobuf.StringValue"),
            nullptr);
}

TEST(DescriptorSource, ProtosetsAreASourceToo) {
  TempDir dir;
  std::string protoset = dir.path() + "/demo.protoset";
  {
    DescriptorSource source;
    std::string err;
    ASSERT_TRUE(source.Open(DemoSchema(), nullptr, &err)) << err;
    ASSERT_TRUE(
        WriteProtoset(protoset, {source.FindFileDefining("demo.Demo")}, &err))
        << err;
  }
  SchemaOptions schema;
  schema.protosets = {protoset};
  DescriptorSource source;
  std::string err;
  ASSERT_TRUE(source.Open(schema, nullptr, &err)) << err;
  std::vector<const pb::ServiceDescriptor*> services;
  ASSERT_TRUE(source.Services(&services, &err)) << err;
  ASSERT_EQ(services.size(), 1u);
  EXPECT_EQ(services[0]->full_name(), "demo.Demo");
  EXPECT_EQ(source.LocalServices().size(), 1u);
}

TEST(DescriptorSource, ABadFileSourceFailsToOpen) {
  SchemaOptions schema;
  schema.protosets = {"/nonexistent/x.protoset"};
  DescriptorSource source;
  std::string err;
  EXPECT_FALSE(source.Open(schema, nullptr, &err));
  EXPECT_EQ(err,
            "/nonexistent/x.protoset: cannot open: No such file or directory");
}

}  // namespace
}  // namespace rpccli
