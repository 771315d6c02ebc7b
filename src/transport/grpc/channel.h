// From a target and connection flags to a connected grpc::Channel.
#ifndef RPCCLI_TRANSPORT_GRPC_CHANNEL_H_
#define RPCCLI_TRANSPORT_GRPC_CHANNEL_H_

#include <grpcpp/channel.h>

#include <memory>
#include <string>

#include "base/options.h"

namespace rpccli {

/// A target as gRPC wants it, and whether its scheme asked for plaintext.
struct ParsedTarget {
  std::string grpc_target;
  bool plaintext = false;
  /// A URL's path, which goes before each method's (/prefix/pkg.Svc/M):
  /// a reverse proxy routes by it. "" if none.
  std::string path_prefix;
};

/// `http://host:port` means plaintext and `https://host:port` TLS; the
/// scheme and path are dropped (the path kept as `path_prefix`). Anything
/// else is passed to gRPC unchanged.
ParsedTarget ParseTarget(const std::string& target, bool plaintext_flag);

/// Creates the channel; it connects lazily. Fails if a certificate or key
/// file cannot be read. gRPC shares one connection among channels made
/// alike; `own_connection` gives this one a connection of its own.
bool CreateChannel(const ConnectionOptions& options,
                   std::shared_ptr<grpc::Channel>* channel, std::string* err,
                   bool own_connection = false);

/// Connects, giving up at the first failed attempt or after
/// ConnectWaitSeconds (connect_wait.h), whichever comes first.
bool WaitForConnection(grpc::Channel* channel, const ConnectionOptions& options,
                       std::string* err);

}  // namespace rpccli

#endif  // RPCCLI_TRANSPORT_GRPC_CHANNEL_H_
