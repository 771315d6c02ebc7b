// What protobuf's JSON parser lets through but a request must not carry:
// the same field twice (the last would win, silently), a map key twice, a
// bool written as anything but true or false, a 64-bit integer past its
// range (protobuf clamps one just below -2^63), bytes that are not base64.
// Checked on the JSON text with the message's descriptor, so that the
// error points at the key or value at fault.
#ifndef RPCCLI_JSON_STRICT_H_
#define RPCCLI_JSON_STRICT_H_

#include <google/protobuf/descriptor.h>

#include <string>
#include <string_view>

namespace rpccli {

/// False, with `what` and the 1-based `line` and `column` of the fault,
/// if `json` (a `type` as JSON) has one of the faults above. Text that is
/// not JSON, or values of the wrong kind, pass: protobuf's parser reports
/// those.
bool CheckJsonStrictly(const google::protobuf::Descriptor& type,
                       std::string_view json, std::string* what, int* line,
                       int* column);

}  // namespace rpccli

#endif  // RPCCLI_JSON_STRICT_H_
