#include "base/time_text.h"

#include <cstdio>
#include <ctime>

namespace rpccli {

std::string Rfc3339Utc(int64_t ticks, int64_t per_second, int fraction_digits) {
  // Before 1970 the fraction still counts up from the second before.
  int64_t fraction = ((ticks % per_second) + per_second) % per_second;
  auto seconds = static_cast<time_t>((ticks - fraction) / per_second);
  int64_t nanos = fraction * (1000000000 / per_second);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[80];
  int length = std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d",
                             utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                             utc.tm_hour, utc.tm_min, utc.tm_sec);
  std::string result(text, static_cast<size_t>(length));
  if (fraction_digits > 0) {
    std::snprintf(text, sizeof text, "%09lld", static_cast<long long>(nanos));
    result +=
        "." + std::string(text, static_cast<size_t>(
                                    fraction_digits > 9 ? 9 : fraction_digits));
  }
  return result + "Z";
}

}  // namespace rpccli
