// Splits a stream of JSON values (NDJSON, or concatenated values separated
// by any whitespace) into one value at a time, reading no further than the
// value it returns, so an interactive session gets each message sent as
// soon as it is typed. Syntax is checked here, where the position is known.
#ifndef RPCCLI_JSON_READER_H_
#define RPCCLI_JSON_READER_H_

#include <atomic>
#include <cstddef>
#include <string>
#include <vector>

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

 private:
  std::atomic<bool> interrupted_{false};
  std::string text_;
  size_t chunk_;
  size_t offset_ = 0;
};

/// One complete JSON value and where it started (1-based).
struct JsonValue {
  std::string text;
  int number = 0;  // 1 for the first value of the stream
  int line = 0;
  int column = 0;
};

class JsonReader {
 public:
  enum class Result { kValue, kEnd, kError };

  /// `name` labels errors: a file name, `<stdin>` or `<argument>`.
  JsonReader(ByteSource* source, std::string name);

  /// Reads the next value. On kError, `err` reads
  /// `NAME:LINE:COL: message N: what went wrong`.
  Result Next(JsonValue* value, std::string* err);

  /// The label given to the constructor.
  const std::string& name() const { return name_; }

 private:
  enum class Expect {
    kValue,       // a value must come next
    kValueOrEnd,  // just after '['
    kKeyOrEnd,    // just after '{'
    kKey,         // after ',' in an object
    kColon,       // after a key
    kCommaOrEnd,  // after a member or element
  };
  enum class Token { kNone, kString, kNumber, kLiteral };

  bool Fill(std::string* err);
  // Feeds one byte; returns false on a syntax error (filling `err`).
  bool Step(char c, bool* complete, std::string* err);
  bool StartValue(char c, std::string* err);
  bool EndScalar(bool* complete, std::string* err);
  void AfterValue(bool* complete);
  void Advance(char c);
  std::string Error(const std::string& what) const;

  ByteSource* source_;
  std::string name_;
  std::vector<char> buffer_;
  size_t pos_ = 0;
  size_t end_ = 0;
  bool eof_ = false;

  // Position of the next byte.
  int line_ = 1;
  int column_ = 1;
  int values_ = 0;

  // State of the value being read.
  std::string text_;
  size_t value_start_ = 0;  // where in buffer_ the unsaved part of it starts
  bool in_value_ = false;
  std::vector<char> stack_;  // '{' or '[' per open container
  Expect expect_ = Expect::kValue;
  Token token_ = Token::kNone;
  std::string scalar_;  // the number or literal being read
  bool escape_ = false;
  int hex_digits_left_ = 0;
  bool token_is_key_ = false;
  int start_line_ = 0;
  int start_column_ = 0;
};

}  // namespace rpccli

#endif  // RPCCLI_JSON_READER_H_
