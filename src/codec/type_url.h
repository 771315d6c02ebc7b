// An Any's type URL and the type it names.
#ifndef RPCCLI_CODEC_TYPE_URL_H_
#define RPCCLI_CODEC_TYPE_URL_H_

#include <string>
#include <string_view>

namespace rpccli {

/// The full name of the type `url` names: what follows its last '/', since
/// any host and path may come before it (example.com/x/shop.v1.Review), or
/// all of `url` if it has no '/'.
std::string TypeNameOfUrl(std::string_view url);

}  // namespace rpccli

#endif  // RPCCLI_CODEC_TYPE_URL_H_
