// Parsing and resolving the names users type for methods and symbols:
// `pkg.Service/Method`, `pkg.Service.Method`, or a unique suffix of either.
#ifndef RPCCLI_SCHEMA_SYMBOL_H_
#define RPCCLI_SCHEMA_SYMBOL_H_

#include <google/protobuf/descriptor.h>

#include <string>
#include <vector>

namespace rpccli {

/// A method name split into its service part (possibly empty or partial)
/// and the method itself.
struct MethodName {
  std::string service;
  std::string method;
};

/// Splits at the last '/', else at the last '.', after dropping a leading
/// '/' or '.'; a name with neither is a bare method name.
MethodName SplitMethodName(const std::string& name);

/// The name gRPC puts on the wire: `/pkg.Service/Method`.
std::string WirePath(const google::protobuf::MethodDescriptor& method);

/// Why a name found nothing: unknown (a service or message named where a
/// method belongs among them), unknown but near a name it suggests, or
/// ambiguous (the candidates listed).
enum class NameMiss { kNone, kUnknown, kNearMiss, kAmbiguous };

/// Finds the one method among `services` that `name` names, exactly or as a
/// unique suffix. On failure `err` says why, and `miss`, if given, which
/// kind of failure it was.
const google::protobuf::MethodDescriptor* ResolveMethod(
    const std::vector<const google::protobuf::ServiceDescriptor*>& services,
    const std::string& name, std::string* err, NameMiss* miss = nullptr);

/// Finds the one service among full service `names` that `name` names,
/// exactly or as a unique suffix, with errors as for ResolveMethod; returns
/// "" on failure.
std::string ResolveServiceName(const std::vector<std::string>& names,
                               const std::string& name, std::string* err);

}  // namespace rpccli

#endif  // RPCCLI_SCHEMA_SYMBOL_H_
