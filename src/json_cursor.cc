#include "json_cursor.h"

#include <cstdint>

#include "json_reader.h"
#include "utf8.h"

namespace rpccli {

bool JsonCursor::Literal(std::string_view word) {
  if (static_cast<size_t>(end_ - at_) < word.size() ||
      std::string_view(at_, word.size()) != word) {
    return false;
  }
  at_ += word.size();
  return true;
}

bool JsonCursor::Number(std::string_view* text) {
  const char* start = at_;
  while (at_ < end_ &&
         ((*at_ >= '0' && *at_ <= '9') || *at_ == '-' || *at_ == '+' ||
          *at_ == '.' || *at_ == 'e' || *at_ == 'E')) {
    ++at_;
  }
  *text = std::string_view(start, at_ - start);
  return IsJsonNumber(*text);
}

bool JsonCursor::String(std::string_view* text) {
  const char* start = ++at_;
  bool ascii = true;
  while (at_ < end_ && *at_ != '"' && *at_ != '\\') {
    unsigned char c = static_cast<unsigned char>(*at_);
    if (c < 0x20) return false;
    if (c >= 0x80) ascii = false;
    ++at_;
  }
  if (at_ == end_) return false;
  if (*at_ == '"') {
    *text = std::string_view(start, at_ - start);
    ++at_;
    return ascii || IsValidUtf8(*text);
  }
  std::string& unescaped = *unescaped_;
  unescaped.assign(start, at_ - start);
  while (at_ < end_ && *at_ != '"') {
    unsigned char c = static_cast<unsigned char>(*at_);
    if (c < 0x20) return false;
    if (c != '\\') {
      unescaped.push_back(*at_++);
      continue;
    }
    if (++at_ == end_) return false;
    char escape = *at_++;
    switch (escape) {
      case '"':
      case '\\':
      case '/':
        unescaped.push_back(escape);
        break;
      case 'b':
        unescaped.push_back('\b');
        break;
      case 'f':
        unescaped.push_back('\f');
        break;
      case 'n':
        unescaped.push_back('\n');
        break;
      case 'r':
        unescaped.push_back('\r');
        break;
      case 't':
        unescaped.push_back('\t');
        break;
      case 'u':
        if (!CodePoint(&unescaped)) return false;
        break;
      default:
        return false;
    }
  }
  if (at_ == end_) return false;
  ++at_;
  *text = unescaped;
  return IsValidUtf8(*text);
}

bool JsonCursor::CodePoint(std::string* out) {
  uint32_t code = 0;
  if (!Hex4(&code)) return false;
  if (code >= 0xDC00 && code <= 0xDFFF) return false;
  if (code >= 0xD800 && code <= 0xDBFF) {
    uint32_t low = 0;
    if (end_ - at_ < 2 || at_[0] != '\\' || at_[1] != 'u') return false;
    at_ += 2;
    if (!Hex4(&low) || low < 0xDC00 || low > 0xDFFF) return false;
    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
  }
  AppendUtf8(code, out);
  return true;
}

bool JsonCursor::Hex4(uint32_t* code) {
  if (end_ - at_ < 4) return false;
  for (int i = 0; i < 4; ++i) {
    char c = *at_++;
    uint32_t digit;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      digit = c - 'A' + 10;
    } else {
      return false;
    }
    *code = (*code << 4) | digit;
  }
  return true;
}

}  // namespace rpccli
