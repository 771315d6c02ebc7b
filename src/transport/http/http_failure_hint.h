// What to do about a call over Connect or gRPC-Web whose transfer failed
// before any answer: the likely cause of curl's error, and the flag that
// helps, in a clause that follows curl's message.
#ifndef RPCCLI_TRANSPORT_HTTP_HTTP_FAILURE_HINT_H_
#define RPCCLI_TRANSPORT_HTTP_HTTP_FAILURE_HINT_H_

#include <curl/curl.h>

#include <string>

namespace rpccli {

/// The hint for `result`, whose message was `why`, over TLS or not, with
/// or without a client certificate given; empty when there is none. It
/// starts with "; " or ": ", to follow `why`.
std::string FailureHint(CURLcode result, const std::string& why, bool tls,
                        bool client_certificate);

/// The hint for `result` when rpccli chose HTTP/1.1 itself, as for
/// `call --batch` and `bench`: a server that speaks HTTP/2 alone cannot be
/// reached so, and no flag changes it. Empty for another failure.
std::string ManyCallsOverHttp1Hint(CURLcode result, bool tls);

}  // namespace rpccli

#endif  // RPCCLI_TRANSPORT_HTTP_HTTP_FAILURE_HINT_H_
