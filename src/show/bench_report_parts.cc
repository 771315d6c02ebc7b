#include "show/bench_report_parts.h"

#include <cstdio>
#include <ctime>

namespace rpccli {

std::string VPrintf(const char* format, va_list arguments) {
  char text[512];
  std::vsnprintf(text, sizeof text, format, arguments);
  return text;
}

std::string Printf(const char* format, ...) {
  va_list arguments;
  va_start(arguments, format);
  std::string text = VPrintf(format, arguments);
  va_end(arguments);
  return text;
}

std::string Rfc3339Ms(int64_t unix_ms) {
  int64_t millis = ((unix_ms % 1000) + 1000) % 1000;
  auto seconds = static_cast<time_t>((unix_ms - millis) / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[80];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour,
                utc.tm_min, utc.tm_sec, static_cast<int>(millis));
  return text;
}

}  // namespace rpccli
