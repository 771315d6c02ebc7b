#include "base/fd_output.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <fstream>
#include <iterator>
#include <string>

#include "temp_dir.h"

namespace rpccli {
namespace {

TEST(FdOutput, WritesSmallAndLargePiecesInOrder) {
  TempDir dir;
  std::string path = dir.path() + "/out";
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  ASSERT_GE(fd, 0);
  // Larger than the buffer, between two pieces that fit in it.
  std::string large(100 * 1024, 'x');
  {
    FdOutput out(fd);
    out << "a" << large << 'b';
    out.flush();
    EXPECT_TRUE(out.good());
    EXPECT_EQ(out.TakeWriteErrno(), 0);
  }
  close(fd);
  std::ifstream written(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(written)),
                   std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "a" + large + "b");
}

TEST(FdOutput, AFullDeviceIsReportedOnceWithItsErrno) {
  int fd = open("/dev/full", O_WRONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  FdOutput out(fd);
  out << "hello" << std::flush;
  EXPECT_FALSE(out.good());
  EXPECT_EQ(out.TakeWriteErrno(), ENOSPC);
  EXPECT_EQ(out.TakeWriteErrno(), 0);  // told once
  close(fd);
}

TEST(FdOutput, AClosedPipeIsEpipe) {
  std::signal(SIGPIPE, SIG_IGN);
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  close(pipe_fds[0]);
  FdOutput out(pipe_fds[1]);
  out << "x" << std::flush;
  EXPECT_EQ(out.TakeWriteErrno(), EPIPE);
  close(pipe_fds[1]);
}

}  // namespace
}  // namespace rpccli
