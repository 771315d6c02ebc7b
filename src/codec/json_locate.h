// Where a field is in a request's JSON text, for errors that protobuf's
// parser reports by field name only: the line and column of the field's
// value, and the value as written.
#ifndef RPCCLI_CODEC_JSON_LOCATE_H_
#define RPCCLI_CODEC_JSON_LOCATE_H_

#include <string>
#include <string_view>

namespace rpccli {

struct JsonLocation {
  /// The value's line and column: 1-based, counted in the text given, the
  /// column in characters.
  int line = 0;
  int column = 0;
  /// The key's, for an error about the key itself.
  int key_line = 0;
  int key_column = 0;
  /// The value as written: a string's content unescaped, else its text.
  std::string value;
  /// The path as the user wrote it: a map's entry by its key
  /// (`counts["a"]` for protobuf's `counts[0].value`), a wrapper's or an
  /// entry's `value` left out.
  std::string path;
  /// The path ends at a map entry's key (protobuf's `counts[0].key`): the
  /// position and value are the key's.
  bool is_key = false;
};

/// The 1-based line and column (in characters) of `at` in `text`.
void TextPosition(std::string_view text, const char* at, int* line,
                  int* column);

/// `key` as a JSON string, as a path writes a map's key: `counts["a"]`.
std::string QuotedKey(std::string_view key);

/// Finds the field at `path` (names joined by '.', each matched to a key
/// as written or as its JSON or .proto spelling would be) in the JSON
/// object `text`. False if a step is not there or the text is not JSON.
bool LocateField(std::string_view text, const std::string& path,
                 JsonLocation* where);

}  // namespace rpccli

#endif  // RPCCLI_CODEC_JSON_LOCATE_H_
