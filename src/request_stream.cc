#include "request_stream.h"

namespace rpccli {

std::string JsonRequestStream::Where(const std::string& input_name,
                                     const JsonValue& value) {
  return input_name + ":" + std::to_string(value.line) + ":" +
         std::to_string(value.column) + ": message " +
         std::to_string(value.number);
}

RequestStream::Result JsonRequestStream::Next(std::string* bytes,
                                              std::string* err) {
  JsonValue value;
  switch (reader_->Next(&value, err)) {
    case JsonReader::Result::kEnd:
      return Result::kEnd;
    case JsonReader::Result::kError:
      return Result::kError;
    case JsonReader::Result::kValue:
      break;
  }
  std::string why;
  if (!codec_->JsonToBinary(*type_, value.text, bytes, &why)) {
    *err = Where(reader_->name(), value) + ": " + why;
    return Result::kError;
  }
  return Result::kMessage;
}

RequestStream::Result ListRequestStream::Next(std::string* bytes,
                                              std::string*) {
  if (next_ == requests_.size()) return Result::kEnd;
  *bytes = std::move(requests_[next_++]);
  return Result::kMessage;
}

}  // namespace rpccli
