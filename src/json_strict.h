// What protobuf's JSON parser lets through, alters or aborts on, but a
// request must not carry: the same field or map key twice (the last would
// win, silently), map keys that protobuf reads as one ("1" and "01"), a
// bool written as anything but true or false, an integer past its range
// or that a double rounds, a null or a list inside a list, a single value
// for a list, bytes that are not base64, a string that is not UTF-8, free
// JSON nested too deep, an Any of a well-known type with keys beside
// "value". Checked on the JSON text with the message's descriptor, so
// that the error points at the key or value at fault.
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
