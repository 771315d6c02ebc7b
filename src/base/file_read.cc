#include "base/file_read.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

namespace rpccli {

bool ReadWholeFile(const std::string& path, const std::string& flag,
                   int64_t limit, std::string* bytes, std::string* err,
                   int wait_seconds) {
  std::string named = flag.empty() ? path : path + " (" + flag + ")";
  if (path.empty()) {
    *err = (flag.empty() ? "a file" : flag) + ": the path is empty";
    return false;
  }
  // Not blocking: open() would wait for a FIFO's writer with no bound.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    *err = named + ": cannot open: " + std::strerror(errno);
    return false;
  }
  struct stat info;
  bool regular = true;
  if (::fstat(fd, &info) == 0) {
    if (S_ISDIR(info.st_mode)) {
      ::close(fd);
      *err = named + ": is a directory, not a file";
      return false;
    }
    regular = S_ISREG(info.st_mode);
  }
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::seconds(wait_seconds);
  bytes->clear();
  char buffer[64 * 1024];
  while (true) {
    if (!regular) {
      // A FIFO with no writer yet polls as not ready (on Linux), as one
      // whose writer is silent does.
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      pollfd ready{fd, POLLIN, 0};
      int polled = left.count() > 0
                       ? ::poll(&ready, 1, static_cast<int>(left.count()))
                       : 0;
      if (polled < 0 && errno == EINTR) continue;
      if (polled == 0) {
        ::close(fd);
        *err = named + ": did not end within " +
               std::to_string(wait_seconds) +
               " s (rpccli's limit for a FIFO or device; is anything "
               "writing to it?)";
        return false;
      }
    }
    ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
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
