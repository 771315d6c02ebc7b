#include "base/utf8.h"

#include <gtest/gtest.h>

namespace rpccli {
namespace {

TEST(IsValidUtf8, AcceptsEveryLengthOfSequence) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("caf\xc3\xa9"));               // 2 bytes
  EXPECT_TRUE(IsValidUtf8("\xe4\xbd\xa0\xe5\xa5\xbd"));  // 3 bytes
  EXPECT_TRUE(IsValidUtf8("\xf0\x9f\x98\x80"));          // 4 bytes
  EXPECT_TRUE(IsValidUtf8("\xf4\x8f\xbf\xbf"));          // U+10FFFF
}

TEST(IsValidUtf8, RejectsWhatIsNotUtf8) {
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("a\xb7"));             // a stray continuation byte
  EXPECT_FALSE(IsValidUtf8("\xc3"));              // cut short
  EXPECT_FALSE(IsValidUtf8("\xc3(x"));            // not followed by one
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xe0\x80\xaf"));      // overlong, 3 bytes
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // a surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // past U+10FFFF
}

TEST(EscapeControls, ButLayoutKeepsLinesAndTabs) {
  EXPECT_EQ(EscapeControlsButLayout("// a\x1b[2J\n\tb\x07\n"),
            "// a\\x1b[2J\n\tb\\x07\n");
  EXPECT_EQ(EscapeControlsButLayout(""), "");
}

TEST(EscapeControls, LeavesTextAndEscapesWhatCouldDriveATerminal) {
  EXPECT_EQ(EscapeControls("plain, caf\xc3\xa9, \xe2\x82\xac"),
            "plain, caf\xc3\xa9, \xe2\x82\xac");
  EXPECT_EQ(EscapeControls("\x1b[31mred\x1b[0m"), "\\x1b[31mred\\x1b[0m");
  EXPECT_EQ(EscapeControls(std::string("a\0b\r\n\x7f", 6)),
            "a\\x00b\\x0d\\x0a\\x7f");
  // C1 controls, as UTF-8 (U+009B is CSI) and as bare bytes.
  EXPECT_EQ(EscapeControls("\xc2\x9b"
                           "2J"),
            "\\xc2\\x9b2J");
  EXPECT_EQ(EscapeControls("\x9b"
                           "2J"),
            "\\x9b2J");
  EXPECT_EQ(EscapeControls("\xc2\xa0"), "\xc2\xa0");  // U+00A0 is text
  // Bytes that are not UTF-8 one at a time; what follows them is kept.
  EXPECT_EQ(EscapeControls("\xff\xc3\xa9\xe2\x82"), "\\xff\xc3\xa9\\xe2\\x82");
}

TEST(CutAtCodePoint, NeverSplitsASequence) {
  std::string euros = "\xe2\x82\xac\xe2\x82\xac";  // two 3-byte signs
  EXPECT_EQ(CutAtCodePoint(euros, 6), euros);
  EXPECT_EQ(CutAtCodePoint(euros, 100), euros);
  EXPECT_EQ(CutAtCodePoint(euros, 5), "\xe2\x82\xac");
  EXPECT_EQ(CutAtCodePoint(euros, 4), "\xe2\x82\xac");
  EXPECT_EQ(CutAtCodePoint(euros, 3), "\xe2\x82\xac");
  EXPECT_EQ(CutAtCodePoint(euros, 2), "");
  EXPECT_EQ(CutAtCodePoint("abc", 2), "ab");
  // Continuation bytes with no lead are not UTF-8: cut where asked.
  EXPECT_EQ(CutAtCodePoint("\x80\x80\x80\x80\x80\x80", 5),
            "\x80\x80\x80\x80\x80");
}

}  // namespace
}  // namespace rpccli
