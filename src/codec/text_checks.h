// What protobuf's text-format parser changes or takes without a word: a
// number too small for a double or float becomes 0, one past its range
// becomes inf, a map key given twice is sent twice (the server keeps one),
// and an escape past a byte or a code point ("\500", "\U00110000") is
// sent as something else. Found after parsing, from where each value was
// written.
#ifndef RPCCLI_CODEC_TEXT_CHECKS_H_
#define RPCCLI_CODEC_TEXT_CHECKS_H_

#include <google/protobuf/message.h>
#include <google/protobuf/text_format.h>

#include <string>
#include <string_view>

namespace rpccli {

/// False, with what is wrong and its 1-based line and column, if a double
/// or float field of `message`, parsed from `text` with `tree` recording
/// where, holds 0 for a number written as not 0, or inf for a finite one,
/// or if a map has a key twice.
bool CheckParsedText(const google::protobuf::Message& message,
                     const google::protobuf::TextFormat::ParseInfoTree& tree,
                     std::string_view text, std::string* what, int* line,
                     int* column);

/// Where, in `text` (parsed into `message` with `tree` recording where),
/// the first string that must be UTF-8 and is not was written, taken in
/// the order FindInvalidUtf8 (utf8.h) takes them: its field's 1-based line
/// and column. False if there is none, or if its place is not known.
bool InvalidUtf8Place(const google::protobuf::Message& message,
                      const google::protobuf::TextFormat::ParseInfoTree& tree,
                      std::string_view text, int* line, int* column);

/// protobuf's text parser counts a column in bytes, a tab taking it to
/// the next multiple of 8; rpccli counts characters. `column` (1-based, on
/// 1-based `line` of `text`) as rpccli counts it; or, if `name` is given
/// and written before it on that line, the column where `name` starts
/// (protobuf places some errors after the name they are about).
int CharacterColumn(std::string_view text, int line, int column,
                    std::string_view name = {});

}  // namespace rpccli

#endif  // RPCCLI_CODEC_TEXT_CHECKS_H_
