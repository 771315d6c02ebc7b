#include "input/text_reader.h"

#include <cstring>

namespace rpccli {
namespace {

constexpr size_t kBufferSize = 64 * 1024;

bool IsBlank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

}  // namespace

TextReader::TextReader(ByteSource* source, std::string name)
    : source_(source), name_(std::move(name)), buffer_(kBufferSize) {}

MessageReader::Result TextReader::Next(InputMessage* message,
                                       std::string* err) {
  if (eof_ && pos_ == end_) return Result::kEnd;
  message->text.clear();
  message->line = position_.line;
  message->column = position_.column;
  for (;;) {
    if (pos_ == end_) {
      std::string why;
      long n = source_->Read(buffer_.data(), buffer_.size(), &why);
      if (n < 0) {
        *err = name_ + ": cannot read: " + why;
        return Result::kError;
      }
      pos_ = 0;
      end_ = static_cast<size_t>(n);
      if (n == 0) {
        eof_ = true;
        if (IsBlank(message->text)) return Result::kEnd;
        break;
      }
    }
    const char* start = buffer_.data() + pos_;
    const void* separator = std::memchr(start, kSeparator, end_ - pos_);
    size_t length = separator != nullptr
                        ? static_cast<const char*>(separator) - start
                        : end_ - pos_;
    message->text.append(start, length);
    for (size_t i = 0; i < length; ++i) position_.Advance(start[i]);
    pos_ += length;
    if (separator != nullptr) {
      ++pos_;
      position_.Advance(kSeparator);
      break;
    }
  }
  message->number = ++messages_;
  return Result::kMessage;
}

}  // namespace rpccli
