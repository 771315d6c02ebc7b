// Splits protobuf text-format input into messages at the ASCII record
// separator (0x1E), as grpcurl's `-format text` does, reading no further
// than the message it returns.
#ifndef RPCCLI_INPUT_TEXT_READER_H_
#define RPCCLI_INPUT_TEXT_READER_H_

#include <string>
#include <vector>

#include "input/byte_source.h"
#include "input/message_reader.h"

namespace rpccli {

class TextReader : public MessageReader {
 public:
  static constexpr char kSeparator = '\x1e';

  /// `name` labels errors: a file name, `<stdin>` or `<argument>`.
  TextReader(ByteSource* source, std::string name);

  /// A record that is only whitespace is an empty message, except at the
  /// end of the input, where it ends the stream.
  Result Next(InputMessage* message, std::string* err) override;
  const std::string& name() const override { return name_; }

 private:
  ByteSource* source_;
  std::string name_;
  std::vector<char> buffer_;
  size_t pos_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
  TextPosition position_;  // of the next byte
  int messages_ = 0;
};

}  // namespace rpccli

#endif  // RPCCLI_INPUT_TEXT_READER_H_
