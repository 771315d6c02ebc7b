// What to do about a call over Connect or gRPC-Web whose transfer failed
// before any answer: the likely cause of curl's error, and the flag that
// helps, in a clause that follows curl's message.
#ifndef RPCCLI_HTTP_FAILURE_HINT_H_
#define RPCCLI_HTTP_FAILURE_HINT_H_

#include <curl/curl.h>

#include <string>

namespace rpccli {

/// The hint for `result`, whose message was `why`, over TLS or not, with
/// or without a client certificate given; empty when there is none. It
/// starts with "; " or ": ", to follow `why`.
std::string FailureHint(CURLcode result, const std::string& why, bool tls,
                        bool client_certificate);

}  // namespace rpccli

#endif  // RPCCLI_HTTP_FAILURE_HINT_H_
