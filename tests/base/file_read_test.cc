#include "base/file_read.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <thread>

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

TEST(ReadWholeFile, AFifoIsWaitedForAtMostTheLimit) {
  TempDir dir;
  std::string fifo = dir.path() + "/fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string bytes, err;
  // No writer: not a blocked open, an error once the wait is over.
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(ReadWholeFile(fifo, "-H @FILE", 100, &bytes, &err, 1));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(err, fifo +
                     " (-H @FILE): did not end within 1 s (rpccli's limit for "
                     "a FIFO or device; is anything writing to it?)");
  // A writer that comes, writes and closes: its bytes are the file.
  std::thread writer([&fifo] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    int fd = ::open(fifo.c_str(), O_WRONLY);
    if (fd < 0) return;
    [[maybe_unused]] ssize_t written = ::write(fd, "x-a: b\n", 7);
    ::close(fd);
  });
  bool read = ReadWholeFile(fifo, "-H @FILE", 100, &bytes, &err, 10);
  writer.join();
  ASSERT_TRUE(read) << err;
  EXPECT_EQ(bytes, "x-a: b\n");
}

}  // namespace
}  // namespace rpccli
