#include "codec/any_nesting.h"

#include <memory>
#include <string>
#include <vector>

#include "codec/type_url.h"
#include "codec/well_known_types.h"

namespace rpccli {

namespace pb = google::protobuf;

namespace {

bool TooDeep(const pb::Message& message, pb::DynamicMessageFactory* factory,
             int anys_above);

// An Any's value as its type, if the pool that defines the Any, or the
// generated one, knows it and it parses.
std::unique_ptr<pb::Message> Opened(const pb::Message& any,
                                    pb::DynamicMessageFactory* factory) {
  const pb::Reflection& reflection = *any.GetReflection();
  const pb::Descriptor& type = *any.GetDescriptor();
  std::string url = reflection.GetString(any, type.FindFieldByNumber(1));
  std::string name = TypeNameOfUrl(url);
  const pb::Message* prototype = nullptr;
  if (const pb::Descriptor* held =
          type.file()->pool()->FindMessageTypeByName(name)) {
    prototype = type.file()->pool() == pb::DescriptorPool::generated_pool()
                    ? pb::MessageFactory::generated_factory()->GetPrototype(held)
                    : factory->GetPrototype(held);
  }
  if (prototype == nullptr) return nullptr;
  std::unique_ptr<pb::Message> opened(prototype->New());
  if (!opened->ParsePartialFromString(
          reflection.GetString(any, type.FindFieldByNumber(2)))) {
    return nullptr;
  }
  return opened;
}

bool TooDeep(const pb::Message& message, pb::DynamicMessageFactory* factory,
             int anys_above) {
  const pb::Descriptor& type = *message.GetDescriptor();
  if (IsWellKnownType(type, "google.protobuf.Any")) {
    if (++anys_above > kMaxAnyNesting) return true;
    std::unique_ptr<pb::Message> opened = Opened(message, factory);
    return opened != nullptr && TooDeep(*opened, factory, anys_above);
  }
  const pb::Reflection& reflection = *message.GetReflection();
  std::vector<const pb::FieldDescriptor*> fields;
  reflection.ListFields(message, &fields);
  for (const pb::FieldDescriptor* field : fields) {
    if (field->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (!field->is_repeated()) {
      if (TooDeep(reflection.GetMessage(message, field), factory, anys_above)) {
        return true;
      }
      continue;
    }
    for (int i = 0; i < reflection.FieldSize(message, field); ++i) {
      if (TooDeep(reflection.GetRepeatedMessage(message, field, i), factory,
                  anys_above)) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

bool AnysNestTooDeep(const pb::Message& message,
                     pb::DynamicMessageFactory* factory) {
  return TooDeep(message, factory, 0);
}

}  // namespace rpccli
