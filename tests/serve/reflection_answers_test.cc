#include "serve/reflection_answers.h"

#include <google/protobuf/descriptor.pb.h>
#include <gtest/gtest.h>

#include "demo_fixtures.h"
#include "reflection.pb.h"
#include "schema/descriptor_source.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;
namespace reflection = grpc::reflection::v1;

class ReflectionAnswersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string err;
    ASSERT_TRUE(source_.Open(DemoSchema(), nullptr, &err)) << err;
    answers_ = std::make_unique<ReflectionAnswers>(
        source_.pool(),
        std::vector<std::string>{"demo.Demo", "grpc.health.v1.Health"});
  }

  reflection::ServerReflectionResponse Ask(
      const reflection::ServerReflectionRequest& request) const {
    reflection::ServerReflectionResponse response;
    EXPECT_TRUE(response.ParseFromString(
        answers_->Answer(request.SerializeAsString())));
    return response;
  }

  // The names of the files an answer carries, in order.
  std::vector<std::string> Files(
      const reflection::ServerReflectionResponse& response) const {
    std::vector<std::string> names;
    for (const std::string& bytes :
         response.file_descriptor_response().file_descriptor_proto()) {
      pb::FileDescriptorProto file;
      EXPECT_TRUE(file.ParseFromString(bytes));
      names.push_back(file.name());
    }
    return names;
  }

  DescriptorSource source_;
  std::unique_ptr<ReflectionAnswers> answers_;
};

TEST_F(ReflectionAnswersTest, ListsTheServicesItWasGiven) {
  reflection::ServerReflectionRequest request;
  request.set_list_services("");
  auto response = Ask(request);
  ASSERT_EQ(response.list_services_response().service_size(), 2);
  EXPECT_EQ(response.list_services_response().service(0).name(), "demo.Demo");
}

TEST_F(ReflectionAnswersTest, TheFileAskedForComesFirstThenItsImports) {
  reflection::ServerReflectionRequest request;
  request.set_file_containing_symbol("demo.Demo.Greet");
  auto files = Files(Ask(request));
  ASSERT_FALSE(files.empty());
  EXPECT_EQ(files[0], "demo.proto");
  EXPECT_NE(
      std::find(files.begin(), files.end(), "google/protobuf/timestamp.proto"),
      files.end());
}

TEST_F(ReflectionAnswersTest, DescribesTheServicesServeAdds) {
  for (const auto& [symbol, file] :
       std::vector<std::pair<std::string, std::string>>{
           {"grpc.reflection.v1.ServerReflection",
            "grpc/reflection/v1/reflection.proto"},
           {"grpc.reflection.v1alpha.ServerReflection",
            "grpc/reflection/v1alpha/reflection.proto"},
           {"grpc.reflection.v1alpha.ServerReflectionRequest",
            "grpc/reflection/v1alpha/reflection.proto"},
           {"grpc.health.v1.Health", "grpc/health/v1/health.proto"}}) {
    reflection::ServerReflectionRequest request;
    request.set_file_containing_symbol(symbol);
    EXPECT_EQ(Files(Ask(request)), std::vector<std::string>{file}) << symbol;
    request.set_file_by_filename(file);
    EXPECT_EQ(Files(Ask(request)), std::vector<std::string>{file}) << file;
  }
}

TEST_F(ReflectionAnswersTest, WhatIsNotThereIsNotFound) {
  reflection::ServerReflectionRequest request;
  request.set_file_containing_symbol("demo.Nope");
  auto response = Ask(request);
  EXPECT_EQ(response.error_response().error_code(),
            static_cast<int>(grpc::StatusCode::NOT_FOUND));
  request.set_file_by_filename("nope.proto");
  EXPECT_EQ(Ask(request).error_response().error_code(),
            static_cast<int>(grpc::StatusCode::NOT_FOUND));
  reflection::ServerReflectionResponse garbled;
  ASSERT_TRUE(garbled.ParseFromString(answers_->Answer("\xff\xff")));
  EXPECT_EQ(garbled.error_response().error_code(),
            static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
}

}  // namespace
}  // namespace rpccli
