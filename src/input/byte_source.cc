#include "input/byte_source.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace rpccli {

FdSource::FdSource(int fd, bool owned) : fd_(fd), owned_(owned) {
  if (pipe2(wake_pipe_, O_CLOEXEC | O_NONBLOCK) != 0) {
    wake_pipe_[0] = wake_pipe_[1] = -1;  // then Read simply blocks
  }
}

FdSource::~FdSource() {
  if (owned_) ::close(fd_);
  for (int end : wake_pipe_) {
    if (end >= 0) ::close(end);
  }
}

long FdSource::Read(char* buffer, size_t size, std::string* err) {
  for (;;) {
    // Wait for input or for Interrupt, whichever comes first.
    pollfd fds[2] = {{fd_, POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
    int ready = ::poll(fds, wake_pipe_[0] >= 0 ? 2 : 1, -1);
    if (ready < 0 && errno == EINTR) continue;
    if (ready > 0 && (fds[1].revents & POLLIN) != 0) return 0;
    ssize_t n = ::read(fd_, buffer, size);
    if (n >= 0) return static_cast<long>(n);
    if (errno == EINTR || errno == EAGAIN) continue;
    *err = std::strerror(errno);
    return -1;
  }
}

void FdSource::Interrupt() {
  if (wake_pipe_[1] >= 0) {
    char byte = 1;
    // The pipe stays readable, so every later Read returns at once too.
    [[maybe_unused]] ssize_t written = ::write(wake_pipe_[1], &byte, 1);
  }
}

size_t FdSource::RemainingHint() const {
  struct stat file;
  if (::fstat(fd_, &file) != 0 || !S_ISREG(file.st_mode)) return 0;
  off_t at = ::lseek(fd_, 0, SEEK_CUR);
  return at >= 0 && file.st_size > at ? static_cast<size_t>(file.st_size - at)
                                      : 0;
}

bool FdSource::EndsOnItsOwn() const {
  struct stat file;
  return ::fstat(fd_, &file) == 0 && S_ISREG(file.st_mode);
}

long StringSource::Read(char* buffer, size_t size, std::string*) {
  if (interrupted_) return 0;
  size_t n = std::min({size, chunk_, text_.size() - offset_});
  std::memcpy(buffer, text_.data() + offset_, n);
  offset_ += n;
  return static_cast<long>(n);
}

}  // namespace rpccli
