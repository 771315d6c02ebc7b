#include "base/utf8.h"

#include <algorithm>

namespace rpccli {

bool NextCodePoint(std::string_view text, size_t* at, uint32_t* code) {
  unsigned char lead = static_cast<unsigned char>(text[*at]);
  int length;
  if (lead < 0x80) {
    *code = lead;
    ++*at;
    return true;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2;
    *code = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    *code = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    *code = lead & 0x07;
  } else {
    return false;
  }
  if (*at + length > text.size()) return false;
  for (int k = 1; k < length; ++k) {
    unsigned char next = static_cast<unsigned char>(text[*at + k]);
    if ((next & 0xC0) != 0x80) return false;
    *code = (*code << 6) | (next & 0x3F);
  }
  static const uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (*code < kSmallest[length] || *code > 0x10FFFF ||
      (*code >= 0xD800 && *code <= 0xDFFF)) {
    return false;
  }
  *at += length;
  return true;
}

namespace {

void AppendEscapedByte(unsigned char byte, std::string* out) {
  const char* digits = "0123456789abcdef";
  *out += "\\x";
  *out += digits[byte >> 4];
  *out += digits[byte & 0xf];
}

}  // namespace

std::string EscapeControls(std::string_view text) {
  std::string escaped;
  size_t at = 0;
  while (at < text.size()) {
    size_t start = at;
    uint32_t code;
    if (!NextCodePoint(text, &at, &code)) {
      AppendEscapedByte(static_cast<unsigned char>(text[at]), &escaped);
      ++at;  // one byte at a time: what follows may be well-formed
      continue;
    }
    // C1 controls too: a terminal may take U+009B as the start of an
    // escape sequence, as it takes ESC [.
    bool control = code < 0x20 || (code >= 0x7f && code <= 0x9f);
    if (!control) {
      escaped.append(text.substr(start, at - start));
    } else if (code < 0x80) {
      AppendEscapedByte(static_cast<unsigned char>(code), &escaped);
    } else {
      for (size_t k = start; k < at; ++k) {
        AppendEscapedByte(static_cast<unsigned char>(text[k]), &escaped);
      }
    }
  }
  return escaped;
}

std::string EscapeControlsButLayout(std::string_view text) {
  std::string escaped;
  while (!text.empty()) {
    size_t end = std::min(text.find_first_of("\n\t"), text.size());
    escaped += EscapeControls(text.substr(0, end));
    if (end < text.size()) escaped += text[end];
    text.remove_prefix(std::min(end + 1, text.size()));
  }
  return escaped;
}

std::string_view CutAtCodePoint(std::string_view text, size_t bytes) {
  if (text.size() <= bytes) return text;
  size_t end = bytes;
  // Back over continuation bytes (10xxxxxx) to the sequence's lead, at
  // most three: bytes that are not UTF-8 anyway are cut where they fall.
  for (int back = 0; back < 3 && end > 0; ++back) {
    if ((static_cast<unsigned char>(text[end]) & 0xC0) != 0x80) break;
    --end;
  }
  if ((static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) end = bytes;
  return text.substr(0, end);
}

void AppendUtf8(uint32_t code, std::string* out) {
  if (code < 0x80) {
    out->push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (code >> 6)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else if (code < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (code >> 12)));
    out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (code >> 18)));
    out->push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

bool IsValidUtf8(std::string_view text) {
  size_t at = 0;
  uint32_t code;
  while (at < text.size()) {
    if (static_cast<unsigned char>(text[at]) < 0x80) {
      ++at;  // most text is ASCII
    } else if (!NextCodePoint(text, &at, &code)) {
      return false;
    }
  }
  return true;
}

}  // namespace rpccli
