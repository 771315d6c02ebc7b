#include "base/seconds_text.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "base/text.h"

namespace rpccli {

bool LeadingNumber(const std::string& text, double* value, std::string* rest) {
  // strtod takes leading spaces, signs, hex and "inf": none is a number
  // people mean here.
  if (text.empty() ||
      !(std::isdigit(static_cast<unsigned char>(text[0])) || text[0] == '.')) {
    return false;
  }
  const char* begin = text.c_str();
  char* end = nullptr;
  errno = 0;
  *value = std::strtod(begin, &end);
  std::string number(begin, static_cast<size_t>(end - begin));
  if (end == begin || errno != 0 || !std::isfinite(*value) ||
      number.find_first_of("xX") != std::string::npos) {
    return false;
  }
  *rest = end;
  return true;
}

bool ParsePositiveNumber(const std::string& text, bool whole, double* value) {
  std::string rest;
  return LeadingNumber(text, value, &rest) && rest.empty() && *value > 0 &&
         (!whole || *value == std::floor(*value));
}

bool ParseSeconds(const std::string& text, double* seconds) {
  struct Unit {
    const char* suffix;
    double seconds;
  };
  // "ms" before "s", which ends it too.
  for (Unit unit :
       {Unit{"ms", 0.001}, Unit{"s", 1}, Unit{"m", 60}, Unit{"h", 3600}}) {
    if (EndsWith(text, unit.suffix)) {
      std::string number =
          text.substr(0, text.size() - std::string(unit.suffix).size());
      if (!ParsePositiveNumber(number, false, seconds)) return false;
      *seconds *= unit.seconds;
      return std::isfinite(*seconds);
    }
  }
  return ParsePositiveNumber(text, false, seconds);
}

}  // namespace rpccli
