// A message with every field filled in, as a JSON template for `call`:
// one element in each repeated field and map, nested messages filled in,
// the first member of each oneof.
#ifndef RPCCLI_SHOW_MESSAGE_TEMPLATE_H_
#define RPCCLI_SHOW_MESSAGE_TEMPLATE_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>

#include <string>

namespace rpccli {

/// The wire bytes of a `type` message with every field present. Print them
/// with defaults emitted to get the template. A message type that contains
/// itself is filled in once, not forever.
std::string TemplateMessage(const google::protobuf::Descriptor& type,
                            google::protobuf::DynamicMessageFactory* factory);

}  // namespace rpccli

#endif  // RPCCLI_SHOW_MESSAGE_TEMPLATE_H_
