// The requests of a call as text, one message at a time, with where each
// starts in the input so that errors can point at it.
#ifndef RPCCLI_INPUT_MESSAGE_READER_H_
#define RPCCLI_INPUT_MESSAGE_READER_H_

#include <string>

namespace rpccli {

/// One message's text and where it started (1-based).
struct InputMessage {
  std::string text;
  int number = 0;  // 1 for the first message of the input
  int line = 0;
  int column = 0;
};

/// A 1-based line and column that follows the bytes read, counting
/// characters rather than UTF-8 continuation bytes.
struct TextPosition {
  int line = 1;
  int column = 1;

  void Advance(char c) {
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++column;
    }
  }
};

class MessageReader {
 public:
  enum class Result { kMessage, kEnd, kError };
  virtual ~MessageReader() = default;

  /// Reads the next message. On kError, `err` reads
  /// `NAME:LINE:COL: message N: what went wrong`.
  virtual Result Next(InputMessage* message, std::string* err) = 0;

  /// The input's name for errors: a file name, `<stdin>` or `<argument>`.
  virtual const std::string& name() const = 0;
};

/// `NAME:LINE:COL: message N`, for errors about `message`.
inline std::string Where(const std::string& input_name,
                         const InputMessage& message) {
  return input_name + ":" + std::to_string(message.line) + ":" +
         std::to_string(message.column) + ": message " +
         std::to_string(message.number);
}

}  // namespace rpccli

#endif  // RPCCLI_INPUT_MESSAGE_READER_H_
