// rpccli serve --record: each call the server answered, as one JSON line
// (method, headers, requests, the stub that answered, responses, status),
// so that a test can assert what its client sent.
#ifndef RPCCLI_SERVE_CALL_RECORDER_H_
#define RPCCLI_SERVE_CALL_RECORDER_H_

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

namespace rpccli {

class CallRecorder {
 public:
  /// The first record lost is said on `warnings`, with why.
  explicit CallRecorder(std::ostream* warnings) : warnings_(warnings) {}
  /// Lets go of the records not yet written (see Close).
  ~CallRecorder();
  CallRecorder(const CallRecorder&) = delete;
  CallRecorder& operator=(const CallRecorder&) = delete;

  /// Creates or empties `path` (a device or a pipe is written as it is;
  /// `-` is stdout), and starts writing records to it. False, with `err`
  /// naming it and why, if it cannot be written, or is a directory or a
  /// symbolic link.
  bool Open(const std::string& path, std::string* err);
  bool open() const { return writer_ != nullptr; }

  /// Queues one record, to be written whole, in the order given, by a
  /// thread of its own: a file that blocks (a pipe nobody reads) never
  /// holds up a call. A record that finds 64 MiB queued is lost. Safe from
  /// any thread.
  void Write(const nlohmann::json& record);

  /// Gives what is queued up to `grace` to be written, and returns how
  /// many records were lost in all. Records written later are lost.
  size_t Close(std::chrono::milliseconds grace);

 private:
  struct Writer;  // shared with its thread, which may outlive the recorder
  std::ostream* warnings_;
  std::shared_ptr<Writer> writer_;
};

}  // namespace rpccli

#endif  // RPCCLI_SERVE_CALL_RECORDER_H_
