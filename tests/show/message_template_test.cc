#include "show/message_template.h"

#include <gtest/gtest.h>

#include "codec/codec.h"
#include "schema/proto_files.h"
#include "temp_dir.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

std::string Template(const std::string& proto, const std::string& type_name) {
  TempDir dir;
  dir.Write("t.proto", proto);
  ProtoFiles files;
  SchemaOptions schema;
  schema.import_paths = {dir.path()};
  schema.proto_files = {"t.proto"};
  std::string err;
  if (!files.Load(schema, &err)) return "error: " + err;
  const pb::Descriptor* type = files.pool()->FindMessageTypeByName(type_name);
  pb::DynamicMessageFactory factory(files.pool());
  FormatOptions format;
  format.emit_defaults = true;
  format.compact = true;
  Codec codec(files.pool(), format);
  std::string out;
  if (!codec.Append(*type, TemplateMessage(*type, &factory), &out, &err)) {
    return "error: " + err;
  }
  return out;
}

TEST(TemplateMessage, FillsEveryKindOfField) {
  EXPECT_EQ(
      Template(R"(syntax = "proto3";
    import "google/protobuf/timestamp.proto";
    import "google/protobuf/struct.proto";
    enum E { E_ZERO = 0; E_ONE = 1; }
    message Inner { int64 n = 1; }
    message M {
      string s = 1;
      repeated int32 r = 2;
      map<string, Inner> m = 3;
      Inner inner = 4;
      E e = 5;
      oneof choice { bytes b = 6; Inner other = 7; }
      google.protobuf.Timestamp t = 8;
      google.protobuf.Value v = 9;
      google.protobuf.Struct st = 10;
    })",
               "M"),
      // In declaration order, oneof and well-known types included.
      R"({"s":"","r":[0],"m":{"":{"n":"0"}},"inner":{"n":"0"},"e":"E_ZERO",)"
      R"("b":"","t":"1970-01-01T00:00:00Z","v":null,"st":{}})");
}

TEST(TemplateMessage, ARecursiveTypeIsFilledOnce) {
  // Inside itself the type is not filled in, or the template would never
  // end: the field shows as null.
  EXPECT_EQ(Template(R"(syntax = "proto3";
    message Node { string name = 1; Node next = 2; repeated Node children = 3; })",
                     "Node"),
            R"({"name":"","next":null,"children":[]})");
}

// What the template holds must print: a FieldMask path "" has no JSON
// form, and a map entry of a type already open would lack its required
// fields.
TEST(TemplateMessage, WhatCannotPrintIsLeftEmpty) {
  EXPECT_EQ(Template(R"(syntax = "proto2";
    import "google/protobuf/field_mask.proto";
    message Q {
      required int32 a = 1;
      map<string, Q> c = 2;
      optional google.protobuf.FieldMask m = 3;
    })",
                     "Q"),
            R"({"a":0,"c":{},"m":""})");
}

TEST(TemplateMessage, AnotherTypeNamedLikeValueIsFilledAsItIs) {
  // Found by fuzzing: a Value without null_value crashed the template.
  // protobuf's JSON printer goes by the name, and printed it as an empty
  // well-known Value: JSON is refused, saying why.
  EXPECT_EQ(Template(R"(syntax = "proto3"; package google.protobuf;
    message Value { string text = 1; })",
                     "google.protobuf.Value"),
            "error: the message: a google.protobuf.Value that is not "
            "protobuf's own (the schema defines one of that name) has no JSON "
            "form: protobuf's printer takes it for the real one; --format text "
            "shows it as sent");
}

}  // namespace
}  // namespace rpccli
