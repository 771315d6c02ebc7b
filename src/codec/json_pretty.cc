#include "codec/json_pretty.h"

namespace rpccli {

void AppendIndentedJson(const std::string& compact, std::string* out) {
  out->reserve(out->size() + compact.size() * 2);
  int depth = 0;
  auto new_line = [&] {
    out->push_back('\n');
    out->append(static_cast<size_t>(depth) * 2, ' ');
  };
  bool in_string = false;
  bool escape = false;
  for (size_t i = 0; i < compact.size(); ++i) {
    char c = compact[i];
    if (in_string) {
      out->push_back(c);
      if (escape) {
        escape = false;
      } else if (c == '\\') {
        escape = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        out->push_back(c);
        break;
      case '{':
      case '[':
        out->push_back(c);
        if (i + 1 < compact.size() &&
            compact[i + 1] == (c == '{' ? '}' : ']')) {
          out->push_back(compact[++i]);
        } else {
          ++depth;
          new_line();
        }
        break;
      case '}':
      case ']':
        --depth;
        new_line();
        out->push_back(c);
        break;
      case ',':
        out->push_back(c);
        new_line();
        break;
      case ':':
        out->append(": ");
        break;
      default:
        out->push_back(c);
    }
  }
}

}  // namespace rpccli
