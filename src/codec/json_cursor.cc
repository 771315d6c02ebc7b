#include "codec/json_cursor.h"

#include <cstdint>

#include "base/utf8.h"

namespace rpccli {
namespace {

constexpr char kControlInString[] =
    "a control character, which JSON writes escaped (\\n, \\t, \\u0000)";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool IsJsonNumber(std::string_view s) {
  size_t i = 0, n = s.size();
  auto digits = [&] {
    size_t start = i;
    while (i < n && IsDigit(s[i])) ++i;
    return i > start;
  };
  if (i < n && s[i] == '-') ++i;
  if (i < n && s[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < n && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == n;
}

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
  const char* quote = at_;
  const char* start = ++at_;
  bool ascii = true;
  while (at_ < end_ && *at_ != '"' && *at_ != '\\') {
    unsigned char c = static_cast<unsigned char>(*at_);
    if (c < 0x20) return StringFault(at_, kControlInString);
    if (c >= 0x80) ascii = false;
    ++at_;
  }
  if (at_ == end_) return StringFault(quote, "a string with no closing quote");
  if (*at_ == '"') {
    *text = std::string_view(start, at_ - start);
    ++at_;
    return ascii || CheckUtf8(start);
  }
  std::string& unescaped = *unescaped_;
  unescaped.assign(start, at_ - start);
  while (at_ < end_ && *at_ != '"') {
    unsigned char c = static_cast<unsigned char>(*at_);
    if (c < 0x20) return StringFault(at_, kControlInString);
    if (c != '\\') {
      unescaped.push_back(*at_++);
      continue;
    }
    const char* escape_at = at_;
    if (++at_ == end_) break;
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
        if (!CodePoint(&unescaped)) {
          string_fault_at_ = escape_at;
          return false;
        }
        break;
      default:
        return StringFault(escape_at,
                           "an escape JSON does not have (it has \\\" \\\\ "
                           "\\/ \\b \\f \\n \\r \\t and \\uXXXX)");
    }
  }
  if (at_ == end_) return StringFault(quote, "a string with no closing quote");
  ++at_;
  *text = unescaped;
  // Escapes decode to well-formed UTF-8: only the bytes as written can
  // break it.
  return CheckUtf8(start);
}

bool JsonCursor::CheckUtf8(const char* from) {
  std::string_view text(from, at_ - from);
  size_t at = 0;
  while (at < text.size()) {
    uint32_t code;
    if (static_cast<unsigned char>(text[at]) < 0x80) {
      ++at;
    } else if (!NextCodePoint(text, &at, &code)) {
      return StringFault(from + at, "a byte that is not UTF-8");
    }
  }
  return true;
}

bool JsonCursor::CodePoint(std::string* out) {
  uint32_t code = 0;
  if (!Hex4(&code)) {
    string_fault_ = "a \\u escape without four hex digits";
    return false;
  }
  if (code >= 0xDC00 && code <= 0xDFFF) {
    string_fault_ =
        "a lone surrogate (a low one, \\uDC00 to \\uDFFF, with no high one "
        "before it)";
    return false;
  }
  if (code >= 0xD800 && code <= 0xDBFF) {
    uint32_t low = 0;
    if (end_ - at_ < 2 || at_[0] != '\\' || at_[1] != 'u' ||
        (at_ += 2, !Hex4(&low)) || low < 0xDC00 || low > 0xDFFF) {
      string_fault_ =
          "a lone surrogate (a high one, \\uD800 to \\uDBFF, with no low one "
          "after it)";
      return false;
    }
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
