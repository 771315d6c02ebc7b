// UTF-8 as rpccli reads and prints it: checked, walked a code point at a
// time, cut without splitting a sequence, and escaped for a terminal.
#ifndef RPCCLI_BASE_UTF8_H_
#define RPCCLI_BASE_UTF8_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace rpccli {

/// Whether `text` is well-formed UTF-8: no stray continuation bytes,
/// overlong forms, surrogates or code points past U+10FFFF.
bool IsValidUtf8(std::string_view text);

/// Reads the code point at `text[*at]` into `code` and moves `at` past it;
/// false if the UTF-8 there is not well-formed.
bool NextCodePoint(std::string_view text, size_t* at, uint32_t* code);

/// Appends `code`, a code point that is not a surrogate, as UTF-8.
void AppendUtf8(uint32_t code, std::string* out);

/// `text` with control characters (C0, DEL and C1) and bytes that are not
/// UTF-8 written as `\xNN`: what a server sent is shown, but cannot move
/// the cursor, recolour or retitle the terminal, or start a line that
/// looks like rpccli's.
std::string EscapeControls(std::string_view text);

/// The same, but newlines and tabs are kept: for text laid out in lines,
/// such as .proto source with its comments.
std::string EscapeControlsButLayout(std::string_view text);

/// The first `bytes` bytes of `text` or fewer, cut before a UTF-8
/// sequence rather than inside it.
std::string_view CutAtCodePoint(std::string_view text, size_t bytes);

}  // namespace rpccli

#endif  // RPCCLI_BASE_UTF8_H_
