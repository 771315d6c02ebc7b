// rpccli serve --record: each call the server answered, as one JSON line
// (method, headers, requests, the stub that answered, responses, status),
// so that a test can assert what its client sent.
#ifndef RPCCLI_SERVE_CALL_RECORDER_H_
#define RPCCLI_SERVE_CALL_RECORDER_H_

#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

namespace rpccli {

class CallRecorder {
 public:
  /// Creates or empties `path`. False, with `err` naming it, if it cannot
  /// be written, or is a symbolic link or not a regular file.
  bool Open(const std::string& path, std::string* err);
  bool open() const { return out_.is_open(); }
  /// Appends one record and flushes it: a reader sees each call whole, as
  /// soon as it ended. Safe from any thread.
  void Write(const nlohmann::json& record);
  /// Whether every record so far was written.
  bool ok();

 private:
  std::mutex mutex_;
  std::ofstream out_;
};

}  // namespace rpccli

#endif  // RPCCLI_SERVE_CALL_RECORDER_H_
