#include "codec/type_url.h"

namespace rpccli {

std::string TypeNameOfUrl(std::string_view url) {
  size_t slash = url.rfind('/');
  return std::string(slash == std::string_view::npos ? url
                                                     : url.substr(slash + 1));
}

}  // namespace rpccli
