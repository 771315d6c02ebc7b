#include "file_read.h"

#include <gtest/gtest.h>

#include "temp_dir.h"

namespace rpccli {
namespace {

TEST(ReadWholeFile, ReadsAFile) {
  TempDir dir;
  std::string path = dir.Write("a.txt", "hello");
  std::string bytes, err;
  ASSERT_TRUE(ReadWholeFile(path, "--x", 100, &bytes, &err)) << err;
  EXPECT_EQ(bytes, "hello");
}

TEST(ReadWholeFile, NamesTheFileAndFlagOfEachFailure) {
  TempDir dir;
  std::string bytes, err;
  EXPECT_FALSE(
      ReadWholeFile(dir.path() + "/none", "--cacert", 100, &bytes, &err));
  EXPECT_EQ(err, dir.path() +
                     "/none (--cacert): cannot open: No such file "
                     "or directory");
  EXPECT_FALSE(ReadWholeFile(dir.path(), "--cacert", 100, &bytes, &err));
  EXPECT_EQ(err, dir.path() + " (--cacert): is a directory, not a file");
  EXPECT_FALSE(ReadWholeFile("", "--cacert", 100, &bytes, &err));
  EXPECT_EQ(err, "--cacert: the path is empty");
}

TEST(ReadWholeFile, AFileThatNeverEndsStopsAtTheLimit) {
  std::string bytes, err;
  EXPECT_FALSE(ReadWholeFile("/dev/zero", "", 3 << 20, &bytes, &err));
  EXPECT_EQ(err,
            "/dev/zero: larger than rpccli's limit of 3 MiB for such a "
            "file");
}

}  // namespace
}  // namespace rpccli
