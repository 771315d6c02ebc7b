// Indents compact JSON. protobuf's own printer indents by one space; rpccli
// prints two, as grpcurl and most JSON tools do.
#ifndef RPCCLI_CODEC_JSON_PRETTY_H_
#define RPCCLI_CODEC_JSON_PRETTY_H_

#include <string>

namespace rpccli {

/// Appends `compact` (valid JSON without insignificant whitespace) to `out`,
/// indented by two spaces per level, with `{}` and `[]` kept on one line.
void AppendIndentedJson(const std::string& compact, std::string* out);

}  // namespace rpccli

#endif  // RPCCLI_CODEC_JSON_PRETTY_H_
