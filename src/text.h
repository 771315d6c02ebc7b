// String tests C++17 lacks (std::string::starts_with arrives in C++20).
#ifndef RPCCLI_TEXT_H_
#define RPCCLI_TEXT_H_

#include <string>

namespace rpccli {

inline bool StartsWith(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

inline bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace rpccli

#endif  // RPCCLI_TEXT_H_
