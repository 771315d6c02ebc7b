#include "serve/call_recorder.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "temp_dir.h"

namespace rpccli {
namespace {

TEST(CallRecorder, WritesAJsonLineForEachCall) {
  TempDir dir;
  std::string path = dir.path() + "/calls.ndjson";
  std::ostringstream warnings;
  {
    CallRecorder recorder(&warnings);
    std::string err;
    ASSERT_TRUE(recorder.Open(path, {}, &err)) << err;
    recorder.Write({{"method", "/a.B/C"}});
    // Bytes a client sent that are not UTF-8 are replaced, not thrown on.
    recorder.Write({{"method", std::string("\xff")}});
    EXPECT_EQ(recorder.lost(), 0u);
  }
  std::ifstream in(path);
  std::string first, second, third;
  std::getline(in, first);
  std::getline(in, second);
  EXPECT_EQ(first, R"({"method":"/a.B/C"})");
  EXPECT_EQ(second, "{\"method\":\"\xEF\xBF\xBD\"}");
  EXPECT_FALSE(std::getline(in, third));
  EXPECT_EQ(warnings.str(), "");
}

TEST(CallRecorder, RefusesWhatItMustNotOverwrite) {
  TempDir dir;
  std::string stubs = dir.Write("stubs.ndjson", "{}");
  std::string link = dir.path() + "/link";
  ASSERT_EQ(symlink(stubs.c_str(), link.c_str()), 0);
  std::ostringstream warnings;
  struct Case {
    std::string path;
    std::string error;
  };
  for (const Case& bad : std::vector<Case>{
           {stubs, "is " + stubs + ", which serve reads: record elsewhere"},
           {dir.path() + "/./stubs.ndjson", "is " + stubs + ", which serve"},
           {link, "is a symbolic link"},
           {dir.path(), "is a directory"},
           {dir.path() + "/missing/calls", "cannot be written: No such file"},
       }) {
    CallRecorder recorder(&warnings);
    std::string err;
    EXPECT_FALSE(recorder.Open(bad.path, {stubs}, &err)) << bad.path;
    EXPECT_NE(err.find(bad.path + " (--record): " + bad.error),
              std::string::npos)
        << err;
  }
  std::ifstream in(stubs);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "{}");
}

TEST(CallRecorder, AFullDiskIsSaidOnceAndCounted) {
  std::ostringstream warnings;
  CallRecorder recorder(&warnings);
  std::string err;
  ASSERT_TRUE(recorder.Open("/dev/full", {}, &err)) << err;
  for (int i = 0; i < 3; ++i) recorder.Write({{"call", i}});
  EXPECT_EQ(recorder.lost(), 3u);
  EXPECT_EQ(warnings.str(),
            "rpccli: warning: --record /dev/full: cannot write: No space left "
            "on device; the calls from now on may not be recorded\n");
}

}  // namespace
}  // namespace rpccli
