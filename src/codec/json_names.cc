#include "codec/json_names.h"

#include <map>
#include <set>
#include <vector>

namespace rpccli {

namespace pb = google::protobuf;
using Field = pb::FieldDescriptor;

namespace {

std::string ClashIn(const pb::Descriptor& type) {
  std::map<std::string, const Field*> by_json_name;
  for (int i = 0; i < type.field_count(); ++i) {
    const Field* field = type.field(i);
    auto inserted = by_json_name.emplace(field->json_name(), field);
    if (!inserted.second) {
      return type.full_name() + ": fields " + inserted.first->second->name() +
             " and " + field->name() + " are both \"" + field->json_name() +
             "\" in JSON";
    }
  }
  return "";
}

// The fields `key` names: by JSON names, which may clash, or by the
// .proto name, which is unique.
std::vector<const Field*> FieldsNamed(const pb::Descriptor& type,
                                      const std::string& key) {
  std::vector<const Field*> named;
  for (int i = 0; i < type.field_count(); ++i) {
    const Field* field = type.field(i);
    if (field->json_name() == key || field->name() == key) {
      named.push_back(field);
    }
  }
  return named;
}

// A key that names `field` and nothing else, or "".
std::string OwnKey(const pb::Descriptor& type, const Field& field) {
  for (const std::string* key : {&field.json_name(), &field.name()}) {
    if (FieldsNamed(type, *key).size() == 1) return *key;
  }
  return "";
}

}  // namespace

std::string JsonNameClash(const pb::Descriptor& type) {
  // Without recursion: a schema from a server may nest types deeply.
  std::set<const pb::Descriptor*> seen{&type};
  std::vector<const pb::Descriptor*> pending{&type};
  while (!pending.empty()) {
    const pb::Descriptor* message = pending.back();
    pending.pop_back();
    std::string clash = ClashIn(*message);
    if (!clash.empty()) return clash;
    for (int i = 0; i < message->field_count(); ++i) {
      const pb::Descriptor* held = message->field(i)->message_type();
      if (held != nullptr && seen.insert(held).second) {
        pending.push_back(held);
      }
    }
  }
  return "";
}

const Field* FieldByJsonKey(const pb::Descriptor& type, const std::string& key,
                            std::string* ambiguous) {
  std::vector<const Field*> named = FieldsNamed(type, key);
  if (named.size() <= 1) return named.empty() ? nullptr : named[0];
  *ambiguous = "\"" + key + "\" names " + std::to_string(named.size()) +
               " fields of " + type.full_name() + ":";
  std::string unreachable;
  for (size_t i = 0; i < named.size(); ++i) {
    const Field& field = *named[i];
    std::string own = OwnKey(type, field);
    *ambiguous += (i == 0 ? " " : "; ") + field.name() +
                  (own.empty() ? " (no other key names it: use --format text)"
                               : " (write \"" + own + "\" for it)");
  }
  return nullptr;
}

}  // namespace rpccli
