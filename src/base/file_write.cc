#include "base/file_write.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace rpccli {
namespace {

bool WriteAll(int fd, const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t written = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    done += static_cast<size_t>(written);
  }
  return true;
}

}  // namespace

bool ReplaceFile(const std::string& path, const std::string& flag,
                 const std::string& bytes, std::string* err) {
  std::string named = path + " (" + flag + ")";
  if (path.empty()) {
    *err = flag + ": the path is empty";
    return false;
  }
  struct stat info;
  bool exists = ::lstat(path.c_str(), &info) == 0;
  if (exists) {
    if (S_ISLNK(info.st_mode)) {
      *err = named + ": is a symbolic link; rpccli does not write through one";
      return false;
    }
    if (!S_ISREG(info.st_mode)) {
      *err = named + ": is not a regular file";
      return false;
    }
  }
  std::string temporary = path + ".rpccli-XXXXXX";
  int fd = ::mkstemp(temporary.data());
  if (fd < 0) {
    *err = named + ": cannot write: " + std::strerror(errno);
    return false;
  }
  // mkstemp makes the file 0600: it gets the mode an existing file had,
  // or that a new one would have (0666 less the umask).
  mode_t mask = ::umask(0);
  ::umask(mask);
  mode_t mode = exists ? (info.st_mode & 07777) : (0666 & ~mask);
  bool written = ::fchmod(fd, mode) == 0 && WriteAll(fd, bytes);
  int failure = errno;
  if (::close(fd) != 0 && written) {
    written = false;
    failure = errno;
  }
  if (written && ::rename(temporary.c_str(), path.c_str()) != 0) {
    written = false;
    failure = errno;
  }
  if (!written) {
    ::unlink(temporary.c_str());
    *err = named + ": cannot write: " + std::strerror(failure);
    return false;
  }
  return true;
}

}  // namespace rpccli
