#include "input/byte_source.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

namespace rpccli {
namespace {

TEST(StringSource, HandsOutAtMostOneChunkPerRead) {
  StringSource source("abcdef", 4);
  char buffer[16];
  std::string err;
  EXPECT_EQ(source.Read(buffer, sizeof buffer, &err), 4);
  EXPECT_EQ(std::string(buffer, 4), "abcd");
  EXPECT_EQ(source.Read(buffer, sizeof buffer, &err), 2);
  EXPECT_EQ(source.Read(buffer, sizeof buffer, &err), 0);
}

TEST(StringSource, InterruptEndsIt) {
  StringSource source("abc");
  source.Interrupt();
  char buffer[4];
  std::string err;
  EXPECT_EQ(source.Read(buffer, sizeof buffer, &err), 0);
}

TEST(ByteSources, KnowWhatRemainsOfAFileOrString) {
  StringSource text("abcdef", 4);
  char buffer[16];
  std::string err;
  ASSERT_EQ(text.Read(buffer, sizeof buffer, &err), 4);
  EXPECT_EQ(text.RemainingHint(), 2u);

  FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  ASSERT_EQ(std::fwrite("0123456789", 1, 10, file), 10u);
  ASSERT_EQ(std::fflush(file), 0);
  ASSERT_EQ(lseek(fileno(file), 3, SEEK_SET), 3);
  FdSource source(fileno(file), /*owned=*/false);
  EXPECT_EQ(source.RemainingHint(), 7u);
  EXPECT_TRUE(source.EndsOnItsOwn());
  std::fclose(file);

  int fds[2];  // a pipe's length is not known
  ASSERT_EQ(pipe(fds), 0);
  FdSource pipe_source(fds[0], /*owned=*/true);
  ASSERT_EQ(write(fds[1], "hello", 5), 5);
  EXPECT_EQ(pipe_source.RemainingHint(), 0u);
  EXPECT_FALSE(pipe_source.EndsOnItsOwn());  // its writer may never close
  EXPECT_TRUE(text.EndsOnItsOwn());
  close(fds[1]);
}

TEST(FdSource, ReadsWhatIsWritten) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  FdSource source(fds[0], /*owned=*/true);
  ASSERT_EQ(write(fds[1], "hello", 5), 5);
  close(fds[1]);
  char buffer[16];
  std::string err;
  EXPECT_EQ(source.Read(buffer, sizeof buffer, &err), 5);
  EXPECT_EQ(source.Read(buffer, sizeof buffer, &err), 0);
}

TEST(FdSource, InterruptUnblocksAReadFromAnotherThread) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  FdSource source(fds[0], /*owned=*/true);
  std::atomic<bool> interrupted{false};
  std::thread interrupter([&source, &interrupted] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    interrupted = true;
    source.Interrupt();
  });
  char buffer[16];
  std::string err;
  // Nothing is ever written: only Interrupt can end this Read, so it must
  // not return before Interrupt was called.
  EXPECT_EQ(source.Read(buffer, sizeof buffer, &err), 0);
  EXPECT_TRUE(interrupted) << "Read returned without waiting";
  interrupter.join();
  EXPECT_EQ(source.Read(buffer, sizeof buffer, &err), 0);  // and it stays ended
  close(fds[1]);
}

TEST(FdSource, ReportsReadErrors) {
  FdSource source(1000, /*owned=*/false);  // not an open descriptor
  char buffer[4];
  std::string err;
  EXPECT_EQ(source.Read(buffer, sizeof buffer, &err), -1);
  EXPECT_EQ(err, "Bad file descriptor");
}

}  // namespace
}  // namespace rpccli
