#include "transport/http/gzip.h"

#include <gtest/gtest.h>

namespace rpccli {
namespace {

TEST(Gzip, RoundTripsBothFormats) {
  std::string text(10000, 'x');
  for (const char* algorithm : {"gzip", "deflate"}) {
    std::string compressed, plain, err;
    ASSERT_TRUE(Compress(text, algorithm, &compressed)) << algorithm;
    EXPECT_LT(compressed.size(), 100u);
    ASSERT_EQ(Decompress(compressed, 1 << 20, &plain, &err),
              Decompressed::kDone)
        << err;
    EXPECT_EQ(plain, text);
  }
  std::string gzip;
  ASSERT_TRUE(Compress("", "gzip", &gzip));
  EXPECT_EQ(gzip.substr(0, 2), "\x1f\x8b");  // gzip's magic
}

TEST(Gzip, RefusesWhatItCannotRead) {
  std::string out, err;
  EXPECT_FALSE(Compress("x", "br", &out));
  EXPECT_EQ(Decompress("not compressed", 100, &out, &err),
            Decompressed::kNotValid);
  EXPECT_EQ(err, "a compressed message is not valid gzip or zlib data");
  std::string compressed;
  ASSERT_TRUE(Compress(std::string(1000, 'x'), "gzip", &compressed));
  EXPECT_EQ(Decompress(compressed.substr(0, compressed.size() / 2), 10000,
                       &out, &err),
            Decompressed::kNotValid);  // cut short
  EXPECT_EQ(Decompress(compressed, 999, &out, &err), Decompressed::kTooLarge);
  EXPECT_EQ(err,
            "a compressed message comes to more than 999 bytes, the limit; "
            "raise it with --max-msg-sz");
  // Members one after another are one message; anything else is not.
  ASSERT_EQ(Decompress(compressed + compressed, 10000, &out, &err),
            Decompressed::kDone)
      << err;
  EXPECT_EQ(out, std::string(2000, 'x'));
  EXPECT_EQ(Decompress(compressed + "junk", 10000, &out, &err),
            Decompressed::kNotValid);
  EXPECT_EQ(err,
            "a compressed message has 4 bytes after the end of its gzip or "
            "zlib data");
}

}  // namespace
}  // namespace rpccli
