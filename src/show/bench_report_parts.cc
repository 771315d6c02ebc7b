#include "show/bench_report_parts.h"

#include <cstdio>

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

}  // namespace rpccli
