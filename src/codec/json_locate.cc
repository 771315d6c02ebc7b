#include "codec/json_locate.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "codec/json_cursor.h"

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

namespace {

// One step of a path as protobuf's errors write it: a field's name, and
// the index of an element ("numbers[1]"), or of a map's entry
// ("counts[0].value"), if it has one.
struct Step {
  std::string name;  // Comparable(), or "" for an index alone
  long index = -1;
};

std::vector<Step> Steps(const std::string& path) {
  std::vector<Step> steps;
  size_t start = 0;
  while (start <= path.size()) {
    size_t dot = path.find('.', start);
    if (dot == std::string::npos) dot = path.size();
    std::string part = path.substr(start, dot - start);
    Step step;
    size_t bracket = part.find('[');
    if (bracket != std::string::npos) {
      step.index = std::strtol(part.c_str() + bracket + 1, nullptr, 10);
      part.resize(bracket);
    }
    step.name = Comparable(part);
    steps.push_back(step);
    start = dot + 1;
  }
  return steps;
}

// Moves to the value of the key that matches `name` in the object at the
// cursor, noting where the key is and how it is written.
bool EnterKey(std::string_view text, JsonCursor* in, const std::string& name,
              JsonLocation* where, std::string* written) {
  if (!in->Consume('{')) return false;
  while (true) {
    std::string_view key;
    if (!in->Peek('"')) return false;
    const char* key_start = in->position();
    if (!in->String(&key)) return false;
    bool found = Comparable(std::string(key)) == name;
    if (!in->Consume(':')) return false;
    if (found) {
      *written = std::string(key);
      TextPosition(text, key_start, &where->key_line, &where->key_column);
      return true;
    }
    if (!SkipValue(in, 0) || !in->Consume(',')) return false;
  }
}

// Moves to the `index`th element of the array, or value of the object
// (a map's entry), at the cursor; `entry` says which it was, and for an
// entry, `key` is its key and `key_at` where that starts.
bool EnterIndex(JsonCursor* in, long index, bool* entry, std::string* key,
                const char** key_at) {
  bool array = in->Consume('[');
  *entry = !array;
  if (!array && !in->Consume('{')) return false;
  for (long i = 0;; ++i) {
    std::string_view written_key;
    if (!array) {
      if (!in->Peek('"')) return false;
      *key_at = in->position();
      if (!in->String(&written_key) || !in->Consume(':')) return false;
    }
    if (i == index) {
      *key = std::string(written_key);
      return true;
    }
    if (!SkipValue(in, 0) || !in->Consume(',')) return false;
  }
}

}  // namespace

// `key` as a JSON string, for a path: quotes and backslashes escaped,
// control characters as \u escapes.
std::string QuotedKey(std::string_view key) {
  std::string quoted = "\"";
  for (char c : key) {
    if (c == '"' || c == '\\') {
      quoted += '\\';
      quoted += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      quoted += escaped;
    } else {
      quoted += c;
    }
  }
  return quoted + "\"";
}

bool LocateField(std::string_view text, const std::string& path,
                 JsonLocation* where) {
  std::string unescaped;
  JsonCursor in(text, &unescaped);
  bool in_map_entry = false;
  std::string key;
  const char* key_at = nullptr;
  where->path.clear();
  where->is_key = false;
  size_t path_before_index = 0;  // where the last [index] or ["key"] starts
  for (const Step& step : Steps(path)) {
    if (where->is_key) return false;  // nothing is inside a key
    // A map entry's "value" is the value its key leads to, and a
    // wrapper's (Int32Value...) is the value written for it.
    bool entry_value = step.name == "value" && step.index < 0 &&
                       (in_map_entry || !in.Peek('{'));
    where->is_key = in_map_entry && step.name == "key" && step.index < 0;
    in_map_entry = false;
    if (entry_value || where->is_key) continue;
    if (!step.name.empty()) {
      std::string written;
      if (!EnterKey(text, &in, step.name, where, &written)) return false;
      where->path += (where->path.empty() ? "" : ".") + written;
    }
    if (step.index >= 0) {
      if (!EnterIndex(&in, step.index, &in_map_entry, &key, &key_at)) {
        return false;
      }
      path_before_index = where->path.size();
      where->path +=
          "[" + (in_map_entry ? QuotedKey(key) : std::to_string(step.index)) +
          "]";
    }
  }
  if (where->is_key) {
    // The entry's key is what is wrong: the path ends at the map.
    where->path.resize(path_before_index);
    Position(text, key_at, where);
    where->key_line = where->line;
    where->key_column = where->column;
    where->value = key;
    return true;
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
