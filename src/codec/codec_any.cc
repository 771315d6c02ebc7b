// Codec: JSON for messages holding an Any whose type cannot be resolved.
// protobuf's printer fails the whole message on such an Any; grpcurl prints
// it as {"@type", "@error", "@value"} with the bytes in base64, and so does
// rpccli. Each such Any is swapped for a marker that prints, then the
// marker is replaced in the JSON. Parsing takes that form back the same
// way round: markers in the JSON, the held bytes put back in the message.
#include <google/protobuf/any.pb.h>
#include <google/protobuf/wrappers.pb.h>

#include <functional>
#include <nlohmann/json.hpp>

#include "base/base64.h"
#include "codec/codec.h"
#include "codec/type_url.h"
#include "codec/well_known_types.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;
using Json = nlohmann::ordered_json;

constexpr char kAny[] = "google.protobuf.Any";
constexpr char kMarker[] = "rpccli-unresolved-any:";
constexpr char kMarkerType[] =
    "type.googleapis.com/google.protobuf.StringValue";

struct Unresolved {
  std::string type_url;
  std::string value;
};

// Decides for one Any, given its type URL and bytes: true if it was dealt
// with; false to have a known type opened and the Anys inside it walked.
using AnyHandler = std::function<bool(
    pb::Message* any, const std::string& type_url, const std::string& value)>;

void WalkMessage(const pb::DescriptorPool& pool,
                 pb::DynamicMessageFactory* factory, pb::Message* message,
                 const AnyHandler& handle, int depth);

void WalkAny(const pb::DescriptorPool& pool, pb::DynamicMessageFactory* factory,
             pb::Message* any, const AnyHandler& handle, int depth) {
  const pb::Reflection* reflection = any->GetReflection();
  const pb::FieldDescriptor* url_field =
      any->GetDescriptor()->FindFieldByNumber(1);
  const pb::FieldDescriptor* value_field =
      any->GetDescriptor()->FindFieldByNumber(2);
  std::string type_url = reflection->GetString(*any, url_field);
  std::string value = reflection->GetString(*any, value_field);
  if (handle(any, type_url, value)) return;
  const pb::Descriptor* type =
      pool.FindMessageTypeByName(TypeNameOfUrl(type_url));
  if (type == nullptr) return;
  std::unique_ptr<pb::Message> inner(factory->GetPrototype(type)->New());
  if (inner->ParseFromString(value)) {
    WalkMessage(pool, factory, inner.get(), handle, depth + 1);
    reflection->SetString(any, value_field, inner->SerializeAsString());
  }
}

// Hands each Any in `message`, at any depth, to `handle`; known Anys are
// opened, since they may hold others in turn.
void WalkMessage(const pb::DescriptorPool& pool,
                 pb::DynamicMessageFactory* factory, pb::Message* message,
                 const AnyHandler& handle, int depth) {
  if (depth > 64) return;  // protobuf's own nesting limit is 100
  if (IsWellKnownType(*message->GetDescriptor(), kAny)) {
    WalkAny(pool, factory, message, handle, depth);
    return;
  }
  const pb::Reflection* reflection = message->GetReflection();
  std::vector<const pb::FieldDescriptor*> fields;
  reflection->ListFields(*message, &fields);
  for (const pb::FieldDescriptor* field : fields) {
    if (field->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (field->is_repeated()) {
      for (int i = 0; i < reflection->FieldSize(*message, field); ++i) {
        WalkMessage(pool, factory,
                    reflection->MutableRepeatedMessage(message, field, i),
                    handle, depth + 1);
      }
    } else {
      WalkMessage(pool, factory, reflection->MutableMessage(message, field),
                  handle, depth + 1);
    }
  }
}

// Sets an Any's type URL and bytes.
void SetAny(pb::Message* any, const std::string& type_url,
            const std::string& value) {
  const pb::Reflection* reflection = any->GetReflection();
  reflection->SetString(any, any->GetDescriptor()->FindFieldByNumber(1),
                        type_url);
  reflection->SetString(any, any->GetDescriptor()->FindFieldByNumber(2), value);
}

// Swaps each unresolvable Any inside `message` for a marker, recording what
// it held.
void MarkUnresolved(const pb::DescriptorPool& pool,
                    pb::DynamicMessageFactory* factory, pb::Message* message,
                    std::vector<Unresolved>* unresolved) {
  WalkMessage(
      pool, factory, message,
      [&pool, unresolved](pb::Message* any, const std::string& type_url,
                          const std::string& value) {
        if (type_url.empty()) return true;
        if (pool.FindMessageTypeByName(TypeNameOfUrl(type_url)) != nullptr) {
          return false;
        }
        pb::StringValue marker;
        marker.set_value(kMarker + std::to_string(unresolved->size()));
        unresolved->push_back({type_url, value});
        SetAny(any, kMarkerType, marker.SerializeAsString());
        return true;
      },
      0);
}

// Puts back what each marker stands for.
void Unmark(const std::vector<Unresolved>& unresolved, Json* json) {
  if (json->is_array()) {
    for (Json& element : *json) Unmark(unresolved, &element);
    return;
  }
  if (!json->is_object()) return;
  auto type = json->find("@type");
  auto value = json->find("value");
  if (type != json->end() && value != json->end() && *type == kMarkerType &&
      value->is_string() && value->get<std::string>().rfind(kMarker, 0) == 0) {
    size_t index =
        std::stoul(value->get<std::string>().substr(sizeof kMarker - 1));
    if (index < unresolved.size()) {
      const Unresolved& any = unresolved[index];
      *json = Json::object();
      (*json)["@type"] = any.type_url;
      std::string name = TypeNameOfUrl(any.type_url);
      (*json)["@error"] =
          (name.empty() ? "the type URL names no type"
                        : name + " is not a message in the schema") +
          std::string("; @value holds its bytes");
      (*json)["@value"] = Base64Encode(any.value);
      return;
    }
  }
  for (auto& member : json->items()) Unmark(unresolved, &member.value());
}

// The wire bytes of a google.protobuf.ListValue written as JSON.
using ListToBytes = std::function<bool(const Json& list, std::string* bytes)>;

// Parsing what Unmark printed: each {"@type", "@value"} object becomes a
// marker Any that protobuf's parser takes, its URL and bytes held aside.
// So does an Any holding a ListValue, which protobuf 3.21's parser
// refuses ("unknown field "value"") though its printer writes it.
bool MarkPrinted(Json* json, const ListToBytes& list_to_bytes,
                 std::vector<Unresolved>* held, int depth) {
  if (depth > 64) return true;
  if (json->is_array()) {
    for (Json& element : *json) {
      if (!MarkPrinted(&element, list_to_bytes, held, depth + 1)) return false;
    }
    return true;
  }
  if (!json->is_object()) return true;
  auto type = json->find("@type");
  auto value = json->find("@value");
  auto list = json->find("value");
  Unresolved any;
  if (type != json->end() && value != json->end() && type->is_string() &&
      value->is_string()) {
    any.type_url = type->get<std::string>();
    if (!Base64Decode(value->get<std::string>(), &any.value)) return false;
  } else if (type != json->end() && type->is_string() &&
             TypeNameOfUrl(type->get<std::string>()) ==
                 "google.protobuf.ListValue" &&
             json->size() == (list == json->end() ? 1 : 2)) {
    // Without "value", as protobuf prints an empty one.
    any.type_url = type->get<std::string>();
    if (list != json->end() && !list_to_bytes(*list, &any.value)) {
      return false;
    }
  } else {
    for (auto& member : json->items()) {
      if (!MarkPrinted(&member.value(), list_to_bytes, held, depth + 1)) {
        return false;
      }
    }
    return true;
  }
  *json = Json::object();
  (*json)["@type"] = kMarkerType;
  (*json)["value"] = kMarker + std::to_string(held->size());
  held->push_back(std::move(any));
  return true;
}

// Puts each held Any back where its marker is.
void Restore(const pb::DescriptorPool& pool, pb::DynamicMessageFactory* factory,
             pb::Message* message, const std::vector<Unresolved>& held) {
  WalkMessage(
      pool, factory, message,
      [&held](pb::Message* any, const std::string& type_url,
              const std::string& value) {
        pb::StringValue marker;
        if (type_url != kMarkerType || !marker.ParseFromString(value) ||
            marker.value().rfind(kMarker, 0) != 0) {
          return false;
        }
        size_t index = std::stoul(marker.value().substr(sizeof kMarker - 1));
        if (index < held.size()) {
          SetAny(any, held[index].type_url, held[index].value);
        }
        return true;
      },
      0);
}

}  // namespace

bool Codec::ParseJsonWithUnknownAny(const pb::Descriptor& type,
                                    const std::string& json,
                                    std::string* binary) const {
  Json parsed = Json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return false;
  std::vector<Unresolved> held;
  const pb::Descriptor* list_type =
      pool_->FindMessageTypeByName("google.protobuf.ListValue");
  ListToBytes list_to_bytes = [this, list_type](const Json& list,
                                                std::string* bytes) {
    std::string why;
    return list_type != nullptr && FromJson(*list_type, list.dump(), bytes, &why);
  };
  if (!MarkPrinted(&parsed, list_to_bytes, &held, 0) || held.empty()) {
    return false;
  }
  std::string marked;
  try {
    marked = parsed.dump();
  } catch (const Json::exception&) {
    return false;
  }
  std::string bytes, why;
  if (!FromJson(type, marked, &bytes, &why)) return false;
  std::unique_ptr<pb::Message> message(factory_.GetPrototype(&type)->New());
  if (!message->ParseFromString(bytes)) return false;
  Restore(*pool_, &factory_, message.get(), held);
  *binary = message->SerializeAsString();
  return true;
}

bool Codec::AppendJsonWithUnknownAny(const pb::Descriptor& type,
                                     const std::string& binary,
                                     std::string* out, std::string* err) const {
  std::unique_ptr<pb::Message> message(factory_.GetPrototype(&type)->New());
  if (!message->ParseFromString(binary)) return false;
  std::vector<Unresolved> unresolved;
  MarkUnresolved(*pool_, &factory_, message.get(), &unresolved);
  if (unresolved.empty()) return false;
  std::string compact;
  if (!ToCompactJson(type, message->SerializeAsString(), &compact, err)) {
    return false;
  }
  Json json = Json::parse(compact, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return false;
  Unmark(unresolved, &json);
  try {
    out->append(options_.compact ? json.dump() : json.dump(2));
  } catch (const Json::exception&) {
    return false;  // a proto2 string that is not UTF-8: printed without this
  }
  return true;
}

}  // namespace rpccli
