// Descriptors as text, for `list` and `describe`. Pure functions: they
// return text and never print.
#ifndef RPCCLI_SHOW_DESCRIBE_TEXT_H_
#define RPCCLI_SHOW_DESCRIBE_TEXT_H_

#include <google/protobuf/descriptor.h>

#include <string>
#include <vector>

#include "schema/editions.h"

namespace rpccli {

/// One full service name per line, sorted.
std::string ListServices(std::vector<std::string> names);

/// One `pkg.Service.Method` per line, sorted.
std::string ListMethods(const google::protobuf::ServiceDescriptor& service);

/// `NAME is a KIND:` followed by its definition in .proto syntax; an
/// element of a file `written_as` gives (an editions file) as that file
/// writes it.
std::string DescribeService(const google::protobuf::ServiceDescriptor& service,
                            const WrittenAs& written_as = nullptr);

/// Describes the service, method, message, enum, enum value or field that
/// `name` names in `files` (a method may be written `pkg.Service/Method`),
/// as DescribeService does. On failure `err` says the symbol is unknown,
/// with the nearest name, or that it is a package.
bool DescribeSymbol(
    const std::vector<const google::protobuf::FileDescriptor*>& files,
    const std::string& name, std::string* text, std::string* err,
    const WrittenAs& written_as = nullptr);

/// Why `name` is neither a message nor a method in `files`: what it is
/// instead (an enum, a package...), or that it is unknown, with the
/// nearest message or method.
std::string NotAMessageOrMethod(
    const std::vector<const google::protobuf::FileDescriptor*>& files,
    const std::string& name);

}  // namespace rpccli

#endif  // RPCCLI_SHOW_DESCRIBE_TEXT_H_
