#include "codec/codec.h"

#include <google/protobuf/any.pb.h>
#include <gtest/gtest.h>

#include "codec/any_nesting.h"
#include "demo_fixtures.h"
#include "proto_text.h"
#include "schema/descriptor_source.h"
#include "schema/proto_files.h"
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
      "error: field \"color\": \"PINK\" is not a valid demo.Sample.Color (one "
      "of COLOR_UNSPECIFIED, RED, GREEN, BLUE)");
  EXPECT_EQ(RoundTrip(R"({"int64Value":1.5})"),
            "error: field \"int64Value\": 1.5 is not a valid int64 (not a "
            "whole number)");
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
  EXPECT_EQ(err.column, 3);  // at the name; protobuf says after it
  // Columns count characters: protobuf's count a tab as up to 8, and a
  // byte of UTF-8 as one.
  EXPECT_FALSE(codec.Parse(
      *sample_, "text:\t\"\xc3\xa9\xc3\xa9\" int32_value: x", &binary, &err));
  EXPECT_EQ(err.what, "Expected integer, got: x");
  EXPECT_EQ(std::make_pair(err.line, err.column), std::make_pair(1, 25));
}

// Found by fuzzing: the text parser takes any bytes in a string, and a
// proto3 string that is not UTF-8 made the server fail the call silently.
TEST_F(CodecTest, JsonGivenAsTextFormatIsSaidToLookLikeJson) {
  FormatOptions options;
  options.format = MessageFormat::kText;
  Codec codec(files_.pool(), options);
  std::string binary;
  ParseError err;
  EXPECT_FALSE(codec.Parse(*sample_, "\n  {\"text\": \"a\"}", &binary, &err));
  EXPECT_EQ(err.what,
            "Expected identifier, got: {; this looks like JSON, which is read "
            "without --format text");
  EXPECT_EQ(std::make_pair(err.line, err.column), std::make_pair(2, 3));
  // An Any's URL with a path, which protobuf's text grammar lacks.
  EXPECT_FALSE(codec.Parse(
      *sample_,
      "anything { [a.com/b/google.protobuf.Value] { bool_value: true } }",
      &binary, &err));
  EXPECT_EQ(err.what,
            "Expected \"]\", found \"/\". In text format [host/pkg.Message] "
            "is the value of a google.protobuf.Any field, and its URL has one "
            "'/', between the host and the type");
  // Text format that goes wrong later gets no such hint.
  EXPECT_FALSE(codec.Parse(*sample_, "text: \"a\"\n{", &binary, &err));
  EXPECT_EQ(err.what.find("JSON"), std::string::npos) << err.what;
}

TEST_F(CodecTest, TextFormatStringsMustBeUtf8) {
  FormatOptions options;
  options.format = MessageFormat::kText;
  Codec codec(files_.pool(), options);
  std::string binary;
  ParseError err;
  EXPECT_FALSE(codec.Parse(*sample_, "counts { key: \"a\xb7\" value: 4 }",
                           &binary, &err));
  EXPECT_EQ(err.what, "field \"counts (a key)\": the text is not valid UTF-8");
  EXPECT_EQ(err.line, 1);
  EXPECT_EQ(err.column, 10);  // the key's name, inside its entry
  EXPECT_FALSE(
      codec.Parse(*sample_, "path { }\n  text: \"\xc0\xaf\"", &binary, &err));
  EXPECT_EQ(err.what, "field \"text\": the text is not valid UTF-8");
  EXPECT_EQ(err.line, 2);
  EXPECT_EQ(err.column, 3);
  // Inside a repeated message, and written as an escape.
  EXPECT_FALSE(codec.Parse(*sample_,
                           "path { x: 1 }\npath { x: 2 }\nlabel: \"\\377\"",
                           &binary, &err));
  EXPECT_EQ(err.what, "field \"label\": the text is not valid UTF-8");
  EXPECT_EQ(err.line, 3);
  EXPECT_EQ(err.column, 1);
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
      R"("@error":"secret.Thing is not a message in the schema; @value holds its bytes",)"
      R"("@value":"CAc="}]})");
}

// protobuf names a field inside an Any from the Any, and places nothing;
// rpccli names it from the request's top, where it is written.
TEST(CodecAny, AFaultInsideAnAnyIsNamedAndPlacedInTheRequest) {
  pb::DescriptorPool pool(pb::DescriptorPool::generated_pool());
  (void)pb::Any::descriptor();
  ASSERT_NE(BuildProtoText(&pool, R"(
      syntax = "proto3";
      package b;
      import "google/protobuf/any.proto";
      message Inner { int32 n = 1; }
      message Box { repeated google.protobuf.Any items = 1; })"),
            nullptr);
  const pb::Descriptor& box = *pool.FindMessageTypeByName("b.Box");
  Codec codec(&pool, FormatOptions{});
  auto fault = [&](const std::string& json) {
    std::string binary;
    ParseError err;
    if (codec.Parse(box, json, &binary, &err)) return std::string("parsed");
    return std::to_string(err.line) + ":" + std::to_string(err.column) + ": " +
           err.what;
  };
  EXPECT_EQ(
      fault("{\"items\": [{},\n {\"@type\": \"x/b.Inner\", \"n\": \"x\"}]}"),
      "2:30: field \"items[1].n\": \"x\" is not a valid int32");
  // Columns count characters, before the Any too.
  EXPECT_EQ(fault("{\"\xc3\xa9\": 1, \"items\": [{\"n\": 1.5, \"@type\": "
                  "\"x/b.Inner\"}]}"),
            "1:26: field \"items[0].n\": 1.5 is not a valid int32 (not a whole "
            "number)");
  EXPECT_EQ(fault(R"({"items": [{"@type": "x/b.Inner", "nope": 1}]})"),
            "1:35: unknown field \"items[0].nope\" in b.Inner "
            "(--allow-unknown-fields skips it)");
  EXPECT_EQ(fault(R"({"items": [{"@type": "x/google.protobuf.Duration", )"
                  R"("value": "5"}]})"),
            "1:61: field \"items[0]\": \"5\" is not a valid "
            "google.protobuf.Duration (seconds ending in s, such as \"1.5s\")");
  // An Any in an Any.
  EXPECT_EQ(fault(R"({"items": [{"@type": "x/google.protobuf.Any", "value": )"
                  R"({"@type": "x/b.Inner", "n": true}}]})"),
            "1:84: field \"items[0].n\": true is not a valid int32");
  EXPECT_EQ(fault(R"({"items": [{"@type": "x/b.Inner", "n": 1}]})"), "parsed");
}

// protobuf 3.21 prints an Any holding a ListValue, and refuses it back
// ("unknown field "value""): rpccli reads what it prints.
TEST(CodecAny, AnAnyHoldingAListValueIsReadAsPrinted) {
  pb::DescriptorPool pool(pb::DescriptorPool::generated_pool());
  (void)pb::Any::descriptor();
  (void)pb::ListValue::descriptor();
  ASSERT_NE(BuildProtoText(&pool, R"(
      syntax = "proto3";
      package b;
      import "google/protobuf/any.proto";
      message Box { repeated google.protobuf.Any items = 1; string s = 2; })"),
            nullptr);
  const pb::Descriptor& box = *pool.FindMessageTypeByName("b.Box");
  FormatOptions options;
  options.compact = true;
  Codec codec(&pool, options);
  const std::string json =
      R"({"items":[{"@type":"type.googleapis.com/google.protobuf.ListValue",)"
      R"("value":[1,"x",[true],{"k":null}]},{"@type":)"
      R"("type.googleapis.com/google.protobuf.ListValue","value":[]}],)"
      R"("s":"t"})";
  std::string binary, printed, err;
  ParseError parse_error;
  ASSERT_TRUE(codec.Parse(box, json, &binary, &parse_error)) << parse_error.what;
  ASSERT_TRUE(codec.Append(box, binary, &printed, &err)) << err;
  // protobuf leaves out an Any's empty value, and reads it so too.
  const std::string printed_back =
      R"({"items":[{"@type":"type.googleapis.com/google.protobuf.ListValue",)"
      R"("value":[1,"x",[true],{"k":null}]},{"@type":)"
      R"("type.googleapis.com/google.protobuf.ListValue"}],"s":"t"})";
  EXPECT_EQ(printed, printed_back);
  std::string binary_back;
  ASSERT_TRUE(codec.Parse(box, printed_back, &binary_back, &parse_error))
      << parse_error.what;
  EXPECT_EQ(binary_back, binary);
  auto fault = [&](const std::string& value) {
    ParseError err;
    EXPECT_FALSE(codec.Parse(
        box,
        R"({"items":[{"@type":"x/google.protobuf.ListValue","value":)" + value +
            "}]}",
        &binary, &err));
    return std::to_string(err.column) + ": " + err.what;
  };
  EXPECT_EQ(fault("{}"),
            "58: field \"items[0]\": expected a JSON array for "
            "google.protobuf.ListValue");
  EXPECT_EQ(fault("\"x\""),
            "58: field \"items[0]\": expected a JSON array for "
            "google.protobuf.ListValue");
  // Nor is an Any's value a stream of messages, as a request's array is.
  ParseError struct_err;
  EXPECT_FALSE(codec.Parse(
      box, R"({"items":[{"@type":"x/google.protobuf.Struct","value":[]}]})",
      &binary, &struct_err));
  EXPECT_EQ(struct_err.what,
            "field \"items[0]\": expected a JSON object for "
            "google.protobuf.Struct, not an array");
}

// Each Any's bytes start protobuf's parse limit afresh: an Any in an Any
// 20,000 deep took protobuf's printers 6.8 GB and then the stack.
TEST(CodecAny, AnysNestedPastTheLimitAreNotShown) {
  pb::DescriptorPool pool(pb::DescriptorPool::generated_pool());
  (void)pb::Any::descriptor();
  const pb::Descriptor& any = *pool.FindMessageTypeByName("google.protobuf.Any");
  auto nested = [](int depth) {
    pb::Any inner;  // an Empty, then Anys around it
    inner.set_type_url("type.googleapis.com/google.protobuf.Empty");
    for (int i = 1; i < depth; ++i) {
      pb::Any outer;
      outer.set_type_url("type.googleapis.com/google.protobuf.Any");
      outer.set_value(inner.SerializeAsString());
      inner = outer;
    }
    return inner.SerializeAsString();
  };
  for (MessageFormat format : {MessageFormat::kJson, MessageFormat::kText}) {
    FormatOptions options;
    options.format = format;
    Codec codec(&pool, options);
    std::string out, err;
    EXPECT_TRUE(codec.Append(any, nested(kMaxAnyNesting), &out, &err)) << err;
    out.clear();
    EXPECT_FALSE(codec.Append(any, nested(kMaxAnyNesting + 1), &out, &err));
    EXPECT_EQ(err,
              "it holds google.protobuf.Any values nested more than 32 deep, "
              "past what rpccli shows");
    EXPECT_FALSE(codec.Append(any, nested(20000), &out, &err));
  }
}

// A type URL naming no type, or an enum, is said so in @error.
TEST(CodecAny, AnAnyOfNoTypeOrOfAnEnumSaysWhichInItsError) {
  pb::DescriptorPool pool(pb::DescriptorPool::generated_pool());
  (void)pb::Any::descriptor();
  ASSERT_NE(BuildProtoText(&pool, R"(
      syntax = "proto3";
      package b;
      import "google/protobuf/any.proto";
      enum E { ZERO = 0; }
      message Box { repeated google.protobuf.Any items = 1; })"),
            nullptr);
  FormatOptions options;
  options.compact = true;
  Codec codec(&pool, options);
  auto item = [](const std::string& url) {
    std::string any = "\x0a" + std::string(1, static_cast<char>(url.size())) +
                      url + "\x12\x01\x08";
    return "\x0a" + std::string(1, static_cast<char>(any.size())) + any;
  };
  std::string out, err;
  ASSERT_TRUE(codec.Append(*pool.FindMessageTypeByName("b.Box"),
                           item("type.googleapis.com/") + item("x/b.E"), &out,
                           &err))
      << err;
  EXPECT_NE(out.find(R"("@error":"the type URL names no type; @value holds)"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find(R"("@error":"b.E is not a message in the schema;)"),
            std::string::npos)
      << out;
  // One with no bytes: protobuf printed a bare "@type", as for a type it
  // knows.
  std::string url = "x/no.Such";
  std::string empty =
      "\x0a" + std::string(1, static_cast<char>(url.size())) + url;
  out.clear();
  ASSERT_TRUE(codec.Append(
      *pool.FindMessageTypeByName("b.Box"),
      "\x0a" + std::string(1, static_cast<char>(empty.size())) + empty, &out,
      &err))
      << err;
  EXPECT_EQ(out,
            R"({"items":[{"@type":"x/no.Such","@error":"no.Such is not a )"
            R"(message in the schema; @value holds its bytes","@value":""}]})");
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
            "1 (text, with a value or wire type the schema does not take) in "
            "demo.Sample");
}

// Types that hold each other: B's answer must not be settled while A,
// whose required field comes after its B, is half read.
TEST(CodecRequiredFields, AreFoundThroughTypesThatHoldEachOther) {
  const char* proto = R"(
    syntax = "proto2";
    package r;
    message A { optional B b = 1; required string name = 2; }
    message B { optional A a = 1; })";
  pb::DescriptorPool pool;
  ASSERT_NE(BuildProtoText(&pool, proto), nullptr);
  Codec codec(&pool, FormatOptions());
  std::string binary;
  ParseError err;
  ASSERT_TRUE(codec.Parse(*pool.FindMessageTypeByName("r.A"),
                          R"({"name": "x"})", &binary, &err))
      << err.what;
  EXPECT_FALSE(codec.Parse(*pool.FindMessageTypeByName("r.B"), R"({"a": {}})",
                           &binary, &err));
  EXPECT_NE(err.what.find("required field"), std::string::npos) << err.what;
}

// Text format opens a known Any, which would leave out fields of the Any
// itself that the schema does not know: such an Any is shown as it came.
TEST(CodecAny, TextShowsTheFieldsOfAnAnyThatOpeningItWouldLeaveOut) {
  pb::DescriptorPool pool(pb::DescriptorPool::generated_pool());
  ASSERT_NE(BuildProtoText(&pool, R"(
    syntax = "proto3";
    package anyt;
    import "google/protobuf/any.proto";
    message Inner { string s = 1; }
    message M { google.protobuf.Any a = 1; })"),
            nullptr);
  const pb::Descriptor& type = *pool.FindMessageTypeByName("anyt.M");
  FormatOptions text;
  text.format = MessageFormat::kText;
  text.compact = true;
  Codec codec(&pool, text);
  // a { type_url: ".../anyt.Inner" value: Inner{s: "x"} 3: 1 }
  std::string url = "type.googleapis.com/anyt.Inner";
  std::string any = "\x0a" + std::string(1, static_cast<char>(url.size())) +
                    url + std::string("\x12\x03\x0a\x01x\x18\x01", 7);
  std::string wire =
      "\x0a" + std::string(1, static_cast<char>(any.size())) + any;
  std::string out;
  std::string err;
  ASSERT_TRUE(codec.Append(type, wire, &out, &err)) << err;
  EXPECT_NE(out.find("3: 1"), std::string::npos) << out;
  EXPECT_NE(out.find("type_url"), std::string::npos) << out;
}

// A proto3 field that holds its default on the wire is not set: shown as
// protobuf's parser leaves it, whatever order the fields came in.
TEST(CodecImplicitPresence, ADefaultOnTheWireIsNotShown) {
  pb::DescriptorPool pool;
  ASSERT_NE(BuildProtoText(&pool, R"(
    syntax = "proto3";
    package i;
    message M { int32 a = 1; int32 b = 2; string s = 3; double d = 4;
                optional int32 o = 5; })"),
            nullptr);
  const pb::Descriptor& type = *pool.FindMessageTypeByName("i.M");
  FormatOptions compact;
  compact.compact = true;
  Codec codec(&pool, compact);
  for (const std::string& wire :
       {std::string("\x08\x00\x10\x00", 4), std::string("\x10\x00\x08\x00", 4),
        std::string("\x1a\x00", 2),
        std::string("\x21\x00\x00\x00\x00\x00\x00\x00\x00", 9)}) {
    std::string json;
    std::string err;
    ASSERT_TRUE(codec.Append(type, wire, &json, &err)) << err;
    EXPECT_EQ(json, "{}");
  }
  // With presence, a zero sent is a zero set.
  std::string json;
  std::string err;
  ASSERT_TRUE(
      codec.Append(type, std::string("\x08\x01\x28\x00", 4), &json, &err))
      << err;
  EXPECT_EQ(json, R"({"a":1,"o":0})");
}

// protobuf's parsers refuse a message lacking a required field at any
// depth; so does JSON output, where the quick paths never looked.
TEST(CodecRequired, AResponseLackingANestedRequiredFieldIsSaid) {
  pb::DescriptorPool pool;
  ASSERT_NE(BuildProtoText(&pool, R"(
    syntax = "proto2";
    package r;
    message Sub { required int32 a = 1; }
    message M { optional Sub sub = 1; })"),
            nullptr);
  const pb::Descriptor& type = *pool.FindMessageTypeByName("r.M");
  FormatOptions compact;
  compact.compact = true;
  Codec codec(&pool, compact);
  std::string json;
  std::string err;
  EXPECT_FALSE(codec.Append(type, std::string("\x0a\x00", 2), &json, &err));
  EXPECT_NE(err.find("it lacks required field \"sub.a\""),
            std::string::npos)
      << err;
  ASSERT_TRUE(
      codec.Append(type, std::string("\x0a\x02\x08\x01", 4), &json, &err))
      << err;
  EXPECT_EQ(json, R"({"sub":{"a":1}})");
}

// NullValue is open, and JSON writes any value of it as null: a number
// other than 0 is neither sent from JSON nor shown as null.
TEST(CodecNullValue, ANumberOtherThanZeroHasNoJsonForm) {
  pb::DescriptorPool pool(pb::DescriptorPool::generated_pool());
  ASSERT_NE(BuildProtoText(&pool, R"(
    syntax = "proto3";
    package n;
    import "google/protobuf/struct.proto";
    message M { google.protobuf.NullValue nv = 1; google.protobuf.Value v = 2; })"),
            nullptr);
  const pb::Descriptor& type = *pool.FindMessageTypeByName("n.M");
  FormatOptions compact;
  compact.compact = true;
  Codec codec(&pool, compact);
  std::string binary;
  ParseError err;
  EXPECT_FALSE(codec.Parse(type, R"({"nv": 3})", &binary, &err));
  EXPECT_EQ(err.what,
            "field \"nv\": 3 is not a google.protobuf.NullValue JSON can "
            "write: give null");
  ASSERT_TRUE(codec.Parse(type, R"({"nv": null, "v": null})", &binary, &err))
      << err.what;
  std::string json;
  std::string why;
  for (const std::string& wire :
       {std::string("\x08\x03", 2), std::string("\x12\x02\x08\x05", 4)}) {
    EXPECT_FALSE(codec.Append(type, wire, &json, &why));
    EXPECT_NE(why.find("has no JSON form (JSON writes null, which is 0)"),
              std::string::npos)
        << why;
  }
  ASSERT_TRUE(
      codec.Append(type, std::string("\x12\x02\x08\x00", 4), &json, &why))
      << why;
  EXPECT_EQ(json, R"({"v":null})");
}

// A closed enum (proto2's, and editions' CLOSED) keeps a number it does
// not define as a field the schema does not know: such a number is not
// sent, and one received is not shown as the field's value.
TEST(CodecClosedEnums, ANumberTheEnumLacksIsRefusedAndShownAsUnknown) {
  const char* proto = R"(
    syntax = "proto2";
    package c;
    enum E { A = 1; }
    message M { optional E e = 1; })";
  pb::DescriptorPool pool;
  ASSERT_NE(BuildProtoText(&pool, proto), nullptr);
  const pb::Descriptor& type = *pool.FindMessageTypeByName("c.M");
  FormatOptions compact;
  compact.compact = true;
  Codec codec(&pool, compact);
  std::string binary;
  ParseError err;
  for (const char* json : {R"({"e": 7})", R"({"e": "7"})"}) {
    EXPECT_FALSE(codec.Parse(type, json, &binary, &err)) << json;
    EXPECT_EQ(err.what,
              "field \"e\": 7 is not a value of the closed enum c.E (one of "
              "A), which keeps another number as a field it does not know");
    EXPECT_EQ(err.column, 7);
  }
  ASSERT_TRUE(codec.Parse(type, R"({"e": 1})", &binary, &err)) << err.what;
  EXPECT_EQ(binary, std::string("\x08\x01", 2));

  std::string json;
  std::string why;
  ASSERT_TRUE(codec.Append(type, std::string("\x08\x07", 2), &json, &why))
      << why;
  EXPECT_EQ(json, "{}");
  EXPECT_EQ(codec.TakeUnshownFields(),
            "1 (e, with a value or wire type the schema does not take) in c.M");

  // proto3's enums are open: the number is the field's value.
  pb::DescriptorPool open_pool;
  ASSERT_NE(BuildProtoText(&open_pool, R"(
    syntax = "proto3";
    package o;
    enum E { Z = 0; }
    message M { E e = 1; })"),
            nullptr);
  const pb::Descriptor& open = *open_pool.FindMessageTypeByName("o.M");
  Codec open_codec(&open_pool, compact);
  ASSERT_TRUE(open_codec.Parse(open, R"({"e": 7})", &binary, &err)) << err.what;
  json.clear();
  ASSERT_TRUE(open_codec.Append(open, binary, &json, &why)) << why;
  EXPECT_EQ(json, R"({"e":7})");
}

// protobuf 3.21's JSON conversion leaves out a group's end tag, and its
// printer leaves groups out: JSON goes through a view where the group is
// a message field, and the bytes are group-encoded all the same.
TEST(CodecGroups, JsonReadsAndWritesAGroupAsTheMessageItHolds) {
  const char* proto = R"(
    syntax = "proto2";
    package g;
    message P { optional group G = 4 { optional int32 gv = 5; } })";
  pb::DescriptorPool pool;
  ASSERT_NE(BuildProtoText(&pool, proto), nullptr);
  const pb::Descriptor& type = *pool.FindMessageTypeByName("g.P");
  FormatOptions compact;
  compact.compact = true;
  Codec codec(&pool, compact);
  std::string binary;
  ParseError err;
  ASSERT_TRUE(codec.Parse(type, R"({"g": {"gv": 1}})", &binary, &err))
      << err.what;
  EXPECT_EQ(binary, std::string("\x23\x28\x01\x24", 4));
  std::string json;
  std::string why;
  ASSERT_TRUE(codec.Append(type, binary, &json, &why)) << why;
  EXPECT_EQ(json, R"({"g":{"gv":1}})");
  EXPECT_EQ(codec.TakeUnshownFields(), "");

  FormatOptions text;
  text.format = MessageFormat::kText;
  ASSERT_TRUE(Codec(&pool, text).Parse(type, "G { gv: 1 }", &binary, &err))
      << err.what;
  EXPECT_EQ(binary, std::string("\x23\x28\x01\x24", 4));
}

// protobuf's parser takes a Timestamp or Duration out of its range when an
// offset or the object form puts it there; rpccli points at it.
TEST_F(CodecTest, TimeValuesOutOfRangeAreRefusedWhereTheyAre) {
  Codec codec(files_.pool(), FormatOptions{});
  std::string binary;
  ParseError err;
  EXPECT_FALSE(codec.Parse(*sample_,
                           "{\"text\": \"x\",\n \"when\": "
                           "\"0001-01-01T00:00:00+00:01\"}",
                           &binary, &err));
  EXPECT_EQ(err.what,
            "field \"when\": a google.protobuf.Timestamp of -62135596860 s and "
            "0 ns is out of its range (years 0001 to 9999, nanos from 0 to "
            "999999999)");
  EXPECT_EQ(std::make_pair(err.line, err.column), std::make_pair(2, 10));
  EXPECT_FALSE(codec.Parse(
      *sample_, R"({"timeout": {"seconds": 1, "nanos": -1}})", &binary, &err));
  EXPECT_EQ(err.what,
            "field \"timeout\": a google.protobuf.Duration of 1 s and -1 ns "
            "is not valid: its seconds and nanos have different signs");
  EXPECT_EQ(std::make_pair(err.line, err.column), std::make_pair(1, 13));
  EXPECT_EQ(
      RoundTrip(R"({"when": {"nanos": -1}})").substr(0, 65),
      "error: field \"when\": a google.protobuf.Timestamp of 0 s and -1 ns");
  // The edges themselves are fine.
  EXPECT_EQ(RoundTrip(R"({"when": "0001-01-01T00:00:00Z"})"),
            R"({"when":"0001-01-01T00:00:00Z"})");
  EXPECT_EQ(RoundTrip(R"({"when": "9999-12-31T23:59:59.999999999Z"})"),
            R"({"when":"9999-12-31T23:59:59.999999999Z"})");
  EXPECT_EQ(RoundTrip(R"({"timeout": {"seconds": -1, "nanos": -1}})"),
            R"({"timeout":"-1.000000001s"})");
}

// protobuf parses messages nested 100 deep, its JSON parser takes 100
// levels counting the request's own, and its JSON printer shows 64: rpccli
// sends what can be read back, and prints plain messages as deep as they
// parse.
TEST(CodecDepth, EachLimitIsSaidWhereItIsMet) {
  pb::DescriptorPool pool;
  ASSERT_NE(BuildProtoText(&pool, R"(
      syntax = "proto3";
      package d;
      message Node { Node child = 1; int32 v = 2; })"),
            nullptr);
  const pb::Descriptor& node = *pool.FindMessageTypeByName("d.Node");
  auto json = [](int nested) {
    std::string text;
    for (int i = 0; i < nested; ++i) text += "{\"child\":";
    text += "{}";
    for (int i = 0; i < nested; ++i) text += "}";
    return text;
  };
  FormatOptions options;
  options.compact = true;
  Codec codec(&pool, options);
  std::string binary, out, err;
  ParseError parse_error;
  ASSERT_TRUE(codec.Parse(node, json(99), &binary, &parse_error))
      << parse_error.what;
  ASSERT_TRUE(codec.Append(node, binary, &out, &err)) << err;
  EXPECT_EQ(out, json(99));
  EXPECT_FALSE(codec.Parse(node, json(100), &binary, &parse_error));
  EXPECT_EQ(parse_error.what,
            "a message nested more than 100 levels deep, past what protobuf's "
            "JSON parser takes");
  EXPECT_EQ(parse_error.column, 901);
  // Wire bytes 101 deep (the server's, say): none parses them.
  std::string deep;
  for (int i = 0; i < 101; ++i) {
    std::string length;
    size_t size = deep.size();
    while (size >= 0x80) {
      length += static_cast<char>((size & 0x7f) | 0x80);
      size >>= 7;
    }
    length += static_cast<char>(size);
    deep = "\x0a" + length + deep;
  }
  out.clear();
  EXPECT_FALSE(codec.Append(node, deep, &out, &err));
  EXPECT_EQ(err,
            "it nests messages more than 100 levels deep, past what protobuf "
            "parses");
  // With --emit-defaults protobuf's printer prints, to 64 levels.
  options.emit_defaults = true;
  Codec printing_defaults(&pool, options);
  ASSERT_TRUE(codec.Parse(node, json(64), &binary, &parse_error));
  EXPECT_TRUE(printing_defaults.Append(node, binary, &out, &err)) << err;
  ASSERT_TRUE(codec.Parse(node, json(65), &binary, &parse_error));
  EXPECT_FALSE(printing_defaults.Append(node, binary, &out, &err));
  EXPECT_EQ(err,
            "it nests messages more than 64 levels deep, past what protobuf "
            "3.21's JSON printer shows; --format text shows it");
  // Text format: 100 nested messages go, 101 do not.
  FormatOptions text_options;
  text_options.format = MessageFormat::kText;
  Codec text(&pool, text_options);
  auto nested_text = [](int nested) {
    std::string text;
    for (int i = 0; i < nested; ++i) text += "child { ";
    for (int i = 0; i < nested; ++i) text += "} ";
    return text;
  };
  EXPECT_TRUE(text.Parse(node, nested_text(100), &binary, &parse_error))
      << parse_error.what;
  EXPECT_FALSE(text.Parse(node, nested_text(101), &binary, &parse_error));
  EXPECT_NE(parse_error.what.find("recursion limit of 100"), std::string::npos)
      << parse_error.what;
}

// Responses that parse but that protobuf's JSON printer shows wrong are
// shown as their bytes mean them, or refused (json_showable.h).
TEST_F(CodecTest, ResponsesJsonWouldMisstateAreShownTrulyOrRefused) {
  FormatOptions options;
  options.compact = true;
  Codec codec(files_.pool(), options);
  std::string out, err;
  // label "a", then code 5, of the same oneof: the last one wins.
  ASSERT_TRUE(codec.Append(*sample_,
                           std::string("\xba\x01\x01"
                                       "a\xc0\x01\x05"),
                           &out, &err))
      << err;
  EXPECT_EQ(out, R"({"code":5})");
  // timeout: 1 s and -1 ns, which protobuf printed as "1.294967295s".
  std::string nanos = std::string("\x10") + std::string(9, '\xff') + "\x01";
  std::string duration = "\x08\x01" + nanos;
  out.clear();
  EXPECT_FALSE(codec.Append(
      *sample_,
      "\xea\x01" + std::string(1, static_cast<char>(duration.size())) +
          duration,
      &out, &err));
  EXPECT_EQ(err,
            "field \"timeout\": a google.protobuf.Duration of 1 s and -1 ns "
            "is not valid: its seconds and nanos have different signs; "
            "--format text shows it as sent");
  EXPECT_EQ(out, "");
  // numbers (18), packed, with a varint 11 bytes long: protobuf's printer
  // looped, taking memory until the process died.
  out.clear();
  EXPECT_FALSE(codec.Append(
      *sample_, "\x92\x01\x0b" + std::string(10, '\xff') + "\x01", &out, &err));
  EXPECT_EQ(err,
            "not a valid demo.Sample in protobuf wire format, or a string in "
            "it is not UTF-8");
  // attributes {"k": Value with no kind}, which protobuf left out.
  std::string entry("\x0a\x01k\x12\x00", 5);
  std::string attributes = "\x0a" + std::string(1, char(entry.size())) + entry;
  EXPECT_FALSE(codec.Append(
      *sample_,
      "\xf2\x01" + std::string(1, char(attributes.size())) + attributes, &out,
      &err));
  EXPECT_NE(err.find("field \"attributes.k\": a google.protobuf.Value with "
                     "no kind set"),
            std::string::npos)
      << err;
}

}  // namespace
}  // namespace rpccli
