#include "input/json_reader.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>

#include "codec/json_cursor.h"

namespace rpccli {
namespace {

constexpr size_t kBufferSize = 64 * 1024;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Numbers and literals run until a byte that cannot continue them; taking
// letters too lets "12abc" or "Tru" be reported whole.
bool IsScalarByte(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' ||
         c == '.';
}

// How a byte is named in an error message.
std::string Describe(char c) {
  if (c == '\n') return "end of line";
  if (c == '\'') return "\"'\"";
  if (std::isprint(static_cast<unsigned char>(c)))
    return std::string("'") + c + "'";
  char hex[16];
  std::snprintf(hex, sizeof hex, "byte 0x%02x", static_cast<unsigned char>(c));
  return hex;
}

}  // namespace

JsonReader::JsonReader(ByteSource* source, std::string name)
    : source_(source), name_(std::move(name)) {}

std::string JsonReader::Error(const std::string& what) const {
  return Error(what, position_);
}

std::string JsonReader::Error(const std::string& what,
                              const TextPosition& at) const {
  int number = in_value_ ? values_ : values_ + 1;
  return name_ + ":" + std::to_string(at.line) + ":" +
         std::to_string(at.column) + ": message " + std::to_string(number) +
         ": " + what;
}

bool JsonReader::Fill(std::string* err) {
  if (buffer_.empty()) buffer_.resize(kBufferSize);
  std::string why;
  long n = source_->Read(buffer_.data(), buffer_.size(), &why);
  if (n < 0) {
    *err = name_ + ": cannot read: " + why;
    return false;
  }
  pos_ = 0;
  end_ = static_cast<size_t>(n);
  value_start_ = 0;
  eof_ = n == 0;
  return true;
}

MessageReader::Result JsonReader::Next(InputMessage* value, std::string* err) {
  for (;;) {
    bool complete = false;
    if (pos_ == end_) {
      if (in_value_) SaveValuePart(end_);
      if (!eof_ && !Fill(err)) return Result::kError;
      if (eof_) {
        if (bom_bytes_seen_ > 0) {
          *err = NotAByteOrderMark(false);
          return Result::kError;
        }
        if (token_ == Token::kNumber || token_ == Token::kLiteral) {
          if (!EndScalar(&complete, err)) return Result::kError;
        }
        if (!complete) {
          if (!in_value_) return Result::kEnd;
          *err = Error("the input ends inside the message, which started at " +
                       std::to_string(start_position_.line) + ":" +
                       std::to_string(start_position_.column));
          return Result::kError;
        }
        value_start_ = pos_;
      }
    }
    if (token_ == Token::kString && !escape_ && hex_digits_left_ == 0) {
      SkipPlainStringBytes();
    }
    if (pos_ < end_) {
      char c = buffer_[pos_];
      bool ended_scalar = false;
      if ((token_ == Token::kNumber || token_ == Token::kLiteral) &&
          !IsScalarByte(c)) {
        if (!EndScalar(&complete, err)) return Result::kError;
        ended_scalar = true;
      }
      // A top-level number ends at the byte after it, which belongs to
      // whatever comes next.
      if (!(ended_scalar && complete)) {
        if (!Step(c, &complete, err)) return Result::kError;
        position_.Advance(c);
        ++pos_;
      }
    }
    if (complete) {
      SaveValuePart(pos_);
      value->text.swap(text_);
      text_.clear();
      value->number = values_;
      value->line = start_position_.line;
      value->column = start_position_.column;
      in_value_ = false;
      return Result::kMessage;
    }
  }
}

void JsonReader::SaveValuePart(size_t end) {
  // A value past a megabyte is likely to go on: room for the rest of the
  // input, if its size is known, saves copying it again and again.
  constexpr size_t kLarge = 1 << 20;
  size_t size = text_.size() + (end - value_start_);
  if (size >= kLarge && size > text_.capacity()) {
    text_.reserve(size + source_->RemainingHint());
  }
  text_.append(buffer_.data() + value_start_, end - value_start_);
}

void JsonReader::SkipPlainStringBytes() {
  // Most of a string needs no look: only a quote, a backslash or a control
  // character can change the state. Columns count characters.
  size_t at = pos_;
  while (at < end_) {
    unsigned char c = static_cast<unsigned char>(buffer_[at]);
    if (c == '"' || c == '\\' || c < 0x20) break;
    if ((c & 0xC0) != 0x80) ++position_.column;
    ++at;
  }
  pos_ = at;
}

bool JsonReader::Step(char c, bool* complete, std::string* err) {
  if (bom_bytes_seen_ > 0) return StepInByteOrderMark(c, err);
  if (token_ == Token::kString) {
    if (hex_digits_left_ > 0) {
      if (!std::isxdigit(static_cast<unsigned char>(c))) {
        *err =
            Error("a \\u escape needs four hex digits, found " + Describe(c));
        return false;
      }
      --hex_digits_left_;
    } else if (escape_) {
      escape_ = false;
      if (c == 'u') {
        hex_digits_left_ = 4;
      } else if (std::strchr("\"\\/bfnrt", c) == nullptr || c == '\0') {
        *err = Error("invalid escape \\" + std::string(1, c) + " in a string");
        return false;
      }
    } else if (c == '\\') {
      escape_ = true;
    } else if (c == '"') {
      token_ = Token::kNone;
      if (token_is_key_) {
        expect_ = Expect::kColon;
      } else {
        AfterValue(complete);
      }
    } else if (static_cast<unsigned char>(c) < 0x20) {
      *err = Error(Describe(c) +
                   " inside a string; escape it or close the string");
      return false;
    }
    return true;
  }
  if (token_ != Token::kNone) {  // inside a number or literal
    scalar_ += c;
    return true;
  }
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return true;

  switch (expect_) {
    case Expect::kValueOrEnd:
      if (c == ']') {
        stack_.pop_back();
        AfterValue(complete);
        return true;
      }
      return StartValue(c, err);
    case Expect::kValue:
      return StartValue(c, err);
    case Expect::kKeyOrEnd:
      if (c == '}') {
        stack_.pop_back();
        AfterValue(complete);
        return true;
      }
      // `{{` where a value starts: bench's placeholder, out of its string.
      if (c == '{') {
        *err = Error(
            "expected a field name in double quotes, found '{' (a "
            "placeholder such as {{call}} goes inside a JSON string, "
            "\"{{call}}\"; a number field takes the number quoted)");
        return false;
      }
      [[fallthrough]];
    case Expect::kKey:
      if (c != '"') {
        *err = Error("expected a field name in double quotes, found " +
                     Describe(c));
        return false;
      }
      token_ = Token::kString;
      token_is_key_ = true;
      return true;
    case Expect::kColon:
      if (c != ':') {
        *err = Error("expected ':' after the field name, found " + Describe(c));
        return false;
      }
      expect_ = Expect::kValue;
      return true;
    case Expect::kCommaOrEnd: {
      char close = stack_.back() == '{' ? '}' : ']';
      if (c == ',') {
        expect_ = stack_.back() == '{' ? Expect::kKey : Expect::kValue;
        return true;
      }
      if (c == close) {
        stack_.pop_back();
        AfterValue(complete);
        return true;
      }
      *err = Error(std::string("expected ',' or '") + close + "', found " +
                   Describe(c));
      return false;
    }
  }
  return true;
}

bool JsonReader::StepInByteOrderMark(char c, std::string* err) {
  unsigned char expected = bom_bytes_seen_ == 1 ? 0xBB : 0xBF;
  if (static_cast<unsigned char>(c) == expected && ++bom_bytes_seen_ < 3) {
    return true;
  }
  *err = NotAByteOrderMark(bom_bytes_seen_ == 3);
  return false;
}

std::string JsonReader::NotAByteOrderMark(bool whole_mark) const {
  std::string what = whole_mark ? "a UTF-8 byte order mark (BOM); save the "
                                  "file without one"
                                : "byte 0xef";
  return Error("expected a JSON value, found " + what, bom_position_);
}

bool JsonReader::StartValue(char c, std::string* err) {
  bool is_letter = std::isalpha(static_cast<unsigned char>(c));
  if (static_cast<unsigned char>(c) == 0xEF) {
    // EF BB BF is UTF-8's byte order mark, which some editors write. Its
    // bytes may arrive in different reads, so the verdict waits for them.
    bom_bytes_seen_ = 1;
    bom_position_ = position_;
    return true;
  }
  if (c != '{' && c != '[' && c != '"' && c != '-' && !IsDigit(c) &&
      !is_letter) {
    *err = Error("expected a JSON value, found " + Describe(c));
    return false;
  }
  if (!in_value_) {
    in_value_ = true;
    ++values_;
    value_start_ = pos_;
    start_position_ = position_;
  }
  if (c == '{' || c == '[') {
    stack_.push_back(c);
    expect_ = c == '{' ? Expect::kKeyOrEnd : Expect::kValueOrEnd;
  } else if (c == '"') {
    token_ = Token::kString;
    token_is_key_ = false;
  } else {
    token_ = is_letter ? Token::kLiteral : Token::kNumber;
    scalar_.assign(1, c);
  }
  return true;
}

bool JsonReader::EndScalar(bool* complete, std::string* err) {
  bool valid =
      token_ == Token::kNumber
          ? IsJsonNumber(scalar_)
          : scalar_ == "true" || scalar_ == "false" || scalar_ == "null";
  if (!valid) {
    // Report the position where the bad token began.
    position_.column -= static_cast<int>(scalar_.size());
    // A bare word where a message starts is text format's field name.
    std::string text_format =
        stack_.empty() ? "; if this is text format, add --format text" : "";
    *err = Error(token_ == Token::kNumber
                     ? "invalid number \"" + scalar_ + "\""
                     : "invalid value \"" + scalar_ +
                           "\"; text must be in double quotes" + text_format);
    return false;
  }
  token_ = Token::kNone;
  AfterValue(complete);
  return true;
}

void JsonReader::AfterValue(bool* complete) {
  if (stack_.empty()) {
    *complete = true;
    expect_ = Expect::kValue;
  } else {
    expect_ = Expect::kCommaOrEnd;
  }
}

}  // namespace rpccli
