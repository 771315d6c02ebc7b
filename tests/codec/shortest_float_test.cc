#include "codec/shortest_float.h"

#include <google/protobuf/stubs/strutil.h>
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>

namespace rpccli {
namespace {

template <typename Number>
std::string Shortest(Number value) {
  std::string out;
  AppendShortest(value, &out);
  return out;
}

int SignificantDigits(const std::string& text) {
  std::string digits;
  for (char c : text.substr(0, text.find('e'))) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return 1;
  size_t last = digits.find_last_not_of('0');
  return static_cast<int>(last - first + 1);
}

TEST(ShortestFloat, WritesTheFewestDigitsThatReadBack) {
  EXPECT_EQ(Shortest(FLT_MAX), "3.4028235e+38");
  EXPECT_EQ(Shortest(-FLT_MAX), "-3.4028235e+38");
  EXPECT_EQ(Shortest(16777216.0f), "16777216");
  EXPECT_EQ(Shortest(0.7999999999999999), "0.7999999999999999");
  EXPECT_EQ(Shortest(DBL_MAX), "1.7976931348623157e+308");
  EXPECT_EQ(Shortest(1234567.8f), "1234567.8");
}

TEST(ShortestFloat, LaysNumbersOutAsPercentG) {
  EXPECT_EQ(Shortest(0.1f), "0.1");
  EXPECT_EQ(Shortest(0.0f), "0");
  EXPECT_EQ(Shortest(-0.0), "-0");
  EXPECT_EQ(Shortest(100.0f), "100");
  EXPECT_EQ(Shortest(1e8f), "1e+08");
  EXPECT_EQ(Shortest(123456.0f), "123456");
  EXPECT_EQ(Shortest(1e15), "1e+15");
  EXPECT_EQ(Shortest(123456789012345.0), "123456789012345");
  EXPECT_EQ(Shortest(0.0001), "0.0001");
  EXPECT_EQ(Shortest(0.00001), "1e-05");
  EXPECT_EQ(Shortest(1.5e-300), "1.5e-300");
  EXPECT_EQ(Shortest(std::numeric_limits<float>::denorm_min()), "1e-45");
}

TEST(ShortestFloat, SpellsNonFiniteValuesAsTextFormatDoes) {
  EXPECT_EQ(Shortest(std::numeric_limits<double>::quiet_NaN()), "nan");
  EXPECT_EQ(Shortest(std::numeric_limits<float>::infinity()), "inf");
  EXPECT_EQ(Shortest(-std::numeric_limits<double>::infinity()), "-inf");
}

// Over random bit patterns: every number reads back; it is never longer
// than protobuf's; and where protobuf's was as short, it is protobuf's.
TEST(ShortestFloat, AgreesWithProtobufWhereProtobufWasShortest) {
  std::mt19937_64 random(12345);
  int shorter = 0;
  for (int i = 0; i < 200000; ++i) {
    uint64_t bits = random();
    float single;
    uint32_t single_bits = static_cast<uint32_t>(bits);
    std::memcpy(&single, &single_bits, sizeof single);
    double number;
    std::memcpy(&number, &bits, sizeof number);
    if (!std::isfinite(single) || !std::isfinite(number)) continue;

    std::string ours = Shortest(single);
    std::string protobufs = google::protobuf::SimpleFtoa(single);
    ASSERT_EQ(std::strtof(ours.c_str(), nullptr), single) << ours;
    ASSERT_LE(SignificantDigits(ours), SignificantDigits(protobufs));
    if (SignificantDigits(ours) == SignificantDigits(protobufs)) {
      ASSERT_EQ(ours, protobufs);
    } else {
      ++shorter;
    }

    ours = Shortest(number);
    protobufs = google::protobuf::SimpleDtoa(number);
    ASSERT_EQ(std::strtod(ours.c_str(), nullptr), number) << ours;
    ASSERT_LE(SignificantDigits(ours), SignificantDigits(protobufs));
    if (SignificantDigits(ours) == SignificantDigits(protobufs)) {
      ASSERT_EQ(ours, protobufs);
    } else {
      ++shorter;
    }
  }
  EXPECT_GT(shorter, 0);  // the point of it
}

}  // namespace
}  // namespace rpccli
