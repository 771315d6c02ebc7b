#include "input/placeholders.h"

#include <cerrno>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>

#include "base/file_read.h"
#include "base/text.h"
#include "base/time_text.h"
#include "base/utf8.h"
#include "input/message_reader.h"

namespace rpccli {
namespace {

constexpr int64_t kLongestRandomString = 1 << 20;
constexpr char kKnown[] =
    "call, worker, uuid, unix, unix_ms, unix_ns, rfc3339, randint:MIN:MAX, "
    "randstr:N, line:FILE, randline:FILE";

bool ParseInteger(const std::string& text, int64_t* value) {
  size_t digits_from = !text.empty() && text[0] == '-' ? 1 : 0;
  if (text.size() == digits_from || text.size() > 20) return false;
  for (size_t i = digits_from; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  errno = 0;
  *value = std::strtoll(text.c_str(), nullptr, 10);
  return errno == 0;  // ERANGE: past int64
}

// Escaped as a JSON string's content: quotes, backslashes and controls.
void AppendJsonEscaped(const std::string& value, std::string* out) {
  for (char c : value) {
    if (c == '"' || c == '\\') {
      *out += '\\';
      *out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\u%04x", c);
      *out += escape;
    } else {
      *out += c;
    }
  }
}

// Escaped as a text-format string's content, quoted either way.
void AppendTextEscaped(const std::string& value, std::string* out) {
  for (char c : value) {
    if (c == '"' || c == '\'' || c == '\\') {
      *out += '\\';
      *out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\%03o", c);
      *out += escape;
    } else {
      *out += c;
    }
  }
}

std::string Uuid(std::mt19937_64* random) {
  uint64_t high = (*random)();
  uint64_t low = (*random)();
  // Version 4 (random), variant 10.
  high = (high & ~uint64_t{0xF000}) | 0x4000;
  low = (low & ~(uint64_t{0xC} << 60)) | (uint64_t{0x8} << 60);
  char text[40];
  std::snprintf(text, sizeof text,
                "%08" PRIx64 "-%04" PRIx64 "-%04" PRIx64 "-%04" PRIx64
                "-%012" PRIx64,
                high >> 32, (high >> 16) & 0xFFFF, high & 0xFFFF, low >> 48,
                low & 0xFFFFFFFFFFFF);
  return text;
}

int64_t UnixIn(int64_t per_second) {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::nanoseconds>(now).count() /
         (1000000000 / per_second);
}

}  // namespace

bool PlaceholderFiles::Lines(const std::string& path,
                             const std::vector<std::string>** lines,
                             std::string* err) {
  auto found = files_.find(path);
  if (found == files_.end()) {
    std::string bytes;
    if (!ReadWholeFile(path, "", kMaxSchemaFileBytes, &bytes, err)) {
      return false;
    }
    std::vector<std::string> read;
    size_t start = 0;
    while (start < bytes.size()) {
      size_t end = bytes.find('\n', start);
      if (end == std::string::npos) end = bytes.size();
      std::string line = bytes.substr(start, end - start);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      read.push_back(line);
      start = end + 1;
    }
    if (read.empty()) {
      *err = path + ": holds no line for {{line:...}} to take";
      return false;
    }
    found = files_.emplace(path, std::move(read)).first;
  }
  *lines = &found->second;
  return true;
}

bool CallTemplate::Compile(const std::string& text, PlaceholderSyntax syntax,
                           const std::string& name, int line, int column,
                           bool workers, PlaceholderFiles* files,
                           std::string* err, int message_number) {
  syntax_ = syntax;
  segments_.clear();
  has_placeholders_ = false;
  TextPosition position{line, column};
  char quote = 0;  // the quote of the string the scan is in, if any
  std::string literal;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '{' && i + 1 < text.size() && text[i + 1] == '{') {
      auto where = [&] {
        return name + ":" + std::to_string(position.line) + ":" +
               std::to_string(position.column) + ": " +
               (message_number > 0
                    ? "message " + std::to_string(message_number) + ": "
                    : "");
      };
      // A placeholder is on one line: a }} further on closes no {{ here.
      size_t end = text.find("}}", i + 2);
      size_t line_end = text.find('\n', i + 2);
      if (end == std::string::npos || line_end < end) {
        *err = where() +
               "a placeholder {{ has no }}; write {{literal:{{}} for "
               "the text {{";
        return false;
      }
      Segment segment;
      std::string inside = Trim(text.substr(i + 2, end - i - 2));
      if (!ReadPlaceholder(inside, quote != 0, files, &segment, err)) {
        // What was typed, on the error's one line.
        *err = where() + EscapeControls(*err);
        return false;
      }
      if (segment.kind == Kind::kWorker && !workers) {
        *err = where() + "{{worker}} is bench's: call --batch has no workers";
        return false;
      }
      // A literal too: the text is no longer the input's.
      has_placeholders_ = true;
      if (segment.kind == Kind::kText) {
        literal += segment.text;
      } else {
        if (!literal.empty()) segments_.push_back({Kind::kText, literal});
        literal.clear();
        segments_.push_back(segment);
      }
      for (size_t j = i; j < end + 2; ++j) position.Advance(text[j]);
      i = end + 1;
      continue;
    }
    // Whether the scan is inside a string: a value there is escaped.
    if (syntax != PlaceholderSyntax::kHeader) {
      if (quote != 0 && c == '\\' && i + 1 < text.size()) {
        literal += c;
        position.Advance(c);
        c = text[++i];
      } else if (quote != 0 && c == quote) {
        quote = 0;
      } else if (quote == 0 &&
                 (c == '"' ||
                  (c == '\'' && syntax == PlaceholderSyntax::kTextFormat))) {
        quote = c;
      }
    }
    literal += c;
    position.Advance(c);
  }
  if (!literal.empty()) segments_.push_back({Kind::kText, literal});
  return true;
}

bool CallTemplate::ReadPlaceholder(const std::string& inside, bool in_string,
                                   PlaceholderFiles* files, Segment* segment,
                                   std::string* err) const {
  segment->escaped = in_string && syntax_ != PlaceholderSyntax::kHeader;
  std::string name = inside.substr(0, inside.find(':'));
  std::string rest = inside.size() > name.size()
                         ? inside.substr(name.size() + 1)
                         : std::string();
  bool has_rest = inside.size() > name.size();
  static const std::map<std::string, Kind> kPlain = {
      {"call", Kind::kCall},       {"worker", Kind::kWorker},
      {"uuid", Kind::kUuid},       {"unix", Kind::kUnix},
      {"unix_ms", Kind::kUnixMs},  {"unix_ns", Kind::kUnixNs},
      {"rfc3339", Kind::kRfc3339},
  };
  // {{literal:{{}}: the text after the colon, as it is.
  if (name == "literal") {
    segment->kind = Kind::kText;
    segment->text = rest;
    return true;
  }
  auto plain = kPlain.find(name);
  if (plain != kPlain.end()) {
    if (has_rest) {
      *err =
          "{{" + name + "}} takes nothing after it (found \":" + rest + "\")";
      return false;
    }
    segment->kind = plain->second;
    return true;
  }
  if (name == "randint") {
    size_t colon = rest.find(':', rest[0] == '-' ? 1 : 0);
    if (colon == std::string::npos ||
        !ParseInteger(rest.substr(0, colon), &segment->low) ||
        !ParseInteger(rest.substr(colon + 1), &segment->high) ||
        segment->low > segment->high) {
      *err = "{{" + inside +
             "}}: write {{randint:MIN:MAX}}, whole numbers "
             "with MIN at most MAX";
      return false;
    }
    segment->kind = Kind::kRandInt;
    return true;
  }
  if (name == "randstr") {
    if (!ParseInteger(rest, &segment->high) || segment->high < 1 ||
        segment->high > kLongestRandomString) {
      *err = "{{" + inside + "}}: write {{randstr:N}}, N from 1 to " +
             std::to_string(kLongestRandomString);
      return false;
    }
    segment->kind = Kind::kRandStr;
    return true;
  }
  if (name == "line" || name == "randline") {
    if (rest.empty()) {
      *err = "{{" + name + "}} names no file: write {{" + name + ":FILE}}";
      return false;
    }
    if (!files->Lines(rest, &segment->lines, err)) return false;
    if (syntax_ == PlaceholderSyntax::kHeader) {
      for (size_t i = 0; i < segment->lines->size(); ++i) {
        for (char c : (*segment->lines)[i]) {
          if (static_cast<unsigned char>(c) < 0x20 ||
              static_cast<unsigned char>(c) >= 0x7F) {
            *err = rest + ":" + std::to_string(i + 1) +
                   ": not printable ASCII, which a header value must be "
                   "(a -bin header takes no placeholder)";
            return false;
          }
        }
      }
    }
    segment->kind = name == "line" ? Kind::kLine : Kind::kRandLine;
    return true;
  }
  *err = "{{" + inside + "}} is no placeholder; there are " + kKnown +
         ", and literal:TEXT for TEXT as it is";
  return false;
}

std::string CallTemplate::ValueOf(const Segment& segment,
                                  const CallValues& values) const {
  std::mt19937_64& random = *values.random;
  switch (segment.kind) {
    case Kind::kText:
      return segment.text;
    case Kind::kCall:
      return std::to_string(values.call);
    case Kind::kWorker:
      return std::to_string(values.worker);
    case Kind::kUuid:
      return Uuid(&random);
    case Kind::kUnix:
      return std::to_string(UnixIn(1));
    case Kind::kUnixMs:
      return std::to_string(UnixIn(1000));
    case Kind::kUnixNs:
      return std::to_string(UnixIn(1000000000));
    case Kind::kRfc3339:
      return Rfc3339Utc(std::chrono::duration_cast<std::chrono::nanoseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count(),
                        1000000000, 9);
    case Kind::kRandInt:
      return std::to_string(std::uniform_int_distribution<int64_t>(
          segment.low, segment.high)(random));
    case Kind::kRandStr: {
      static constexpr char kAlphabet[] =
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
      std::uniform_int_distribution<int> pick(0, sizeof kAlphabet - 2);
      std::string text(static_cast<size_t>(segment.high), ' ');
      for (char& c : text) c = kAlphabet[pick(random)];
      return text;
    }
    case Kind::kLine:
      return (*segment.lines)[static_cast<size_t>(values.call) %
                              segment.lines->size()];
    case Kind::kRandLine:
      return (*segment.lines)[std::uniform_int_distribution<size_t>(
          0, segment.lines->size() - 1)(random)];
  }
  return "";
}

void CallTemplate::Append(const Segment& segment, const std::string& value,
                          std::string* out) const {
  if (!segment.escaped) {
    *out += value;
  } else if (syntax_ == PlaceholderSyntax::kJson) {
    AppendJsonEscaped(value, out);
  } else {
    AppendTextEscaped(value, out);
  }
}

std::string CallTemplate::Render(const CallValues& values) const {
  std::string out;
  for (const Segment& segment : segments_) {
    if (segment.kind == Kind::kText) {
      out += segment.text;
    } else {
      Append(segment, ValueOf(segment, values), &out);
    }
  }
  return out;
}

size_t CallTemplate::ExtremeCount() const {
  size_t count = 1;
  for (const Segment& segment : segments_) {
    count = std::max(count, ExtremesOf(segment));
  }
  return count;
}

size_t CallTemplate::ExtremesOf(const Segment& segment) const {
  if (segment.kind == Kind::kRandInt) return 2;
  if (segment.kind == Kind::kLine || segment.kind == Kind::kRandLine) {
    return segment.lines->size();
  }
  return 1;
}

std::string CallTemplate::Extreme(size_t index) const {
  std::mt19937_64 random(0);
  CallValues values{0, 0, &random};
  std::string rendered;
  for (const Segment& segment : segments_) {
    if (segment.kind == Kind::kText) {
      rendered += segment.text;
      continue;
    }
    // Each placeholder takes its own extremes in turn.
    size_t which = index % ExtremesOf(segment);
    if (segment.kind == Kind::kRandInt) {
      Append(segment, std::to_string(which == 0 ? segment.low : segment.high),
             &rendered);
    } else if (segment.kind == Kind::kLine || segment.kind == Kind::kRandLine) {
      Append(segment, (*segment.lines)[which], &rendered);
    } else {
      Append(segment, ValueOf(segment, values), &rendered);
    }
  }
  return rendered;
}

}  // namespace rpccli
