// Where input bytes come from: a file descriptor that another thread can
// interrupt, or a string in tests.
#ifndef RPCCLI_INPUT_BYTE_SOURCE_H_
#define RPCCLI_INPUT_BYTE_SOURCE_H_

#include <atomic>
#include <cstddef>
#include <string>

namespace rpccli {

/// Where bytes come from: a file descriptor, or a string in tests.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  /// Reads up to `size` bytes, blocking until at least one is available.
  /// Returns the count, 0 at the end, or -1 with `err` filled.
  virtual long Read(char* buffer, size_t size, std::string* err) = 0;
  /// Makes a blocked Read, and every later one, return 0 (the end);
  /// callable from any thread.
  virtual void Interrupt() = 0;
  /// How many bytes are still to come, if that is known (a regular file);
  /// 0 if not. A reader of a large message reserves room with it.
  virtual size_t RemainingHint() const { return 0; }
  /// Whether the bytes end on their own (a regular file, a string), so
  /// that reading them all needs no time limit; a pipe may stay open.
  virtual bool EndsOnItsOwn() const { return false; }
};

/// Reads a POSIX file descriptor, closing it at the end if it owns it.
class FdSource : public ByteSource {
 public:
  FdSource(int fd, bool owned);
  ~FdSource() override;
  FdSource(const FdSource&) = delete;
  FdSource& operator=(const FdSource&) = delete;
  long Read(char* buffer, size_t size, std::string* err) override;
  void Interrupt() override;
  size_t RemainingHint() const override;
  bool EndsOnItsOwn() const override;

 private:
  int fd_;
  bool owned_;
  int wake_pipe_[2] = {-1, -1};  // a byte here ends a blocked Read
};

/// Reads a string, at most `chunk` bytes per call (to test chunk borders).
class StringSource : public ByteSource {
 public:
  explicit StringSource(std::string text, size_t chunk = 65536)
      : text_(std::move(text)), chunk_(chunk) {}
  long Read(char* buffer, size_t size, std::string* err) override;
  void Interrupt() override { interrupted_ = true; }
  size_t RemainingHint() const override { return text_.size() - offset_; }
  bool EndsOnItsOwn() const override { return true; }

 private:
  std::atomic<bool> interrupted_{false};
  std::string text_;
  size_t chunk_;
  size_t offset_ = 0;
};

}  // namespace rpccli

#endif  // RPCCLI_INPUT_BYTE_SOURCE_H_
