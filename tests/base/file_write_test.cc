#include "base/file_write.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "temp_dir.h"

namespace rpccli {
namespace {

std::string Contents(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in),
                     std::istreambuf_iterator<char>());
}

TEST(ReplaceFile, WritesANewFileAndReplacesAnOldOne) {
  TempDir dir;
  std::string path = dir.path() + "/out.pb";
  std::string err;
  ASSERT_TRUE(ReplaceFile(path, "--protoset-out", "one", &err)) << err;
  EXPECT_EQ(Contents(path), "one");
  ASSERT_TRUE(ReplaceFile(path, "--protoset-out", "two", &err)) << err;
  EXPECT_EQ(Contents(path), "two");
  // No temporary file is left beside it.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()),
                          std::filesystem::directory_iterator()),
            1);
}

TEST(ReplaceFile, NeverThroughALinkOrOntoWhatIsNotAFile) {
  TempDir dir;
  std::string target = dir.Write("target", "kept");
  std::string link = dir.path() + "/link";
  ASSERT_EQ(symlink(target.c_str(), link.c_str()), 0);
  std::string err;
  EXPECT_FALSE(ReplaceFile(link, "--protoset-out", "x", &err));
  EXPECT_EQ(err, link +
                     " (--protoset-out): is a symbolic link; rpccli does "
                     "not write through one");
  EXPECT_EQ(Contents(target), "kept");
  EXPECT_FALSE(ReplaceFile("/dev/null", "--protoset-out", "x", &err));
  EXPECT_EQ(err, "/dev/null (--protoset-out): is not a regular file");
  EXPECT_FALSE(ReplaceFile(dir.path(), "--protoset-out", "x", &err));
  EXPECT_EQ(err, dir.path() + " (--protoset-out): is not a regular file");
  EXPECT_FALSE(ReplaceFile("", "--protoset-out", "x", &err));
  EXPECT_EQ(err, "--protoset-out: the path is empty");
  EXPECT_FALSE(
      ReplaceFile(dir.path() + "/no/such/dir/f", "--protoset-out", "x", &err));
  EXPECT_EQ(err, dir.path() +
                     "/no/such/dir/f (--protoset-out): cannot "
                     "write: No such file or directory");
}

}  // namespace
}  // namespace rpccli
