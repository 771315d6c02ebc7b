#include "serve/call_recorder.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>

namespace rpccli {
namespace {

constexpr size_t kMostQueuedBytes = 64 << 20;

// All of `line`, or the reason it could not be written.
bool WriteAll(int fd, const std::string& line, std::string* why) {
  size_t written = 0;
  while (written < line.size()) {
    ssize_t n = ::write(fd, line.data() + written, line.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      *why = n < 0 ? strerror(errno) : "nothing was written";
      return false;
    }
    written += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

// The queue and the file, owned by the recorder and its thread together:
// a thread stuck writing to a pipe nobody reads is left behind at exit,
// still holding what it uses.
struct CallRecorder::Writer {
  std::string path;
  int fd = -1;
  bool own_fd = false;
  std::ostream* warnings = nullptr;

  std::mutex mutex;
  std::condition_variable changed;
  std::deque<std::string> lines;
  size_t queued_bytes = 0;
  bool writing = false;  // a line taken from the queue is being written
  bool closing = false;
  size_t lost = 0;

  ~Writer() {
    if (own_fd) ::close(fd);
  }

  // Under the lock: one more record lost, said if it is the first.
  void Lose(const std::string& why) {
    if (lost++ == 0) {
      *warnings << "rpccli: warning: --record " << path << ": " << why
                << "; the calls from now on may not be recorded" << std::endl;
    }
  }

  void Run() {
    std::unique_lock<std::mutex> lock(mutex);
    for (;;) {
      changed.wait(lock, [this] { return !lines.empty() || closing; });
      if (lines.empty()) return;
      std::string line = std::move(lines.front());
      lines.pop_front();
      queued_bytes -= line.size();
      writing = true;
      lock.unlock();
      std::string why;
      bool written = WriteAll(fd, line, &why);
      lock.lock();
      writing = false;
      if (!written) Lose("cannot write: " + why);
      changed.notify_all();
    }
  }
};

CallRecorder::~CallRecorder() { Close(std::chrono::milliseconds(0)); }

bool CallRecorder::Open(const std::string& path, std::string* err) {
  auto writer = std::make_shared<Writer>();
  writer->path = path;
  writer->warnings = warnings_;
  if (path == "-") {
    writer->fd = STDOUT_FILENO;
  } else {
    auto refuse = [&](const std::string& why) {
      *err = path + " (--record): " + why;
      return false;
    };
    struct stat status {};
    bool exists = lstat(path.c_str(), &status) == 0;
    if (exists && S_ISLNK(status.st_mode)) {
      return refuse("is a symbolic link");
    }
    if (exists && S_ISDIR(status.st_mode)) return refuse("is a directory");
    // A regular file starts empty; a device or a pipe cannot be emptied.
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY;
    if (!exists || S_ISREG(status.st_mode)) flags |= O_TRUNC;
    writer->fd = ::open(path.c_str(), flags, 0644);
    if (writer->fd < 0) {
      return refuse(std::string("cannot be written: ") + strerror(errno));
    }
    writer->own_fd = true;
  }
  writer_ = writer;
  std::thread([writer] { writer->Run(); }).detach();
  return true;
}

void CallRecorder::Write(const nlohmann::json& record) {
  // What a client sent may hold bytes that are not UTF-8.
  std::string line =
      record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  line += '\n';
  std::lock_guard<std::mutex> lock(writer_->mutex);
  if (writer_->closing) return;
  if (writer_->queued_bytes + line.size() > kMostQueuedBytes) {
    writer_->Lose("records come faster than it takes them");
    return;
  }
  writer_->queued_bytes += line.size();
  writer_->lines.push_back(std::move(line));
  writer_->changed.notify_all();
}

size_t CallRecorder::Close(std::chrono::milliseconds grace) {
  if (writer_ == nullptr) return 0;
  std::unique_lock<std::mutex> lock(writer_->mutex);
  writer_->closing = true;
  writer_->changed.notify_all();
  writer_->changed.wait_for(lock, grace, [this] {
    return writer_->lines.empty() && !writer_->writing;
  });
  size_t stuck = writer_->lines.size() + (writer_->writing ? 1 : 0);
  for (size_t i = 0; i < stuck; ++i) {
    writer_->Lose("not written " + std::to_string(grace.count()) +
                  " ms after the server stopped");
  }
  writer_->lines.clear();
  size_t lost = writer_->lost;
  lock.unlock();
  writer_.reset();
  return lost;
}

}  // namespace rpccli
