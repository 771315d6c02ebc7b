// How long a command waits for its connection, and how it says it waited
// in vain: the same words for gRPC's channel and the HTTP transports.
#ifndef RPCCLI_TRANSPORT_CONNECT_WAIT_H_
#define RPCCLI_TRANSPORT_CONNECT_WAIT_H_

#include <string>

#include "base/options.h"

namespace rpccli {

/// How long to wait for a connection: --connect-timeout, or --max-time when
/// that is shorter, since it bounds the whole call. (--batch and bench,
/// whose --max-time is each call's, connect with it cleared.)
double ConnectWaitSeconds(const ConnectionOptions& options);

/// The flag that set that wait: "--max-time" or "--connect-timeout".
std::string ConnectWaitFlag(const ConnectionOptions& options);

/// "no connection within 1.5 s (--connect-timeout)", naming the flag that
/// set the wait.
std::string NoConnectionWithin(const ConnectionOptions& options);

}  // namespace rpccli

#endif  // RPCCLI_TRANSPORT_CONNECT_WAIT_H_
