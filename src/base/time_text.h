// Points in time as text: RFC 3339 in UTC, as reports and placeholders
// print them.
#ifndef RPCCLI_BASE_TIME_TEXT_H_
#define RPCCLI_BASE_TIME_TEXT_H_

#include <cstdint>
#include <string>

namespace rpccli {

/// `ticks` ticks of `per_second` (1000: milliseconds; a divisor of 10^9)
/// after the epoch as 2026-12-07T21:04:36.123Z, with `fraction_digits`
/// (0 to 9) digits of the second, cut, not rounded.
std::string Rfc3339Utc(int64_t ticks, int64_t per_second, int fraction_digits);

}  // namespace rpccli

#endif  // RPCCLI_BASE_TIME_TEXT_H_
