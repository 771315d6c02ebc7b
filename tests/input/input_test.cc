#include "input/input.h"

#include <gtest/gtest.h>

#include "demo_fixtures.h"
#include "input/json_reader.h"
#include "schema/proto_files.h"
#include "temp_dir.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

std::string ReadAll(ByteSource* source) {
  std::string text, err;
  char buffer[256];
  for (long n; (n = source->Read(buffer, sizeof buffer, &err)) > 0;) {
    text.append(buffer, static_cast<size_t>(n));
  }
  return text;
}

Options WithData(const std::string& data) {
  Options options;
  options.data = data;
  options.has_data = true;
  return options;
}

TEST(OpenInput, TheArgumentAFileOrStdin) {
  StringSource stdin_source("from stdin");
  std::string err;
  Input argument;
  ASSERT_TRUE(OpenInput(WithData("{}"), &stdin_source, true, &argument, &err));
  EXPECT_EQ(argument.name, "<argument>");
  EXPECT_EQ(ReadAll(argument.source), "{}");

  TempDir dir;
  std::string path = dir.Write("req.json", "{\"a\": 1}");
  Input file;
  ASSERT_TRUE(
      OpenInput(WithData("@" + path), &stdin_source, true, &file, &err));
  EXPECT_EQ(file.name, path);
  EXPECT_EQ(ReadAll(file.source), "{\"a\": 1}");

  Input asked;
  ASSERT_TRUE(OpenInput(WithData("@-"), &stdin_source, true, &asked, &err));
  EXPECT_EQ(asked.name, "<stdin>");
  EXPECT_EQ(asked.source, &stdin_source);
}

TEST(OpenInput, StdinIsReadUnaskedOnlyWhenPiped) {
  StringSource stdin_source("piped");
  std::string err;
  Input piped, terminal;
  ASSERT_TRUE(OpenInput(Options(), &stdin_source, false, &piped, &err));
  EXPECT_EQ(piped.source, &stdin_source);
  ASSERT_TRUE(OpenInput(Options(), &stdin_source, true, &terminal, &err));
  EXPECT_EQ(ReadAll(terminal.source), "");
}

TEST(OpenInput, AMissingFileIsNamed) {
  StringSource stdin_source("");
  Input input;
  std::string err;
  EXPECT_FALSE(OpenInput(WithData("@/nonexistent/r.json"), &stdin_source, true,
                         &input, &err));
  EXPECT_EQ(err, "/nonexistent/r.json: cannot open: No such file or directory");
  EXPECT_FALSE(OpenInput(WithData("@"), &stdin_source, true, &input, &err));
  EXPECT_EQ(err, "the request @ names no file: give @FILE, or @- for stdin");
}

class SingleRequestTest : public testing::Test {
 protected:
  void SetUp() override {
    std::string err;
    ASSERT_TRUE(files_.Load(DemoSchema(), &err)) << err;
  }

  std::string Read(const std::string& method_name, const std::string& input) {
    const pb::MethodDescriptor* method =
        files_.pool()->FindMethodByName(method_name);
    Codec codec(files_.pool(), FormatOptions());
    StringSource source(input);
    JsonReader reader(&source, "in");
    InputRequestStream stream(&source, &reader, &codec, method->input_type());
    std::string request, err;
    if (!ReadSingleRequest(&reader, &stream, *method, &request, &err)) {
      return "error: " + err;
    }
    return request;
  }

  ProtoFiles files_;
};

TEST_F(SingleRequestTest, NoneMeansAnEmptyMessage) {
  EXPECT_EQ(Read("demo.Demo.Greet", ""), "");
  EXPECT_EQ(Read("demo.Demo.Greet", "{\"name\": \"a\"}"), std::string("\x0a\x01"
                                                                      "a",
                                                                      3));
}

TEST_F(SingleRequestTest, ASecondMessageIsAnError) {
  EXPECT_EQ(Read("demo.Demo.Countdown", "{}\n {}"),
            "error: in:2:2: message 2: demo.Demo.Countdown is server-streaming "
            "and takes exactly one request message");
  EXPECT_EQ(Read("demo.Demo.Greet", "{} {}"),
            "error: in:1:4: message 2: demo.Demo.Greet is unary and takes "
            "exactly one request message");
}

}  // namespace
}  // namespace rpccli
