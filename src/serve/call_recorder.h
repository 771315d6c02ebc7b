// rpccli serve --record: each call the server answered, as one JSON line
// (method, headers, requests, the stub that answered, responses, status),
// so that a test can assert what its client sent.
#ifndef RPCCLI_SERVE_CALL_RECORDER_H_
#define RPCCLI_SERVE_CALL_RECORDER_H_

#include <mutex>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace rpccli {

class CallRecorder {
 public:
  /// The first record that cannot be written is said on `warnings`.
  explicit CallRecorder(std::ostream* warnings) : warnings_(warnings) {}
  ~CallRecorder();
  CallRecorder(const CallRecorder&) = delete;
  CallRecorder& operator=(const CallRecorder&) = delete;

  /// Creates or empties `path` (a device or a pipe is written as it is;
  /// `-` is stdout). False, with `err` naming it and why, if it cannot be
  /// written, is a directory or a symbolic link, or is one of `inputs`
  /// (the stub and schema files, which it would overwrite).
  bool Open(const std::string& path, const std::vector<std::string>& inputs,
            std::string* err);
  bool open() const { return fd_ >= 0; }
  /// Appends one record: a reader sees each call whole, as soon as it
  /// ended. Safe from any thread.
  void Write(const nlohmann::json& record);
  /// How many records could not be written.
  size_t lost();

 private:
  std::ostream* warnings_;
  std::string path_;
  int fd_ = -1;
  bool own_fd_ = false;
  std::mutex mutex_;
  size_t lost_ = 0;
};

}  // namespace rpccli

#endif  // RPCCLI_SERVE_CALL_RECORDER_H_
