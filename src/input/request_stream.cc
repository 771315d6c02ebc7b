#include "input/request_stream.h"

namespace rpccli {

RequestStream::Result InputRequestStream::Next(std::string* bytes,
                                               std::string* err) {
  InputMessage message;
  switch (reader_->Next(&message, err)) {
    case MessageReader::Result::kEnd:
      return Result::kEnd;
    case MessageReader::Result::kError:
      return Result::kError;
    case MessageReader::Result::kMessage:
      break;
  }
  ParseError why;
  if (codec_->Parse(*type_, message.text, bytes, &why)) {
    return Result::kMessage;
  }
  // Point at the error itself when the parser says where it is, else at
  // the start of the message.
  InputMessage at = message;
  if (why.line == 1) {
    at.column += why.column - 1;
  } else if (why.line > 1) {
    at.line += why.line - 1;
    at.column = why.column;
  }
  *err = Where(reader_->name(), at) + ": " + why.what;
  return Result::kError;
}

bool InputRequestStream::EmptyRequest(std::string* bytes,
                                      std::string* err) const {
  if (codec_->EmptyMessage(*type_, bytes, err)) return true;
  *err = reader_->name() + ": " + *err;
  return false;
}

RequestStream::Result ListRequestStream::Next(std::string* bytes,
                                              std::string*) {
  if (next_ == requests_.size()) return Result::kEnd;
  *bytes = std::move(requests_[next_++]);
  return Result::kMessage;
}

}  // namespace rpccli
