#include "codec/shortest_float.h"

#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string_view>

namespace rpccli {
namespace {

// protobuf's SimpleFtoa and SimpleDtoa print with %g at a short precision
// (FLT_DIG, DBL_DIG) or, when that does not read back, a long one; %g
// switches to an exponent when it is below -4 or at least the precision.
// The same layout with the shortest digits: `short_precision` wherever
// those fit in it, `long_precision` otherwise.
template <typename Number>
void AppendShortestAs(Number value, int short_precision, int long_precision,
                      std::string* out) {
  if (std::isnan(value)) {
    out->append("nan");
    return;
  }
  if (std::isinf(value)) {
    out->append(value > 0 ? "inf" : "-inf");
    return;
  }
  // [-]D[.DDD]e(+|-)XX, with the shortest digits that read back.
  char scientific[40];
  char* end = std::to_chars(scientific, scientific + sizeof scientific, value,
                            std::chars_format::scientific)
                  .ptr;
  std::string_view text(scientific, end - scientific);
  size_t e = text.find('e');
  std::string digits;
  for (char c : text.substr(0, e)) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  int exponent = std::atoi(std::string(text.substr(e + 1)).c_str());
  int digit_count = static_cast<int>(digits.size());

  if (text[0] == '-') out->push_back('-');
  int precision =
      digit_count <= short_precision ? short_precision : long_precision;
  if (exponent < -4 || exponent >= precision) {
    out->push_back(digits[0]);
    if (digit_count > 1) {
      out->push_back('.');
      out->append(digits, 1, std::string::npos);
    }
    out->push_back('e');
    out->push_back(exponent < 0 ? '-' : '+');
    int magnitude = std::abs(exponent);
    if (magnitude < 10) out->push_back('0');
    out->append(std::to_string(magnitude));
  } else if (exponent >= 0) {
    int whole = exponent + 1;
    if (digit_count > whole) {
      out->append(digits, 0, whole);
      out->push_back('.');
      out->append(digits, whole, std::string::npos);
    } else {
      out->append(digits);
      out->append(whole - digit_count, '0');
    }
  } else {
    out->append("0.");
    out->append(-exponent - 1, '0');
    out->append(digits);
  }
}

}  // namespace

void AppendShortest(float value, std::string* out) {
  AppendShortestAs(value, FLT_DIG, FLT_DIG + 3, out);
}

void AppendShortest(double value, std::string* out) {
  AppendShortestAs(value, DBL_DIG, DBL_DIG + 2, out);
}

}  // namespace rpccli
