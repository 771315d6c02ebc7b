#include "codec.h"

#include <gtest/gtest.h>

#include "demo_fixtures.h"
#include "descriptor_source.h"
#include "proto_files.h"
#include "temp_dir.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

// demo.Sample has a field of every kind the JSON mapping treats differently.
class CodecTest : public testing::Test {
 protected:
  void SetUp() override {
    std::string err;
    ASSERT_TRUE(files_.Load(DemoSchema(), &err)) << err;
    sample_ = files_.pool()->FindMessageTypeByName("demo.Sample");
    ASSERT_NE(sample_, nullptr);
  }

  // JSON in, canonical compact JSON out, through wire bytes.
  std::string RoundTrip(const std::string& json, FormatOptions options = {}) {
    options.compact = true;
    Codec codec(files_.pool(), options);
    std::string binary, out, err;
    ParseError parse_error;
    if (!codec.Parse(*sample_, json, &binary, &parse_error)) {
      return "error: " + parse_error.what;
    }
    if (!codec.Append(*sample_, binary, &out, &err)) return "error: " + err;
    return out;
  }

  ProtoFiles files_;
  const pb::Descriptor* sample_ = nullptr;
};

TEST_F(CodecTest, WritesProtobufWireFormat) {
  Codec codec(files_.pool(), FormatOptions());
  std::string binary;
  ParseError err;
  ASSERT_TRUE(codec.Parse(*sample_, R"({"int32Value": 150})", &binary, &err))
      << err.what;
  EXPECT_EQ(binary, std::string("\x10\x96\x01", 3));  // field 2, varint 150
}

TEST_F(CodecTest, Scalars) {
  EXPECT_EQ(
      RoundTrip(R"({"text":"héllo","int32Value":-5,"uint32Value":7,
                          "sint32Value":-3,"fixed32Value":9,"sfixed32Value":-9,
                          "flag":true})"),
      R"({"text":"héllo","int32Value":-5,"uint32Value":7,"sint32Value":-3,"fixed32Value":9,"sfixed32Value":-9,"flag":true})");
}

TEST_F(CodecTest, SixtyFourBitIntegersAcceptStringsAndNumbersAndPrintStrings) {
  EXPECT_EQ(
      RoundTrip(
          R"({"int64Value":"-9223372036854775808","uint64Value":"18446744073709551615",
                          "sint64Value":-12,"fixed64Value":"5","sfixed64Value":6})"),
      R"({"int64Value":"-9223372036854775808","uint64Value":"18446744073709551615","sint64Value":"-12","fixed64Value":"5","sfixed64Value":"6"})");
}

TEST_F(CodecTest, FloatingPointIncludingSpecialValues) {
  EXPECT_EQ(RoundTrip(R"({"floatValue":1.5,"doubleValue":"NaN"})"),
            R"({"floatValue":1.5,"doubleValue":"NaN"})");
  EXPECT_EQ(RoundTrip(R"({"doubleValue":"-Infinity"})"),
            R"({"doubleValue":"-Infinity"})");
  EXPECT_EQ(RoundTrip(R"({"doubleValue":2.5e-3})"),
            R"({"doubleValue":0.0025})");
}

TEST_F(CodecTest, BytesAreBase64StandardOrUrlSafe) {
  EXPECT_EQ(RoundTrip(R"({"blob":"AP8="})"), R"({"blob":"AP8="})");
  EXPECT_EQ(RoundTrip(R"({"blob":"AP8"})"), R"({"blob":"AP8="})");
  EXPECT_EQ(RoundTrip(R"({"blob":"_-8="})"), R"({"blob":"/+8="})");
}

TEST_F(CodecTest, EnumsByNameOrNumber) {
  EXPECT_EQ(RoundTrip(R"({"color":"GREEN","language":3})"),
            R"({"color":"GREEN","language":"FRENCH"})");
  EXPECT_EQ(RoundTrip(R"({"colors":["RED",3]})"),
            R"({"colors":["RED","BLUE"]})");
}

TEST_F(CodecTest, FieldsByJsonNameOrOriginalName) {
  EXPECT_EQ(RoundTrip(R"({"int32_value":1,"points_by_id":{}})"),
            R"({"int32Value":1})");
  EXPECT_EQ(RoundTrip(R"({"shownAs":"a"})"), R"({"shownAs":"a"})");
  EXPECT_EQ(RoundTrip(R"({"display_name":"b"})"), R"({"shownAs":"b"})");
}

TEST_F(CodecTest, NestedRepeatedAndMaps) {
  EXPECT_EQ(
      RoundTrip(R"({"point":{"x":1,"y":2},"numbers":[3,1,2],
                          "path":[{"x":1},{}],
                          "counts":{"a":"1","b":2},
                          "pointsById":{"7":{"y":-1}}})"),
      R"({"point":{"x":1,"y":2},"numbers":[3,1,2],"path":[{"x":1},{}],"counts":{"a":"1","b":"2"},"pointsById":{"7":{"y":-1}}})");
}

TEST_F(CodecTest, OneofAndExplicitPresence) {
  EXPECT_EQ(RoundTrip(R"({"code":0})"), R"({"code":0})");
  EXPECT_EQ(RoundTrip(R"({"spot":{}})"), R"({"spot":{}})");
  EXPECT_EQ(RoundTrip(R"({"maybe":0})"), R"({"maybe":0})");
  EXPECT_EQ(RoundTrip(R"({"label":"a","code":1})"),
            "error: fields \"label\" and \"code\" are both set, but they are "
            "of one oneof (choice)");
}

TEST_F(CodecTest, WellKnownTypes) {
  EXPECT_EQ(
      RoundTrip(R"({"when":"2024-02-29T12:00:00.5+01:00","timeout":"90s",
                          "attributes":{"k":[1,"two",null,{"x":true}]},
                          "anything":"hi","nickname":"nick","limit":"42"})"),
      R"({"when":"2024-02-29T11:00:00.500Z","timeout":"90s","attributes":{"k":[1,"two",null,{"x":true}]},"anything":"hi","nickname":"nick","limit":"42"})");
  // A wrapper set to its default is present, unlike a plain field.
  EXPECT_EQ(RoundTrip(R"({"nickname":""})"), R"({"nickname":""})");
}

TEST_F(CodecTest, EmitDefaultsPrintsEveryFieldWithUnsetMessagesAsNull) {
  FormatOptions options;
  options.emit_defaults = true;
  std::string out = RoundTrip("{}", options);
  EXPECT_NE(out.find(R"("int64Value":"0")"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("color":"COLOR_UNSPECIFIED")"), std::string::npos)
      << out;
  EXPECT_NE(out.find(R"("numbers":[])"), std::string::npos) << out;
  // Unset messages are null, as grpcurl prints them; a Value's null would
  // be a value of its own, so it stays out.
  EXPECT_NE(out.find(R"("when":null)"), std::string::npos) << out;
  EXPECT_EQ(out.find("anything"), std::string::npos) << out;
}

TEST_F(CodecTest, ProtoNamesPrintsOriginalFieldNames) {
  FormatOptions options;
  options.proto_names = true;
  EXPECT_EQ(RoundTrip(R"({"int32Value":1,"shownAs":"x"})", options),
            R"({"int32_value":1,"display_name":"x"})");
}

TEST_F(CodecTest, IndentsByTwoSpacesUnlessCompact) {
  Codec codec(files_.pool(), FormatOptions());
  std::string binary, out, err;
  ParseError parse_error;
  ASSERT_TRUE(
      codec.Parse(*sample_, R"({"point":{"x":1}})", &binary, &parse_error));
  ASSERT_TRUE(codec.Append(*sample_, binary, &out, &err));
  EXPECT_EQ(out, "{\n  \"point\": {\n    \"x\": 1\n  }\n}");
}

TEST_F(CodecTest, ExplainsBadInput) {
  EXPECT_EQ(RoundTrip(R"({"nope":1})"),
            "error: unknown field \"nope\" in demo.Sample "
            "(--allow-unknown-fields skips it)");
  EXPECT_EQ(RoundTrip(R"({"point":{"z":1}})"),
            "error: unknown field \"point.z\" in demo.Sample; did you mean "
            "\"x\"? (--allow-unknown-fields skips it)");
  // A near miss is named; a transposition is two edits, taken when the
  // first letters agree.
  EXPECT_EQ(RoundTrip(R"({"txet":1})"),
            "error: unknown field \"txet\" in demo.Sample; did you mean "
            "\"text\"? (--allow-unknown-fields skips it)");
  EXPECT_EQ(RoundTrip(R"({"int32_valu":1})"),
            "error: unknown field \"int32_valu\" in demo.Sample; did you mean "
            "\"int32_value\"? (--allow-unknown-fields skips it)");
  // A well-known type's complaint, in rpccli's words with the value.
  EXPECT_EQ(RoundTrip(R"({"when":"yesterday"})"),
            "error: field \"when\": \"yesterday\" is not a valid "
            "google.protobuf.Timestamp (RFC 3339, such as "
            "\"2024-02-29T12:00:00Z\")");
  EXPECT_EQ(RoundTrip(R"({"timeout":"5"})"),
            "error: field \"timeout\": \"5\" is not a valid "
            "google.protobuf.Duration (seconds ending in s, such as \"1.5s\")");
  EXPECT_EQ(RoundTrip(R"({"int32Value":"abc"})"),
            "error: field \"int32Value\": \"abc\" is not a valid int32");
  EXPECT_EQ(RoundTrip(R"({"text":5})"),
            "error: field \"text\": 5 is not a valid string");
  EXPECT_EQ(
      RoundTrip(R"({"color":"PINK"})"),
      "error: field \"color\": \"PINK\" is not a valid demo.Sample.Color");
  EXPECT_EQ(RoundTrip(R"({"int64Value":1.5})"),
            "error: field \"int64Value\": 1.5 is not a valid int64");
  EXPECT_EQ(RoundTrip("[]"),
            "error: expected a JSON object for demo.Sample, not an array: "
            "several messages are written one after another (NDJSON, one per "
            "line)");
  // Found by fuzzing: values of the wrong shape, named by their path.
  EXPECT_EQ(RoundTrip(R"({"text":[1]})"),
            "error: field \"text\": expected a single value, found an array");
  EXPECT_EQ(
      RoundTrip(R"({"point":{"x":[1]}})"),
      "error: field \"point.x\": expected a single value, found an array");
  EXPECT_EQ(
      RoundTrip(R"({"point":{"x":{"a":1}}})"),
      "error: field \"point.x\": expected a single value, found an object");
  EXPECT_EQ(RoundTrip(R"({"int32Value":{"a":1}})"),
            "error: field \"int32Value\": expected a single value, found an "
            "object");
  EXPECT_EQ(RoundTrip(R"({"counts":{"7":[1]}})"),
            "error: field \"counts[\"7\"]\": expected a single value, found "
            "an array");
  // protobuf adds an excerpt and a caret on lines of their own; rpccli
  // says it in one, naming the field.
  EXPECT_EQ(RoundTrip("{\"text\":\"a\xff\"}"),
            "error: field \"text\": a byte that is not UTF-8");
}

TEST_F(CodecTest, AllowUnknownFieldsSkipsThem) {
  FormatOptions options;
  options.allow_unknown_fields = true;
  // Found by fuzzing: protobuf wrote a truncated map entry here.
  EXPECT_EQ(RoundTrip(R"({"counts":{"7":{"y":1}}})", options),
            "error: a map value is an object or array where a single value "
            "belongs");
  EXPECT_EQ(RoundTrip(R"({"nope":{"deep":[1]},"text":"kept"})", options),
            R"({"text":"kept"})");
}

TEST_F(CodecTest, TextFormatRoundTrips) {
  FormatOptions options;
  options.format = MessageFormat::kText;
  Codec codec(files_.pool(), options);
  std::string binary, out, err;
  ParseError parse_error;
  ASSERT_TRUE(codec.Parse(*sample_,
                          "text: \"hi\" int64_value: -5\npoint { x: 1 }\n"
                          "color: BLUE numbers: [1, 2]",
                          &binary, &parse_error))
      << parse_error.what;
  ASSERT_TRUE(codec.Append(*sample_, binary, &out, &err)) << err;
  EXPECT_EQ(out,
            "text: \"hi\"\nint64_value: -5\ncolor: BLUE\npoint {\n  x: 1\n}\n"
            "numbers: 1\nnumbers: 2");
}

TEST_F(CodecTest, TextFormatCompactIsOneLine) {
  FormatOptions options;
  options.format = MessageFormat::kText;
  options.compact = true;
  Codec codec(files_.pool(), options);
  std::string binary, out, err;
  ParseError parse_error;
  ASSERT_TRUE(codec.Parse(*sample_, "point { x: 1 } flag: true", &binary,
                          &parse_error));
  ASSERT_TRUE(codec.Append(*sample_, binary, &out, &err));
  EXPECT_EQ(out, "flag: true point { x: 1 }");
}

TEST_F(CodecTest, TextFormatErrorsSayWhere) {
  FormatOptions options;
  options.format = MessageFormat::kText;
  Codec codec(files_.pool(), options);
  std::string binary;
  ParseError err;
  EXPECT_FALSE(codec.Parse(*sample_, "text: \"a\"\n  nope: 1", &binary, &err));
  EXPECT_EQ(err.what,
            "Message type \"demo.Sample\" has no field named \"nope\".");
  EXPECT_EQ(err.line, 2);
  EXPECT_EQ(err.column, 7);
}

// Found by fuzzing: the text parser takes any bytes in a string, and a
// proto3 string that is not UTF-8 made the server fail the call silently.
TEST_F(CodecTest, TextFormatStringsMustBeUtf8) {
  FormatOptions options;
  options.format = MessageFormat::kText;
  Codec codec(files_.pool(), options);
  std::string binary;
  ParseError err;
  EXPECT_FALSE(codec.Parse(*sample_, "counts { key: \"a\xb7\" value: 4 }",
                           &binary, &err));
  EXPECT_EQ(err.what, "field \"counts (a key)\": the text is not valid UTF-8");
  EXPECT_FALSE(
      codec.Parse(*sample_, "path { } text: \"\xc0\xaf\"", &binary, &err));
  EXPECT_EQ(err.what, "field \"text\": the text is not valid UTF-8");
  EXPECT_TRUE(codec.Parse(*sample_, "text: \"caf\xc3\xa9\"", &binary, &err))
      << err.what;
}

// An Any holding a type no source knows prints its bytes instead of failing
// the whole message (codec_any.cc).
TEST(CodecAny, AnUnresolvableAnyPrintsTypeErrorAndBytes) {
  TempDir dir;
  dir.Write("box.proto", R"(syntax = "proto3";
    import "google/protobuf/any.proto";
    message Box { string label = 1; repeated google.protobuf.Any items = 2; })");
  // The shared pool, where every well-known type can be in an Any.
  DescriptorSource source;
  SchemaOptions schema;
  schema.import_paths = {dir.path()};
  schema.proto_files = {"box.proto"};
  std::string err;
  ASSERT_TRUE(source.Open(schema, nullptr, &err)) << err;
  const pb::Descriptor* box = source.pool()->FindMessageTypeByName("Box");
  ASSERT_NE(box, nullptr);
  FormatOptions options;
  options.compact = true;
  Codec codec(source.pool(), options);
  std::string binary;
  ParseError parse_error;
  ASSERT_TRUE(codec.Parse(*box,
                          R"({"label": "b", "items": [{"@type": )"
                          R"("type.googleapis.com/google.protobuf.Int32Value",)"
                          R"( "value": 5}]})",
                          &binary, &parse_error))
      << parse_error.what;
  // A second item whose type nobody knows: field 2, an Any with a type URL
  // (field 1) and two bytes of value (field 2).
  std::string url = "type.googleapis.com/secret.Thing";
  std::string any = "\x0a" + std::string(1, static_cast<char>(url.size())) +
                    url + "\x12\x02\x08\x07";
  binary += "\x12" + std::string(1, static_cast<char>(any.size())) + any;
  std::string out;
  ASSERT_TRUE(codec.Append(*box, binary, &out, &err)) << err;
  EXPECT_EQ(
      out,
      R"({"label":"b","items":[{"@type":"type.googleapis.com/google.protobuf.Int32Value",)"
      R"("value":5},{"@type":"type.googleapis.com/secret.Thing",)"
      R"("@error":"secret.Thing is not in the schema; @value holds its bytes",)"
      R"("@value":"CAc="}]})");
}

TEST_F(CodecTest, FieldsJsonCannotShowAreNotedOnceAndTaken) {
  FormatOptions options;
  options.compact = true;
  Codec codec(files_.pool(), options);
  // text "hi", then field 9999 (a varint), and point {x: 1, 77: 5}.
  std::string binary("\x0a\x02hi\x8a\x01\x05\x08\x01\xe8\x04\x05", 12);
  binary += std::string("\xf8\xf0\x04\x2a", 4);
  std::string out, err;
  ASSERT_TRUE(codec.Append(*sample_, binary, &out, &err)) << err;
  EXPECT_EQ(out, R"({"text":"hi","point":{"x":1}})");
  EXPECT_EQ(codec.TakeUnshownFields(),
            "9999 in demo.Sample, 77 in demo.Sample.Point");
  EXPECT_EQ(codec.TakeUnshownFields(), "");
  // 999 is told though "9999 in demo.Sample" holds its words.
  ASSERT_TRUE(codec.Append(*sample_, binary, &out, &err)) << err;
  ASSERT_TRUE(
      codec.Append(*sample_, std::string("\xb8\x3e\x01", 3), &out, &err))
      << err;
  EXPECT_EQ(codec.TakeUnshownFields(),
            "9999 in demo.Sample, 77 in demo.Sample.Point, 999 in demo.Sample");
  // A known field in a wire type not its own is kept unknown by protobuf.
  out.clear();
  ASSERT_TRUE(codec.Append(*sample_, std::string("\x08\x05", 2), &out, &err))
      << err;
  EXPECT_EQ(out, "{}");
  EXPECT_EQ(codec.TakeUnshownFields(),
            "1 (text, in another wire type) in demo.Sample");
}

}  // namespace
}  // namespace rpccli
