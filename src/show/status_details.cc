#include "show/status_details.h"

#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/type_resolver_util.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "base/base64.h"
#include "codec/type_url.h"
#include "error_details.pb.h"
#include "status.pb.h"
#include "transport/http/http_protocol.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

// The error detail types compiled into rpccli, whatever the schema says.
bool JsonFromBuiltin(const pb::Any& any, std::string* json) {
  if (any.type_url().empty()) return false;
  std::string name = TypeNameOfUrl(any.type_url());
  // Linking error_details.pb.cc registers every google.rpc detail type.
  (void)google::rpc::ErrorInfo::descriptor();
  if (name.rfind("google.rpc.", 0) != 0 ||
      pb::DescriptorPool::generated_pool()->FindMessageTypeByName(name) ==
          nullptr) {
    return false;
  }
  static const std::unique_ptr<pb::util::TypeResolver> resolver(
      pb::util::NewTypeResolverForDescriptorPool(
          "type.googleapis.com", pb::DescriptorPool::generated_pool()));
  return pb::util::BinaryToJsonString(resolver.get(),
                                      "type.googleapis.com/google.protobuf.Any",
                                      any.SerializeAsString(), json)
      .ok();
}

// The detail's type, if rpccli or the schema knows it: then its value must
// parse as one, or the detail would print as if empty.
const pb::Descriptor* DetailType(const pb::Any& any,
                                 const pb::DescriptorPool* schema) {
  std::string name = TypeNameOfUrl(any.type_url());
  const pb::Descriptor* type =
      pb::DescriptorPool::generated_pool()->FindMessageTypeByName(name);
  if (type == nullptr && schema != nullptr) {
    type = schema->FindMessageTypeByName(name);
  }
  return type;
}

bool ValueParses(const pb::Descriptor& type, const std::string& value) {
  pb::DynamicMessageFactory dynamic(type.file()->pool());
  const pb::Message* prototype =
      type.file()->pool() == pb::DescriptorPool::generated_pool()
          ? pb::MessageFactory::generated_factory()->GetPrototype(&type)
          : dynamic.GetPrototype(&type);
  std::unique_ptr<pb::Message> message(prototype->New());
  return message->ParsePartialFromString(value);  // required or not
}

// Server text in JSON: bytes that are not UTF-8 are replaced, not thrown
// over.
std::string Dump(const nlohmann::ordered_json& json) {
  return json.dump(-1, ' ', false,
                   nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace

std::vector<std::string> DecodeStatusDetails(const grpc::Status& status,
                                             const Codec& codec) {
  std::vector<std::string> details;
  google::rpc::Status rpc_status;
  if (status.error_details().empty()) return details;
  std::string sent;
  if (NotBase64Details(status.error_details(), &sent)) {
    details.push_back(Dump(nlohmann::ordered_json{
        {"@error", "grpc-status-details-bin is not base64"},
        {"@text", sent}}));
    return details;
  }
  if (!rpc_status.ParseFromString(status.error_details())) {
    // Said, not dropped: the server sent details nobody can read.
    details.push_back(Dump(nlohmann::ordered_json{
        {"@error",
         "grpc-status-details-bin is not a google.rpc.Status in protobuf "
         "wire format"},
        {"@value", Base64Encode(status.error_details())}}));
    return details;
  }
  // gRPC requires the two to agree; when they do not, both are shown.
  if (rpc_status.code() != static_cast<int>(status.error_code())) {
    details.push_back(Dump(nlohmann::ordered_json{
        {"@error", "grpc-status-details-bin says code " +
                       std::to_string(rpc_status.code()) +
                       ", where grpc-status says " +
                       std::to_string(static_cast<int>(status.error_code()))},
        {"code", rpc_status.code()},
        {"message", rpc_status.message()}}));
  }
  const pb::Descriptor* any_type =
      codec.pool()->FindMessageTypeByName("google.protobuf.Any");
  for (const pb::Any& any : rpc_status.details()) {
    std::string json, err;
    if (any.type_url() == kUnreadableConnectDetail) {
      details.push_back(Dump(nlohmann::ordered_json{
          {"@error",
           "a detail of the server's Connect error is not {\"type\": "
           "NAME, \"value\": BASE64}"},
          {"detail",
           nlohmann::ordered_json::parse(any.value(), nullptr, false)}}));
      continue;
    }
    const pb::Descriptor* type = DetailType(any, codec.pool());
    if (type != nullptr && !ValueParses(*type, any.value())) {
      details.push_back(Dump(nlohmann::ordered_json{
          {"@type", any.type_url()},
          {"@error", "the value is not a " + type->full_name() +
                         " in protobuf wire format"},
          {"@value", Base64Encode(any.value())}}));
      continue;
    }
    if (JsonFromBuiltin(any, &json) ||
        (any_type != nullptr &&
         codec.Append(*any_type, any.SerializeAsString(), &json, &err))) {
      details.push_back(json);
    } else if (!err.empty()) {
      // Why it cannot be shown (Anys nested past the limit, say).
      details.push_back(Dump(nlohmann::ordered_json{
          {"@type", any.type_url()},
          {"@error", err},
          {"@value", Base64Encode(any.value())}}));
    } else {
      details.push_back(Dump(nlohmann::ordered_json{
          {"@type", any.type_url()}, {"@value", Base64Encode(any.value())}}));
    }
  }
  return details;
}

}  // namespace rpccli
