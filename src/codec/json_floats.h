// protobuf's JSON printer writes floats and doubles with 6 or 9 (15 or 17)
// significant digits, whichever reads back: 3.40282347e+38 for a float
// whose shortest form is 3.4028235e+38. rpccli prints the shortest, as its
// own fast printer does, by rewriting those numbers in protobuf's output.
#ifndef RPCCLI_CODEC_JSON_FLOATS_H_
#define RPCCLI_CODEC_JSON_FLOATS_H_

#include <google/protobuf/descriptor.h>

#include <string>

namespace rpccli {

/// `json`, the compact JSON protobuf printed for a `type` message (field
/// names as JSON names, or .proto names with `proto_names`), with each
/// number that is a float or double written by AppendShortest: fields,
/// lists and map values, google.protobuf.FloatValue and DoubleValue, the
/// numbers of google.protobuf.Value, and inside an Any whose type the
/// message's pool knows. Returns `json` unchanged if it holds no such
/// number or does not read as protobuf writes it.
std::string ShortenFloats(const google::protobuf::Descriptor& type,
                          const std::string& json, bool proto_names);

}  // namespace rpccli

#endif  // RPCCLI_CODEC_JSON_FLOATS_H_
