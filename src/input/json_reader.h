// Splits a stream of JSON values (NDJSON, or concatenated values separated
// by any whitespace) into one value at a time, reading no further than the
// value it returns, so an interactive session gets each message sent as
// soon as it is typed. Syntax is checked here, where the position is known.
#ifndef RPCCLI_INPUT_JSON_READER_H_
#define RPCCLI_INPUT_JSON_READER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "input/byte_source.h"
#include "input/message_reader.h"

namespace rpccli {

class JsonReader : public MessageReader {
 public:
  /// `name` labels errors: a file name, `<stdin>` or `<argument>`.
  JsonReader(ByteSource* source, std::string name);

  Result Next(InputMessage* message, std::string* err) override;
  const std::string& name() const override { return name_; }

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
  // Keeps the value's bytes in the buffer up to `end`, before a refill.
  void SaveValuePart(size_t end);
  // Moves past the bytes of a string that need no attention.
  void SkipPlainStringBytes();
  // Feeds one byte; returns false on a syntax error (filling `err`).
  bool Step(char c, bool* complete, std::string* err);
  bool StartValue(char c, std::string* err);
  // Takes the bytes after a 0xEF where a value should start.
  bool StepInByteOrderMark(char c, std::string* err);
  std::string NotAByteOrderMark(bool whole_mark) const;
  bool EndScalar(bool* complete, std::string* err);
  void AfterValue(bool* complete);
  std::string Error(const std::string& what) const;
  std::string Error(const std::string& what, const TextPosition& at) const;

  ByteSource* source_;
  std::string name_;
  std::vector<char> buffer_;
  size_t pos_ = 0;
  size_t end_ = 0;
  bool eof_ = false;

  TextPosition position_;  // of the next byte
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
  TextPosition start_position_;  // of the value being read
  int bom_bytes_seen_ = 0;       // of a possible byte order mark
  TextPosition bom_position_;
};

}  // namespace rpccli

#endif  // RPCCLI_INPUT_JSON_READER_H_
