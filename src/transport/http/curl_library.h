// libcurl, loaded when a call over Connect or gRPC-Web first needs it:
// linked in, it and the twenty libraries it pulls in would cost every
// rpccli start several milliseconds of dynamic linking, gRPC calls too.
#ifndef RPCCLI_TRANSPORT_HTTP_CURL_LIBRARY_H_
#define RPCCLI_TRANSPORT_HTTP_CURL_LIBRARY_H_

#include <curl/curl.h>

#include <string>

namespace rpccli {

/// The libcurl functions rpccli uses, from libcurl.so.4.
struct CurlLibrary {
  CURL* (*easy_init)();
  void (*easy_cleanup)(CURL*);
  CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
  CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
  CURLcode (*easy_pause)(CURL*, int);
  CURLcode (*easy_perform)(CURL*);
  const char* (*easy_strerror)(CURLcode);
  CURLM* (*multi_init)();
  CURLMcode (*multi_cleanup)(CURLM*);
  CURLMcode (*multi_setopt)(CURLM*, CURLMoption, ...);
  CURLMcode (*multi_add_handle)(CURLM*, CURL*);
  CURLMcode (*multi_remove_handle)(CURLM*, CURL*);
  CURLMcode (*multi_perform)(CURLM*, int*);
  CURLMcode (*multi_poll)(CURLM*, curl_waitfd[], unsigned int, int, int*);
  CURLMcode (*multi_wakeup)(CURLM*);
  CURLMsg* (*multi_info_read)(CURLM*, int*);
  curl_slist* (*slist_append)(curl_slist*, const char*);
  void (*slist_free_all)(curl_slist*);
};

/// libcurl, loaded and initialised once; null, with `err` saying why and
/// what to install, if it cannot be.
const CurlLibrary* LoadCurl(std::string* err);

}  // namespace rpccli

#endif  // RPCCLI_TRANSPORT_HTTP_CURL_LIBRARY_H_
