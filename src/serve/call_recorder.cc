#include "serve/call_recorder.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace rpccli {

CallRecorder::~CallRecorder() {
  if (own_fd_) ::close(fd_);
}

bool CallRecorder::Open(const std::string& path,
                        const std::vector<std::string>& inputs,
                        std::string* err) {
  path_ = path;
  if (path == "-") {
    fd_ = STDOUT_FILENO;
    return true;
  }
  auto refuse = [&](const std::string& why) {
    *err = path + " (--record): " + why;
    return false;
  };
  struct stat status {};
  if (lstat(path.c_str(), &status) == 0) {
    if (S_ISLNK(status.st_mode)) return refuse("is a symbolic link");
    if (S_ISDIR(status.st_mode)) return refuse("is a directory");
    for (const std::string& input : inputs) {
      struct stat other {};
      if (stat(input.c_str(), &other) == 0 && other.st_dev == status.st_dev &&
          other.st_ino == status.st_ino) {
        return refuse("is " + input + ", which serve reads: record elsewhere");
      }
    }
  }
  // A regular file starts empty; a device or a pipe cannot be emptied.
  int flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY;
  if (!(lstat(path.c_str(), &status) == 0 && !S_ISREG(status.st_mode))) {
    flags |= O_TRUNC;
  }
  fd_ = ::open(path.c_str(), flags, 0644);
  if (fd_ < 0)
    return refuse(std::string("cannot be written: ") + strerror(errno));
  own_fd_ = true;
  return true;
}

void CallRecorder::Write(const nlohmann::json& record) {
  // What a client sent may hold bytes that are not UTF-8.
  std::string line =
      record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  line += '\n';
  std::lock_guard<std::mutex> lock(mutex_);
  size_t written = 0;
  while (written < line.size()) {
    ssize_t n = write(fd_, line.data() + written, line.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (lost_++ == 0) {
        *warnings_ << "rpccli: warning: --record " << path_
                   << ": cannot write: "
                   << (n < 0 ? strerror(errno) : "nothing was written")
                   << "; the calls from now on may not be recorded"
                   << std::endl;
      }
      return;
    }
    written += static_cast<size_t>(n);
  }
}

size_t CallRecorder::lost() {
  std::lock_guard<std::mutex> lock(mutex_);
  return lost_;
}

}  // namespace rpccli
