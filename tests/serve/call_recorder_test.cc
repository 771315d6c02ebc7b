#include "serve/call_recorder.h"

#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "temp_dir.h"

namespace rpccli {
namespace {

using std::chrono::milliseconds;

TEST(CallRecorder, WritesAJsonLineForEachCallInOrder) {
  TempDir dir;
  std::string path = dir.path() + "/calls.ndjson";
  std::ostringstream warnings;
  CallRecorder recorder(&warnings);
  std::string err;
  ASSERT_TRUE(recorder.Open(path, &err)) << err;
  for (int i = 0; i < 100; ++i) recorder.Write({{"call", i}});
  // Bytes a client sent that are not UTF-8 are replaced, not thrown on.
  recorder.Write({{"method", std::string("\xff")}});
  EXPECT_EQ(recorder.Close(milliseconds(10000)), 0u);
  std::ifstream in(path);
  std::string line;
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(std::getline(in, line));
    EXPECT_EQ(line, "{\"call\":" + std::to_string(i) + "}");
  }
  ASSERT_TRUE(std::getline(in, line));
  EXPECT_EQ(line, "{\"method\":\"\xEF\xBF\xBD\"}");
  EXPECT_FALSE(std::getline(in, line));
  EXPECT_EQ(warnings.str(), "");
}

TEST(CallRecorder, RefusesALinkOrADirectoryAndSaysWhyItCannotWrite) {
  TempDir dir;
  std::string target = dir.Write("target", "kept");
  std::string link = dir.path() + "/link";
  ASSERT_EQ(symlink(target.c_str(), link.c_str()), 0);
  std::ostringstream warnings;
  struct Case {
    std::string path;
    std::string error;
  };
  for (const Case& bad : std::vector<Case>{
           {link, "is a symbolic link"},
           {dir.path(), "is a directory"},
           {dir.path() + "/missing/calls", "cannot be written: No such file"},
       }) {
    CallRecorder recorder(&warnings);
    std::string err;
    EXPECT_FALSE(recorder.Open(bad.path, &err)) << bad.path;
    EXPECT_EQ(err.find(bad.path + " (--record): " + bad.error), 0u) << err;
  }
  std::ifstream in(target);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "kept");
}

TEST(CallRecorder, AFullDiskIsSaidOnceAndCounted) {
  std::ostringstream warnings;
  CallRecorder recorder(&warnings);
  std::string err;
  ASSERT_TRUE(recorder.Open("/dev/full", &err)) << err;
  for (int i = 0; i < 3; ++i) recorder.Write({{"call", i}});
  EXPECT_EQ(recorder.Close(milliseconds(10000)), 3u);
  EXPECT_EQ(warnings.str(),
            "rpccli: warning: --record /dev/full: cannot write: No space left "
            "on device; the calls from now on may not be recorded\n");
}

TEST(CallRecorder, APipeNobodyReadsHoldsUpNoCall) {
  TempDir dir;
  std::string path = dir.path() + "/fifo";
  ASSERT_EQ(mkfifo(path.c_str(), 0600), 0);
  int reader = open(path.c_str(), O_RDONLY | O_NONBLOCK);  // never reads
  ASSERT_GE(reader, 0);
  std::ostringstream warnings;
  CallRecorder recorder(&warnings);
  std::string err;
  ASSERT_TRUE(recorder.Open(path, &err)) << err;
  // Far more than a pipe holds (64 KiB), and past the 64 MiB queued: each
  // Write returns at once, and what cannot go is counted at Close.
  std::string big(1 << 20, 'x');
  for (int i = 0; i < 100; ++i) recorder.Write({{"call", big}});
  size_t lost = recorder.Close(milliseconds(100));
  EXPECT_GE(lost, 90u);
  EXPECT_LE(lost, 100u);
  EXPECT_NE(warnings.str().find("records come faster than it takes them"),
            std::string::npos)
      << warnings.str();
  // The writer stays stuck in write() till the process ends: closing the
  // reader would end it with SIGPIPE.
}

}  // namespace
}  // namespace rpccli
