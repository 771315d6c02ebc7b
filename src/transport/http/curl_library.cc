#include "transport/http/curl_library.h"

#include <dlfcn.h>

#include <mutex>

namespace rpccli {
namespace {

// Looks `name` up in `library` into `function`; false if it is missing.
template <typename Function>
bool Find(void* library, const char* name, Function* function) {
  *function = reinterpret_cast<Function>(dlsym(library, name));
  return *function != nullptr;
}

bool Load(CurlLibrary* curl, std::string* err) {
  // RTLD_LOCAL: its OpenSSL stays its own, apart from the one gRPC uses.
  void* library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    *err = std::string(
               "cannot load libcurl, which --protocol connect and "
               "grpcweb use (apt-get install libcurl4): ") +
           dlerror();
    return false;
  }
  CURLcode (*global_init)(long) = nullptr;
  bool found =
      Find(library, "curl_global_init", &global_init) &&
      Find(library, "curl_easy_init", &curl->easy_init) &&
      Find(library, "curl_easy_cleanup", &curl->easy_cleanup) &&
      Find(library, "curl_easy_setopt", &curl->easy_setopt) &&
      Find(library, "curl_easy_getinfo", &curl->easy_getinfo) &&
      Find(library, "curl_easy_pause", &curl->easy_pause) &&
      Find(library, "curl_easy_perform", &curl->easy_perform) &&
      Find(library, "curl_easy_strerror", &curl->easy_strerror) &&
      Find(library, "curl_multi_init", &curl->multi_init) &&
      Find(library, "curl_multi_cleanup", &curl->multi_cleanup) &&
      Find(library, "curl_multi_setopt", &curl->multi_setopt) &&
      Find(library, "curl_multi_add_handle", &curl->multi_add_handle) &&
      Find(library, "curl_multi_remove_handle", &curl->multi_remove_handle) &&
      Find(library, "curl_multi_perform", &curl->multi_perform) &&
      Find(library, "curl_multi_poll", &curl->multi_poll) &&
      Find(library, "curl_multi_wakeup", &curl->multi_wakeup) &&
      Find(library, "curl_multi_info_read", &curl->multi_info_read) &&
      Find(library, "curl_slist_append", &curl->slist_append) &&
      Find(library, "curl_slist_free_all", &curl->slist_free_all);
  if (!found) {
    *err = "libcurl.so.4 is older than rpccli needs (7.68 or later): " +
           std::string(dlerror());
    return false;
  }
  if (global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    *err = "libcurl could not be initialised";
    return false;
  }
  return true;
}

}  // namespace

const CurlLibrary* LoadCurl(std::string* err) {
  static CurlLibrary curl;
  static std::string load_error;
  static bool loaded = false;
  static std::once_flag once;
  std::call_once(once, [] { loaded = Load(&curl, &load_error); });
  if (!loaded) {
    *err = load_error;
    return nullptr;
  }
  return &curl;
}

}  // namespace rpccli
