#include "json_locate.h"

#include <cctype>
#include <vector>

#include "json_cursor.h"

namespace rpccli {
namespace {

// "int32_value", "int32Value" and "Int32Value" name the same field.
std::string Comparable(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c != '_')
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool SkipValue(JsonCursor* in, int depth);

bool SkipContainer(JsonCursor* in, char close, bool keyed, int depth) {
  if (in->Consume(close)) return true;
  std::string_view ignored;
  do {
    if (keyed &&
        (!in->Peek('"') || !in->String(&ignored) || !in->Consume(':'))) {
      return false;
    }
    if (!SkipValue(in, depth + 1)) return false;
  } while (in->Consume(','));
  return in->Consume(close);
}

bool SkipValue(JsonCursor* in, int depth) {
  if (depth > 100) return false;
  std::string_view ignored;
  if (in->Consume('{')) return SkipContainer(in, '}', true, depth);
  if (in->Consume('[')) return SkipContainer(in, ']', false, depth);
  if (in->Peek('"')) return in->String(&ignored);
  return in->Literal("true") || in->Literal("false") || in->Literal("null") ||
         in->Number(&ignored);
}

void Position(std::string_view text, const char* at, JsonLocation* where) {
  TextPosition(text, at, &where->line, &where->column);
}

}  // namespace

void TextPosition(std::string_view text, const char* at, int* line,
                  int* column) {
  *line = 1;
  *column = 1;
  for (const char* c = text.data(); c < at; ++c) {
    if (*c == '\n') {
      ++*line;
      *column = 1;
    } else if ((static_cast<unsigned char>(*c) & 0xC0) != 0x80) {
      ++*column;
    }
  }
}

bool LocateField(std::string_view text, const std::string& path,
                 JsonLocation* where) {
  std::vector<std::string> steps;
  size_t start = 0;
  while (start <= path.size()) {
    size_t dot = path.find('.', start);
    if (dot == std::string::npos) dot = path.size();
    steps.push_back(Comparable(path.substr(start, dot - start)));
    start = dot + 1;
  }
  std::string unescaped;
  JsonCursor in(text, &unescaped);
  for (size_t step = 0; step < steps.size(); ++step) {
    if (!in.Consume('{')) return false;
    bool found = false;
    while (!found) {
      std::string_view key;
      if (!in.Peek('"')) return false;
      const char* key_start = in.position();
      if (!in.String(&key)) return false;
      std::string name(key);
      if (!in.Consume(':')) return false;
      if (Comparable(name) == steps[step]) {
        found = true;
        JsonLocation key_at;
        Position(text, key_start, &key_at);
        where->key_line = key_at.line;
        where->key_column = key_at.column;
      } else if (!SkipValue(&in, 0) || !in.Consume(',')) {
        return false;
      }
    }
  }
  in.SkipSpace();
  const char* value_start = in.position();
  Position(text, value_start, where);
  std::string_view value;
  if (in.Peek('"') && in.String(&value)) {
    where->value = std::string(value);
  } else if (SkipValue(&in, 0)) {
    where->value = std::string(value_start, in.position() - value_start);
  }
  return true;
}

}  // namespace rpccli
