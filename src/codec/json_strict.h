// What protobuf's JSON parser lets through, alters or aborts on, but a
// request must not carry: the same field or map key twice (the last would
// win, silently), map keys that protobuf reads as one ("1" and "01"), a
// bool written as anything but true or false, an integer past its range
// or that a double rounds, a null or a list inside a list, a single value
// for a list, bytes that are not base64, a string that is not UTF-8, free
// JSON nested too deep, an Any of a well-known type with keys beside
// "value". Checked on the JSON text with the message's descriptor, so
// that the error points at the key or value at fault.
#ifndef RPCCLI_CODEC_JSON_STRICT_H_
#define RPCCLI_CODEC_JSON_STRICT_H_

#include <google/protobuf/descriptor.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace rpccli {

/// An Any in the JSON whose type the schema has, for placing protobuf's
/// complaints about what it holds: its text, read alone, is a `type`.
struct AnyInJson {
  std::string path;  // the Any's field, as written: "item", "items[1]"
  const google::protobuf::Descriptor* type;
  // Offsets in the JSON: the object, or for a type written as a value
  // (Duration...), its "value"; and the "@type" member with a comma
  // beside it, which blanked out leaves the object's text a `type`.
  size_t begin;
  size_t end;
  size_t blank_begin;
  size_t blank_end;
};

/// What the check found on its way that protobuf's parser needs help with.
struct JsonStrictFindings {
  std::vector<AnyInJson> anys;  // each Any read whole, in order
  // Offsets of each `-0` written as a double or float (a Value's number
  // included): protobuf reads it as the integer 0, so +0.0; `-0.0` it
  // reads as written.
  std::vector<size_t> negative_zeros;
};

/// False, with `what` and the 1-based `line` and `column` of the fault,
/// if `json` (a `type` as JSON) has one of the faults above. Text that is
/// not JSON, or values of the wrong kind, pass: protobuf's parser reports
/// those.
/// `found`, if not null, gets what is listed above.
bool CheckJsonStrictly(const google::protobuf::Descriptor& type,
                       std::string_view json, std::string* what, int* line,
                       int* column, JsonStrictFindings* found = nullptr);

/// `json` with each `-0` at `negative_zeros` written `-0.0`, which
/// protobuf's parser reads as the double -0.
std::string WithNegativeZerosAsDoubles(
    std::string_view json, const std::vector<size_t>& negative_zeros);

}  // namespace rpccli

#endif  // RPCCLI_CODEC_JSON_STRICT_H_
