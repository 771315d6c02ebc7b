#include "schema/reflection_db.h"

#include <google/protobuf/descriptor.pb.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <gtest/gtest.h>

#include "demo_fixtures.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

// The demo service in this process, with Debian's reflection plugin (which
// serves v1alpha only).
class ReflectionTest : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NE(server_->target(), "");
    channel_ = grpc::CreateChannel(server_->target(),
                                   grpc::InsecureChannelCredentials());
  }

  // The plugin must be on before the server is built.
  bool plugin_ =
      (grpc::reflection::InitProtoReflectionServerBuilderPlugin(), true);
  std::unique_ptr<InProcessDemo> server_ = std::make_unique<InProcessDemo>();
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(ReflectionTest, ListsServicesWithoutTheReflectionService) {
  ReflectionDatabase database(channel_, {}, 10);
  std::vector<std::string> services;
  std::string err;
  ASSERT_TRUE(database.ListServices(&services, &err)) << err;
  EXPECT_EQ(services, std::vector<std::string>{"demo.Demo"});
}

TEST_F(ReflectionTest, FindsFilesBySymbolAndByNameWithTheirImports) {
  ReflectionDatabase database(channel_, {}, 10);
  pb::FileDescriptorProto file;
  ASSERT_TRUE(database.FindFileContainingSymbol("demo.Sample", &file));
  EXPECT_EQ(file.name(), "demo.proto");
  EXPECT_EQ(file.package(), "demo");
  ASSERT_TRUE(
      database.FindFileByName("google/protobuf/timestamp.proto", &file));
  EXPECT_EQ(file.message_type(0).name(), "Timestamp");
  EXPECT_FALSE(database.FindFileContainingSymbol("demo.NoSuchThing", &file));
  EXPECT_EQ(database.stream_error(), "");  // an unknown symbol is no failure
  EXPECT_TRUE(database.repairs().empty());
}

TEST_F(ReflectionTest, APoolOverItBuildsEveryType) {
  ReflectionDatabase database(channel_, {}, 10);
  pb::DescriptorPool pool(&database);
  const pb::ServiceDescriptor* service = pool.FindServiceByName("demo.Demo");
  ASSERT_NE(service, nullptr);
  EXPECT_EQ(service->FindMethodByName("Echo")->input_type()->field_count(), 34);
}

// A server without reflection is tested in run_test and end to end: the
// reflection plugin, once initialised, is added to every server in the
// process.

// What is no name is not asked for: the server could not define it, and a
// silent one would hold the lookup for the whole timeout.
TEST(Reflection, WhatIsNoFullNameIsNeverAskedFor) {
  int opened = 0;
  ReflectionDatabase database(
      [&opened](const std::string&, std::chrono::milliseconds) {
        ++opened;
        return std::unique_ptr<ReflectionStream>();
      },
      10, "");
  pb::FileDescriptorProto file;
  for (const char* name : {"", ".a", "a.", "a..b", "1a", "a b", "a/b"}) {
    EXPECT_FALSE(database.FindFileContainingSymbol(name, &file)) << name;
  }
  EXPECT_EQ(opened, 0);
}

TEST(Reflection, AnUnreachableServerFailsWithTheReason) {
  auto channel = grpc::CreateChannel("unix:/nonexistent/rpccli.sock",
                                     grpc::InsecureChannelCredentials());
  ReflectionDatabase database(channel, {}, 5);
  std::vector<std::string> services;
  std::string err;
  EXPECT_FALSE(database.ListServices(&services, &err));
  EXPECT_EQ(err.rfind("server reflection failed: Unavailable: ", 0), 0u) << err;
  EXPECT_EQ(database.failure(), ReflectionDatabase::Failure::kOther);
}

// A stream that fails every exchange with the status it was made with.
class FailingStream : public ReflectionStream {
 public:
  explicit FailingStream(grpc::Status status) : status_(std::move(status)) {}
  bool Exchange(const std::string&, std::string*,
                grpc::Status* status) override {
    *status = status_;
    return false;
  }

 private:
  grpc::Status status_;
};

TEST(Reflection, SaysWhichKindOfFailureEndedTheStream) {
  using Failure = ReflectionDatabase::Failure;
  grpc::Status servers_deadline(grpc::StatusCode::DEADLINE_EXCEEDED,
                                "no reflection answer within 1 s");
  for (const auto& [status, failure] :
       {std::pair{grpc::Status(grpc::StatusCode::UNIMPLEMENTED, ""),
                  Failure::kNoReflection},
        std::pair{NoAnswerWithin(std::chrono::milliseconds(1000)),
                  Failure::kNoAnswer},
        // The same words from a server are the server's own failure.
        std::pair{servers_deadline, Failure::kOther}}) {
    ReflectionDatabase database(
        [&status = status](const std::string&, std::chrono::milliseconds) {
          return std::make_unique<FailingStream>(status);
        },
        10, "");
    EXPECT_EQ(database.failure(), Failure::kNone);
    std::vector<std::string> services;
    std::string err;
    EXPECT_FALSE(database.ListServices(&services, &err));
    EXPECT_EQ(database.failure(), failure) << err;
  }
}

}  // namespace
}  // namespace rpccli
