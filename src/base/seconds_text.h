// Lengths of time as people write them on a command line: 500ms, 5s, 1.5m,
// 2h, or a bare number of seconds.
#ifndef RPCCLI_BASE_SECONDS_TEXT_H_
#define RPCCLI_BASE_SECONDS_TEXT_H_

#include <string>

namespace rpccli {

/// The number `text` starts with, as people write one (digits or a '.'
/// first: no sign, no space, no hex; finite), and what follows it in
/// `rest`. False if it starts with none.
bool LeadingNumber(const std::string& text, double* value, std::string* rest);

/// A positive, finite number, whole if `whole`; false for anything else
/// (signs, spaces, hex, exponents past the range).
bool ParsePositiveNumber(const std::string& text, bool whole, double* value);

/// `text` in seconds: a positive number followed by ms, s, m or h, or by
/// nothing (seconds). False if it is not one.
bool ParseSeconds(const std::string& text, double* seconds);

}  // namespace rpccli

#endif  // RPCCLI_BASE_SECONDS_TEXT_H_
