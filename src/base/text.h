// String helpers C++17 lacks (std::string::starts_with arrives in C++20).
#ifndef RPCCLI_BASE_TEXT_H_
#define RPCCLI_BASE_TEXT_H_

#include <string>

namespace rpccli {

inline bool StartsWith(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

inline bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// `text` with ASCII letters in lower case (header names, type names).
inline std::string Lowercase(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

/// `text` without leading and trailing spaces, tabs and carriage returns.
inline std::string Trim(const std::string& text) {
  size_t start = text.find_first_not_of(" \t\r");
  if (start == std::string::npos) return "";
  size_t end = text.find_last_not_of(" \t\r");
  return text.substr(start, end - start + 1);
}

}  // namespace rpccli

#endif  // RPCCLI_BASE_TEXT_H_
