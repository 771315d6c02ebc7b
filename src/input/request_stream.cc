#include "input/request_stream.h"

namespace rpccli {

bool EncodeMessage(const Codec& codec, const google::protobuf::Descriptor& type,
                   const std::string& input_name, const InputMessage& message,
                   std::string* bytes, std::string* err, bool filled) {
  ParseError why;
  if (codec.Parse(type, message.text, bytes, &why)) return true;
  // Point at the error itself when the parser says where it is, else at
  // the start of the message. Filled, the text is not the input's: its
  // start is pointed at.
  InputMessage at = message;
  if (filled) {
    *err =
        Where(input_name, at) + ": with its placeholders filled: " + why.what;
    return false;
  }
  if (why.line == 1) {
    at.column += why.column - 1;
  } else if (why.line > 1) {
    at.line += why.line - 1;
    at.column = why.column;
  }
  *err = Where(input_name, at) + ": " + why.what;
  return false;
}

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
  bool filled = false;
  if (files_ != nullptr) {
    CallTemplate message_template;
    if (!message_template.Compile(message.text, syntax_, reader_->name(),
                                  message.line, message.column,
                                  /*workers=*/false, files_, err,
                                  message.number)) {
      return Result::kError;
    }
    filled = message_template.HasPlaceholders();
    if (filled) {
      message.text =
          message_template.Render(CallValues{message.number - 1, 0, &random_});
    }
  }
  return EncodeMessage(*codec_, *type_, reader_->name(), message, bytes, err,
                       filled)
             ? Result::kMessage
             : Result::kError;
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
