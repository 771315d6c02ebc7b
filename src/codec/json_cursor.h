// The tokens of one JSON text, read from the front: space, punctuation,
// literals, numbers and strings (their escapes decoded). What a converter
// over JSON needs below the level of meaning.
#ifndef RPCCLI_CODEC_JSON_CURSOR_H_
#define RPCCLI_CODEC_JSON_CURSOR_H_

#include <string>
#include <string_view>

namespace rpccli {

/// Whether `text` is one number as JSON's grammar writes it.
bool IsJsonNumber(std::string_view text);

/// Each reading method returns false, with the position unspecified, if
/// what comes next is not what it reads.
class JsonCursor {
 public:
  /// `unescaped` holds a string that had escapes, once decoded.
  JsonCursor(std::string_view text, std::string* unescaped)
      : at_(text.data()),
        end_(text.data() + text.size()),
        unescaped_(unescaped) {}

  void SkipSpace() {
    while (at_ < end_ &&
           (*at_ == ' ' || *at_ == '\n' || *at_ == '\r' || *at_ == '\t')) {
      ++at_;
    }
  }

  /// Where the cursor is in the text.
  const char* position() const { return at_; }

  /// After space: whether the text is over.
  bool AtEnd() {
    SkipSpace();
    return at_ == end_;
  }

  /// After space: whether `c` comes next.
  bool Peek(char c) {
    SkipSpace();
    return at_ < end_ && *at_ == c;
  }

  /// After space: moves past `c` if it comes next.
  bool Consume(char c) {
    if (!Peek(c)) return false;
    ++at_;
    return true;
  }

  /// Moves past `word` (true, false, null) if it comes next.
  bool Literal(std::string_view word);

  /// A number token as JSON's grammar has it.
  bool Number(std::string_view* text);

  /// A string's content, at its opening quote: a view of the text, or of
  /// `unescaped` if it had escapes (valid until the next string). False
  /// too for a lone surrogate or text that is not UTF-8; then
  /// string_fault() says what is wrong and string_fault_at() where.
  bool String(std::string_view* text);
  const char* string_fault() const { return string_fault_; }
  const char* string_fault_at() const { return string_fault_at_; }

 private:
  // The rest of a \u escape, and of the low surrogate after a high one.
  bool CodePoint(std::string* out);
  bool Hex4(uint32_t* code);
  bool StringFault(const char* at, const char* what) {
    string_fault_at_ = at;
    string_fault_ = what;
    return false;
  }
  // The string's bytes from `from` up to the cursor are well-formed
  // UTF-8, or a fault says where not.
  bool CheckUtf8(const char* from);

  const char* at_;
  const char* end_;
  std::string* unescaped_;
  const char* string_fault_ = "";
  const char* string_fault_at_ = nullptr;
};

}  // namespace rpccli

#endif  // RPCCLI_CODEC_JSON_CURSOR_H_
