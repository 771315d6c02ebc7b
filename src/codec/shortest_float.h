// Floating-point numbers as rpccli prints them, in JSON and text format:
// the fewest significant digits that read back as the same value
// (3.4028235e+38, where protobuf's printer writes 3.40282347e+38), laid out
// as protobuf lays them out (printf's %g), so that a number protobuf
// already wrote shortest prints exactly as protobuf prints it.
#ifndef RPCCLI_CODEC_SHORTEST_FLOAT_H_
#define RPCCLI_CODEC_SHORTEST_FLOAT_H_

#include <string>

namespace rpccli {

/// Appends `value`; not-a-number and the infinities as `nan`, `inf` and
/// `-inf`, as protobuf's text format writes them (JSON's printers spell
/// those otherwise, before calling this).
void AppendShortest(float value, std::string* out);
void AppendShortest(double value, std::string* out);

}  // namespace rpccli

#endif  // RPCCLI_CODEC_SHORTEST_FLOAT_H_
