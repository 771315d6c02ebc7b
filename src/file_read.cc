#include "file_read.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace rpccli {

bool ReadWholeFile(const std::string& path, const std::string& flag,
                   int64_t limit, std::string* bytes, std::string* err) {
  std::string named = flag.empty() ? path : path + " (" + flag + ")";
  if (path.empty()) {
    *err = (flag.empty() ? "a file" : flag) + ": the path is empty";
    return false;
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *err = named + ": cannot open: " + std::strerror(errno);
    return false;
  }
  struct stat info;
  if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
    ::close(fd);
    *err = named + ": is a directory, not a file";
    return false;
  }
  bytes->clear();
  char buffer[64 * 1024];
  while (true) {
    ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      *err = named + ": cannot read: " + std::strerror(errno);
      ::close(fd);
      return false;
    }
    if (got == 0) break;
    if (static_cast<int64_t>(bytes->size()) + got > limit) {
      ::close(fd);
      *err = named + ": larger than rpccli's limit of " +
             std::to_string(limit >> 20) + " MiB for such a file";
      return false;
    }
    bytes->append(buffer, static_cast<size_t>(got));
  }
  ::close(fd);
  return true;
}

}  // namespace rpccli
