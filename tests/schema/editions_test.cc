#include "schema/editions.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace rpccli {
namespace {

namespace pb = google::protobuf;

// Numbers from protobuf 27's descriptor.proto, which 3.21 keeps as
// unknown fields: the edition of a file, where each options message holds
// its features, and the features' own numbers and values.
constexpr int kEdition = 14;
constexpr int kFileFeatures = 50, kMessageFeatures = 12, kFieldFeatures = 21,
              kEnumFeatures = 7;
constexpr int kPresence = 1, kEnumType = 2, kRepeated = 3, kUtf8 = 4,
              kMessageEncoding = 5;
constexpr int kExplicit = 1, kImplicit = 2, kRequired = 3;
constexpr int kClosed = 2, kPacked = 1, kExpanded = 2, kNone = 3,
              kDelimited = 2;

pb::FileDescriptorProto EditionsFile(const char* text, int edition = 1000) {
  pb::FileDescriptorProto file;
  EXPECT_TRUE(pb::TextFormat::ParseFromString(text, &file)) << text;
  file.set_syntax("editions");
  file.GetReflection()->MutableUnknownFields(&file)->AddVarint(kEdition,
                                                               edition);
  return file;
}

void SetFeatures(pb::Message* options, int number,
                 std::vector<std::pair<int, int>> features) {
  pb::UnknownFieldSet set;
  for (const auto& feature : features) {
    set.AddVarint(feature.first, feature.second);
  }
  std::string bytes;
  set.SerializeToString(&bytes);
  options->GetReflection()->MutableUnknownFields(options)->AddLengthDelimited(
      number, bytes);
}

std::string Lower(pb::FileDescriptorProto* file,
                  const EnumOpenness& enum_is_open = nullptr) {
  std::string lowered_to;
  std::string err;
  if (!LowerEditions(file, enum_is_open, &lowered_to, &err)) return err;
  return lowered_to;
}

constexpr char kPlain[] = R"pb(
  name: "plain.proto"
  package: "p"
  message_type {
    name: "M"
    field {
      name: "x"
      number: 1
      label: LABEL_OPTIONAL
      type: TYPE_INT32
      json_name: "x"
    }
    field {
      name: "s"
      number: 2
      label: LABEL_OPTIONAL
      type: TYPE_STRING
      json_name: "s"
    }
    field {
      name: "r"
      number: 3
      label: LABEL_REPEATED
      type: TYPE_INT32
      json_name: "r"
    }
    field {
      name: "m"
      number: 4
      label: LABEL_OPTIONAL
      type: TYPE_MESSAGE
      type_name: ".p.M"
      json_name: "m"
    }
    field {
      name: "a"
      number: 5
      label: LABEL_OPTIONAL
      type: TYPE_INT32
      oneof_index: 0
      json_name: "a"
    }
    field {
      name: "counts"
      number: 6
      label: LABEL_REPEATED
      type: TYPE_MESSAGE
      type_name: ".p.M.CountsEntry"
      json_name: "counts"
    }
    nested_type {
      name: "CountsEntry"
      field {
        name: "key"
        number: 1
        label: LABEL_OPTIONAL
        type: TYPE_STRING
        json_name: "key"
      }
      field {
        name: "value"
        number: 2
        label: LABEL_OPTIONAL
        type: TYPE_INT32
        json_name: "value"
      }
      options { map_entry: true }
    }
    oneof_decl { name: "choice" }
  }
  enum_type {
    name: "E"
    value { name: "E_ZERO" number: 0 }
    value { name: "E_ONE" number: 1 }
  }
)pb";

TEST(Editions, AFileOfDefaultsIsProto3WithEveryScalarOptional) {
  pb::FileDescriptorProto file = EditionsFile(kPlain);
  ASSERT_EQ(Lower(&file), "proto3");
  pb::DescriptorPool pool;
  const pb::FileDescriptor* built = pool.BuildFile(file);
  ASSERT_NE(built, nullptr);
  const pb::Descriptor& m = *pool.FindMessageTypeByName("p.M");
  // Explicit presence, as edition 2023 gives every singular field.
  EXPECT_TRUE(m.FindFieldByName("x")->has_presence());
  EXPECT_TRUE(m.FindFieldByName("s")->has_presence());
  EXPECT_EQ(m.FindFieldByName("x")->containing_oneof()->name(), "_x");
  // The real oneof keeps its place, before the synthetic ones.
  EXPECT_EQ(m.oneof_decl(0)->name(), "choice");
  EXPECT_EQ(m.FindFieldByName("a")->containing_oneof()->name(), "choice");
  EXPECT_TRUE(m.FindFieldByName("r")->is_packed());
  EXPECT_TRUE(m.FindFieldByName("counts")->is_map());
  EXPECT_EQ(pool.FindEnumTypeByName("p.E")->file()->syntax(),
            pb::FileDescriptor::SYNTAX_PROTO3);

  // A zero that was set goes on the wire, as explicit presence says.
  pb::DynamicMessageFactory factory(&pool);
  std::unique_ptr<pb::Message> message(factory.GetPrototype(&m)->New());
  message->GetReflection()->SetInt32(message.get(), m.FindFieldByName("x"), 0);
  EXPECT_EQ(message->SerializeAsString(), std::string("\x08\x00", 2));
}

TEST(Editions, ImplicitPresenceIsProto3sSingularField) {
  pb::FileDescriptorProto file = EditionsFile(kPlain);
  SetFeatures(file.mutable_options(), kFileFeatures, {{kPresence, kImplicit}});
  // One field says otherwise.
  SetFeatures(file.mutable_message_type(0)->mutable_field(1)->mutable_options(),
              kFieldFeatures, {{kPresence, kExplicit}});
  ASSERT_EQ(Lower(&file), "proto3");
  pb::DescriptorPool pool;
  ASSERT_NE(pool.BuildFile(file), nullptr);
  const pb::Descriptor& m = *pool.FindMessageTypeByName("p.M");
  EXPECT_FALSE(m.FindFieldByName("x")->has_presence());
  EXPECT_TRUE(m.FindFieldByName("s")->has_presence());
  EXPECT_TRUE(m.FindFieldByName("m")->has_presence());

  pb::DynamicMessageFactory factory(&pool);
  std::unique_ptr<pb::Message> message(factory.GetPrototype(&m)->New());
  message->GetReflection()->SetInt32(message.get(), m.FindFieldByName("x"), 0);
  EXPECT_EQ(message->SerializeAsString(), "");
}

TEST(Editions, ExpandedListsAreUnpackedInProto3) {
  pb::FileDescriptorProto file = EditionsFile(kPlain);
  SetFeatures(file.mutable_message_type(0)->mutable_options(), kMessageFeatures,
              {{kRepeated, kExpanded}});
  ASSERT_EQ(Lower(&file), "proto3");
  pb::DescriptorPool pool;
  ASSERT_NE(pool.BuildFile(file), nullptr);
  EXPECT_FALSE(
      pool.FindMessageTypeByName("p.M")->FindFieldByName("r")->is_packed());
}

constexpr char kLegacy[] = R"pb(
  name: "legacy.proto"
  package: "q"
  message_type {
    name: "Order"
    field {
      name: "id"
      number: 1
      label: LABEL_OPTIONAL
      type: TYPE_INT64
      json_name: "id"
    }
    field {
      name: "state"
      number: 2
      label: LABEL_OPTIONAL
      type: TYPE_ENUM
      type_name: ".q.State"
      json_name: "state"
    }
    field {
      name: "item"
      number: 3
      label: LABEL_OPTIONAL
      type: TYPE_MESSAGE
      type_name: ".q.Item"
      json_name: "item"
    }
    field {
      name: "codes"
      number: 4
      label: LABEL_REPEATED
      type: TYPE_INT32
      json_name: "codes"
    }
    field {
      name: "tags"
      number: 5
      label: LABEL_REPEATED
      type: TYPE_INT32
      json_name: "tags"
    }
    field {
      name: "note"
      number: 6
      label: LABEL_OPTIONAL
      type: TYPE_STRING
      default_value: "none"
      json_name: "note"
    }
  }
  message_type {
    name: "Item"
    field {
      name: "n"
      number: 1
      label: LABEL_OPTIONAL
      type: TYPE_INT32
      json_name: "n"
    }
  }
  enum_type {
    name: "State"
    value { name: "NEW" number: 1 }
    value { name: "DONE" number: 2 }
  }
)pb";

TEST(Editions, ClosedEnumsRequiredAndDelimitedFieldsAreProto2) {
  pb::FileDescriptorProto file = EditionsFile(kLegacy);
  SetFeatures(file.mutable_options(), kFileFeatures,
              {{kEnumType, kClosed}, {kRepeated, kExpanded}, {kUtf8, kNone}});
  pb::DescriptorProto& order = *file.mutable_message_type(0);
  SetFeatures(order.mutable_field(0)->mutable_options(), kFieldFeatures,
              {{kPresence, kRequired}});
  SetFeatures(order.mutable_field(2)->mutable_options(), kFieldFeatures,
              {{kMessageEncoding, kDelimited}});
  SetFeatures(order.mutable_field(4)->mutable_options(), kFieldFeatures,
              {{kRepeated, kPacked}});
  ASSERT_EQ(Lower(&file), "proto2");
  pb::DescriptorPool pool;
  ASSERT_NE(pool.BuildFile(file), nullptr);
  const pb::Descriptor& m = *pool.FindMessageTypeByName("q.Order");
  EXPECT_TRUE(m.FindFieldByName("id")->is_required());
  EXPECT_EQ(m.FindFieldByName("item")->type(), pb::FieldDescriptor::TYPE_GROUP);
  EXPECT_FALSE(m.FindFieldByName("codes")->is_packed());
  EXPECT_TRUE(m.FindFieldByName("tags")->is_packed());
  EXPECT_EQ(m.FindFieldByName("note")->default_value_string(), "none");

  // A value the closed enum lacks is kept as an unknown field.
  pb::DynamicMessageFactory factory(&pool);
  std::unique_ptr<pb::Message> message(factory.GetPrototype(&m)->New());
  ASSERT_TRUE(message->ParsePartialFromString(std::string("\x10\x07", 2)));
  EXPECT_FALSE(
      message->GetReflection()->HasField(*message, m.FindFieldByName("state")));
  EXPECT_EQ(message->GetReflection()->GetUnknownFields(*message).field_count(),
            1);
}

TEST(Editions, AFileNeedingBothSyntaxesIsRefusedNamingOneOfEach) {
  pb::FileDescriptorProto file = EditionsFile(kPlain);
  SetFeatures(file.mutable_message_type(0)->mutable_field(0)->mutable_options(),
              kFieldFeatures, {{kPresence, kRequired}});
  pb::FileDescriptorProto before = file;
  EXPECT_EQ(Lower(&file),
            "edition 2023 file that protobuf 3.21 cannot hold: "
            "enum p.E (enum_type OPEN) has proto3's meaning and field p.M.x "
            "(field_presence LEGACY_REQUIRED) proto2's, and no file of "
            "protobuf 3.21 holds both");
  EXPECT_EQ(file.SerializeAsString(), before.SerializeAsString());
}

TEST(Editions, AnEnumOfAnotherFileIsOpenOrClosedAsThatFileSays) {
  pb::FileDescriptorProto file = EditionsFile(R"pb(
    name: "user.proto"
    package: "u"
    dependency: "enums.proto"
    message_type {
      name: "U"
      field {
        name: "e"
        number: 1
        label: LABEL_OPTIONAL
        type: TYPE_ENUM
        type_name: ".x.Closed"
        json_name: "e"
      }
    }
  )pb");
  std::vector<std::string> asked;
  EnumOpenness closed = [&asked](const std::string& name, bool* open) {
    asked.push_back(name);
    *open = false;
    return true;
  };
  pb::FileDescriptorProto copy = file;
  EXPECT_EQ(Lower(&copy, closed), "proto2");
  EXPECT_EQ(asked, std::vector<std::string>{"x.Closed"});

  EnumOpenness open = [](const std::string&, bool* is_open) {
    *is_open = true;
    return true;
  };
  SetFeatures(file.mutable_message_type(0)->mutable_options(), kMessageFeatures,
              {{kPresence, kRequired}});
  EXPECT_EQ(Lower(&file, open),
            "edition 2023 file that protobuf 3.21 cannot hold: "
            "field u.U.e (of the open enum x.Closed) has proto3's meaning and "
            "field u.U.e (field_presence LEGACY_REQUIRED) proto2's, and no "
            "file of protobuf 3.21 holds both");
}

TEST(Editions, IsOpenEnumReadsEachSyntax) {
  pb::FileDescriptorProto proto2;
  ASSERT_TRUE(pb::TextFormat::ParseFromString(
      R"pb(name: "a.proto"
           package: "a"
           syntax: "proto2"
           message_type {
             name: "M"
             enum_type {
               name: "In"
               value { name: "Z" number: 0 }
             }
           })pb",
      &proto2));
  bool open = true;
  ASSERT_TRUE(IsOpenEnum(proto2, "a.M.In", &open));
  EXPECT_FALSE(open);
  EXPECT_FALSE(IsOpenEnum(proto2, "a.M.Other", &open));

  pb::FileDescriptorProto proto3 = proto2;
  proto3.set_syntax("proto3");
  ASSERT_TRUE(IsOpenEnum(proto3, "a.M.In", &open));
  EXPECT_TRUE(open);

  pb::FileDescriptorProto editions = EditionsFile(kPlain);
  ASSERT_TRUE(IsOpenEnum(editions, "p.E", &open));
  EXPECT_TRUE(open);
  SetFeatures(editions.mutable_enum_type(0)->mutable_options(), kEnumFeatures,
              {{kEnumType, kClosed}});
  ASSERT_TRUE(IsOpenEnum(editions, "p.E", &open));
  EXPECT_FALSE(open);
}

TEST(Editions, JsonNamesThatMayClashAreProto2sWhereNothingNeedsProto3) {
  pb::FileDescriptorProto file = EditionsFile(R"pb(
    name: "j.proto"
    package: "j"
    message_type {
      name: "M"
      field {
        name: "foo_bar"
        number: 1
        label: LABEL_OPTIONAL
        type: TYPE_INT32
        json_name: "fooBar"
      }
      field {
        name: "fooBar"
        number: 2
        label: LABEL_OPTIONAL
        type: TYPE_INT32
        json_name: "fooBar"
      }
    }
  )pb");
  constexpr int kJsonFormat = 6, kLegacyBestEffort = 2;
  SetFeatures(file.mutable_options(), kFileFeatures,
              {{kJsonFormat, kLegacyBestEffort}});
  ASSERT_EQ(Lower(&file), "proto2");
  pb::DescriptorPool pool;
  EXPECT_NE(pool.BuildFile(file), nullptr);
}

TEST(Editions, AnEditionRpccliDoesNotKnowIsRefused) {
  pb::FileDescriptorProto file = EditionsFile(kPlain, 1001);
  EXPECT_EQ(Lower(&file), "proto3");
  EXPECT_EQ(EditionName(file), "2024");
  pb::FileDescriptorProto future = EditionsFile(kPlain, 99999);
  EXPECT_EQ(Lower(&future),
            "written in Protobuf Editions, edition numbered "
            "99999, which rpccli does not know: it reads editions 2023 and "
            "2024");
}

TEST(Editions, ASyntheticOneofTakesANameNoMemberHas) {
  pb::FileDescriptorProto file = EditionsFile(R"pb(
    name: "n.proto"
    package: "n"
    message_type {
      name: "M"
      field {
        name: "x"
        number: 1
        label: LABEL_OPTIONAL
        type: TYPE_INT32
        json_name: "x"
      }
      field {
        name: "_x"
        number: 2
        label: LABEL_OPTIONAL
        type: TYPE_INT32
        json_name: "X"
      }
    }
  )pb");
  ASSERT_EQ(Lower(&file), "proto3");
  EXPECT_EQ(file.message_type(0).oneof_decl(0).name(), "X_x");
  EXPECT_EQ(file.message_type(0).oneof_decl(1).name(), "__x");
}

TEST(Editions, ProtoFilesAreNotEditionsFiles) {
  pb::FileDescriptorProto file;
  file.set_syntax("proto3");
  EXPECT_FALSE(IsEditionsFile(file));
  EXPECT_TRUE(IsEditionsFile(EditionsFile(kPlain)));
}

}  // namespace
}  // namespace rpccli
