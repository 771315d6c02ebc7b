#include "serve/call_recorder.h"

#include <sys/stat.h>

namespace rpccli {

bool CallRecorder::Open(const std::string& path, std::string* err) {
  struct stat status {};
  if (lstat(path.c_str(), &status) == 0 && !S_ISREG(status.st_mode)) {
    *err = path + " (--record): " +
           (S_ISLNK(status.st_mode) ? "is a symbolic link"
                                    : "is not a regular file");
    return false;
  }
  out_.open(path, std::ios::binary | std::ios::trunc);
  if (!out_.is_open()) {
    *err = path + " (--record): cannot be written";
    return false;
  }
  return true;
}

void CallRecorder::Write(const nlohmann::json& record) {
  // What a client sent may hold bytes that are not UTF-8.
  std::string line =
      record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::lock_guard<std::mutex> lock(mutex_);
  out_ << line << '\n';
  out_.flush();
}

bool CallRecorder::ok() {
  std::lock_guard<std::mutex> lock(mutex_);
  return out_.good();
}

}  // namespace rpccli
