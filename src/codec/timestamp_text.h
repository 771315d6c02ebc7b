// A google.protobuf.Timestamp as its JSON text, written as protobuf's JSON
// printer writes it, for the fast printer (wire_to_json.cc).
#ifndef RPCCLI_CODEC_TIMESTAMP_TEXT_H_
#define RPCCLI_CODEC_TIMESTAMP_TEXT_H_

#include <cstdint>
#include <string>

namespace rpccli {

/// Appends `"YYYY-MM-DDTHH:MM:SS[.fff|.ffffff|.fffffffff]Z"` (quotes
/// included) for `seconds` since the epoch and `nanos`: RFC 3339 in UTC,
/// with 3, 6 or 9 digits of fraction as the nanoseconds need and none for
/// 0. False, and nothing appended, outside what protobuf prints: years 1
/// to 9999, nanos 0 to 999,999,999.
bool AppendTimestamp(int64_t seconds, int64_t nanos, std::string* out);

}  // namespace rpccli

#endif  // RPCCLI_CODEC_TIMESTAMP_TEXT_H_
