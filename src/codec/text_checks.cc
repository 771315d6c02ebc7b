#include "codec/text_checks.h"

#include <cctype>
#include <cmath>
#include <optional>
#include <cstdlib>
#include <set>
#include <vector>

#include "base/text.h"
#include "base/utf8.h"
#include "codec/json_locate.h"
#include "codec/map_entry.h"
#include "codec/utf8_fields.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;
using Field = pb::FieldDescriptor;

// The offset of 0-based `line`, `column` in `text`, as protobuf's
// tokenizer counts them (a tab to the next multiple of 8); npos if past it.
size_t OffsetOf(std::string_view text, int line, int column) {
  size_t at = 0;
  for (int i = 0; i < line; ++i) {
    at = text.find('\n', at);
    if (at == std::string_view::npos) return at;
    ++at;
  }
  for (int counted = 0; counted < column; ++at) {
    if (at >= text.size() || text[at] == '\n') return std::string_view::npos;
    counted += text[at] == '\t' ? 8 - counted % 8 : 1;
  }
  return at;
}

// The values written where a field's name is at `at`: one for
// `name: 1e-400`, each element for `name: [1, 2]` (protobuf records where
// a list starts, not where its elements are). An element that is not a
// number is "", so that the rest keep their places; `[]` has none.
std::vector<std::string_view> ValuesAt(std::string_view text, size_t at) {
  auto skip = [&](auto keep) {
    while (at < text.size() && keep(text[at])) ++at;
  };
  auto skip_space = [&] {
    while (at < text.size()) {
      if (text[at] == '#') {  // a comment, to the end of its line
        skip([](char c) { return c != '\n'; });
      } else if (std::isspace(static_cast<unsigned char>(text[at]))) {
        ++at;
      } else {
        break;
      }
    }
  };
  auto next_value = [&]() -> std::string_view {
    size_t start = at;
    skip([](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '.' ||
             c == '-' || c == '+' || c == '_';
    });
    std::string_view token = text.substr(start, at - start);
    // Digits, a point, an exponent; f or F may end a float in text format.
    bool number =
        token.find_first_of("0123456789") != std::string_view::npos &&
        token.find_first_not_of("0123456789.eE+-fF") == std::string_view::npos;
    return number ? token : std::string_view();
  };
  skip([](char c) {  // the field's name
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
  skip_space();
  if (at < text.size() && text[at] == ':') ++at;
  skip_space();
  if (at >= text.size() || text[at] != '[') return {next_value()};
  ++at;
  std::vector<std::string_view> values;
  skip_space();
  if (at < text.size() && text[at] == ']') return values;  // []
  for (;;) {
    skip_space();
    values.push_back(next_value());
    skip_space();
    if (at >= text.size() || text[at] != ',') return values;
    ++at;
  }
}

// What is wrong with `value` as read from `written`, "" if nothing.
std::string Changed(const Field& field, double value,
                    std::string_view written) {
  std::string number(written);
  while (!number.empty() && (number.back() == 'f' || number.back() == 'F')) {
    number.pop_back();
  }
  std::string_view mantissa(number);
  mantissa = mantissa.substr(0, mantissa.find_first_of("eE"));
  bool written_zero =
      mantissa.find_first_of("123456789") == std::string_view::npos;
  if (value == 0 && !written_zero) {
    return std::string(written) + " is too small for " + field.type_name() +
           ", which would send it as 0";
  }
  // Written as a number, not as inf or infinity: past the type's range.
  std::string lower = Lowercase(number);
  if (!lower.empty() && lower[0] == '-') lower.erase(0, 1);
  if (std::isinf(value) && lower != "inf" && lower != "infinity") {
    return std::string(written) + " is out of range for " + field.type_name();
  }
  return "";
}

// The first escape in a string of `text` that protobuf's tokenizer reads
// as bytes other than written: an octal escape past \377 (it keeps the low
// 8 bits: "\500" is "@"), or a \U past the last code point (kept as its
// ten characters). Its offset in `at` and what is wrong, or "".
std::string MisreadEscape(std::string_view text, size_t* at) {
  auto is_octal = [](char c) { return c >= '0' && c <= '7'; };
  char quote = 0;  // inside a string, the quote that ends it
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quote == 0) {
      if (c == '#') {
        i = text.find('\n', i);
        if (i == std::string_view::npos) return "";
      } else if (c == '"' || c == '\'') {
        quote = c;
      }
      continue;
    }
    if (c == quote || c == '\n') {
      quote = 0;
      continue;
    }
    if (c != '\\' || i + 1 >= text.size()) continue;
    size_t start = i;
    char kind = text[++i];
    if (is_octal(kind)) {
      int value = 0;
      size_t end = i;
      while (end < text.size() && end < i + 3 && is_octal(text[end])) {
        value = value * 8 + (text[end++] - '0');
      }
      if (value > 0377) {
        *at = start;
        return std::string(text.substr(start, end - start)) +
               " is past \\377, the last byte an octal escape can write";
      }
      i = end - 1;
    } else if (kind == 'U' && i + 8 < text.size()) {
      std::string digits(text.substr(i + 1, 8));
      if (digits.find_first_not_of("0123456789abcdefABCDEF") ==
              std::string::npos &&
          std::stoul(digits, nullptr, 16) > 0x10FFFF) {
        *at = start;
        return std::string(text.substr(start, 10)) +
               " is past U+10FFFF, the last Unicode code point";
      }
    }
  }
  return "";
}

class Checker {
 public:
  explicit Checker(std::string_view text) : text_(text) {}

  bool Message(const pb::Message& message,
               const pb::TextFormat::ParseInfoTree& tree) {
    const pb::Reflection& reflection = *message.GetReflection();
    const pb::Descriptor& type = *message.GetDescriptor();
    // Every field, not only those set: a proto3 0 is not set, but it may
    // have been written as 1e-400.
    for (int f = 0; f < type.field_count(); ++f) {
      const Field* field = type.field(f);
      bool is_message = field->cpp_type() == Field::CPPTYPE_MESSAGE;
      if (is_message && !field->is_repeated() &&
          !reflection.HasField(message, field)) {
        continue;
      }
      int count =
          field->is_repeated() ? reflection.FieldSize(message, field) : 1;
      if (field->is_map() && !UniqueKeys(message, *field, tree)) return false;
      if (is_message) {
        for (int i = 0; i < count; ++i) {
          int index = field->is_repeated() ? i : -1;
          const pb::TextFormat::ParseInfoTree* nested =
              tree.GetTreeForNested(field, index);
          const pb::Message& child =
              field->is_repeated()
                  ? reflection.GetRepeatedMessage(message, field, i)
                  : reflection.GetMessage(message, field);
          path_.push_back(field->name());
          bool fine = nested == nullptr || Message(child, *nested);
          path_.pop_back();
          if (!fine) return false;
        }
        continue;
      }
      if (field->cpp_type() != Field::CPPTYPE_DOUBLE &&
          field->cpp_type() != Field::CPPTYPE_FLOAT) {
        continue;
      }
      // The values as written, in order. protobuf records where each
      // occurrence of the field's name is (a repeated field's i-th
      // occurrence, which may be a list of several values), not each value.
      std::vector<std::string_view> written;
      for (int occurrence = 0;; ++occurrence) {
        pb::TextFormat::ParseLocation where =
            tree.GetLocation(field, field->is_repeated() ? occurrence : -1);
        size_t at = where.line < 0 ? std::string_view::npos
                                   : OffsetOf(text_, where.line, where.column);
        if (at == std::string_view::npos) break;
        std::vector<std::string_view> values = ValuesAt(text_, at);
        written.insert(written.end(), values.begin(), values.end());
        if (!field->is_repeated()) break;
      }
      if (written.size() != static_cast<size_t>(count)) continue;  // unsure
      for (int i = 0; i < count && static_cast<size_t>(i) < written.size();
           ++i) {
        double value =
            Value(message, reflection, *field, field->is_repeated() ? i : -1);
        if ((value != 0 && std::isfinite(value)) || written[i].empty()) {
          continue;  // the usual case, or not known
        }
        std::string wrong = Changed(*field, value, written[i]);
        if (!wrong.empty()) {
          what_ = "field \"" + PathTo(*field) + "\": " + wrong;
          fault_ = static_cast<size_t>(written[i].data() - text_.data());
          return false;
        }
      }
    }
    return true;
  }

  std::string what_;
  size_t fault_ = 0;

 private:
  static double Value(const pb::Message& message,
                      const pb::Reflection& reflection, const Field& field,
                      int index) {
    bool is_float = field.cpp_type() == Field::CPPTYPE_FLOAT;
    if (index < 0) {
      return is_float ? reflection.GetFloat(message, &field)
                      : reflection.GetDouble(message, &field);
    }
    return is_float ? reflection.GetRepeatedFloat(message, &field, index)
                    : reflection.GetRepeatedDouble(message, &field, index);
  }

  std::string PathTo(const Field& field) const {
    std::string name;
    for (const std::string& step : path_) name += step + ".";
    return name + field.name();
  }

  // protobuf records where each entry was written; one written in list
  // syntax may have no place of its own: the place before it stands in.
  bool UniqueKeys(const pb::Message& message, const Field& field,
                  const pb::TextFormat::ParseInfoTree& tree) {
    const pb::Reflection& reflection = *message.GetReflection();
    std::set<std::string> keys;
    size_t known_at = 0;
    for (int i = 0; i < reflection.FieldSize(message, &field); ++i) {
      pb::TextFormat::ParseLocation where = tree.GetLocation(&field, i);
      size_t at = where.line < 0 ? std::string_view::npos
                                 : OffsetOf(text_, where.line, where.column);
      if (at != std::string_view::npos) known_at = at;
      std::string key =
          MapEntryKey(reflection.GetRepeatedMessage(message, &field, i));
      if (!keys.insert(key).second) {
        what_ = "field \"" + PathTo(field) + "\": the key \"" + key +
                "\" is given twice";
        fault_ = known_at;
        return false;
      }
    }
    return true;
  }

  std::string_view text_;
  std::vector<std::string> path_;  // the messages read into
};

}  // namespace

bool CheckParsedText(const pb::Message& message,
                     const pb::TextFormat::ParseInfoTree& tree,
                     std::string_view text, std::string* what, int* line,
                     int* column) {
  Checker checker(text);
  checker.what_ = MisreadEscape(text, &checker.fault_);
  if (checker.what_.empty() && checker.Message(message, tree)) return true;
  *what = checker.what_;
  *line = 1;
  *column = 1;
  for (size_t i = 0; i < checker.fault_; ++i) {
    if (text[i] == '\n') {
      ++*line;
      *column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++*column;  // characters, not bytes
    }
  }
  return false;
}

namespace {

// The offset of the first invalid string's field in `text`: npos if its
// place is not known; nullopt if there is no such string.
std::optional<size_t> InvalidUtf8At(const pb::Message& message,
                                    const pb::TextFormat::ParseInfoTree* tree,
                                    std::string_view text) {
  const pb::Reflection& reflection = *message.GetReflection();
  std::vector<const Field*> fields;
  reflection.ListFields(message, &fields);
  for (const Field* field : fields) {
    int count = field->is_repeated() ? reflection.FieldSize(message, field) : 1;
    for (int i = 0; i < count; ++i) {
      int index = field->is_repeated() ? i : -1;
      if (ChecksUtf8(*field)) {
        std::string scratch;
        const std::string& value =
            field->is_repeated()
                ? reflection.GetRepeatedStringReference(message, field, i,
                                                        &scratch)
                : reflection.GetStringReference(message, field, &scratch);
        if (IsValidUtf8(value)) continue;
        pb::TextFormat::ParseLocation where =
            tree == nullptr ? pb::TextFormat::ParseLocation()
                            : tree->GetLocation(field, index);
        return where.line < 0 ? std::string_view::npos
                              : OffsetOf(text, where.line, where.column);
      }
      if (field->cpp_type() != Field::CPPTYPE_MESSAGE) continue;
      const pb::Message& child =
          field->is_repeated() ? reflection.GetRepeatedMessage(message, field, i)
                               : reflection.GetMessage(message, field);
      std::optional<size_t> at = InvalidUtf8At(
          child, tree == nullptr ? nullptr : tree->GetTreeForNested(field, index),
          text);
      if (at.has_value()) return at;
    }
  }
  return std::nullopt;
}

}  // namespace

bool InvalidUtf8Place(const pb::Message& message,
                      const pb::TextFormat::ParseInfoTree& tree,
                      std::string_view text, int* line, int* column) {
  std::optional<size_t> at = InvalidUtf8At(message, &tree, text);
  if (!at.has_value() || *at == std::string_view::npos) return false;
  TextPosition(text, text.data() + *at, line, column);
  return true;
}

int CharacterColumn(std::string_view text, int line, int column,
                    std::string_view name) {
  size_t line_start = OffsetOf(text, line - 1, 0);
  size_t at = OffsetOf(text, line - 1, column - 1);
  if (line_start == std::string_view::npos) return column;
  if (at == std::string_view::npos) {  // past the line's end
    at = text.find('\n', line_start);
    if (at == std::string_view::npos) at = text.size();
  }
  if (!name.empty()) {
    size_t named = text.rfind(name, at);
    if (named != std::string_view::npos && named >= line_start) at = named;
  }
  int characters = 1;
  for (size_t i = line_start; i < at; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++characters;
  }
  return characters;
}

}  // namespace rpccli
