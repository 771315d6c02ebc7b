// The protocols rpccli speaks: gRPC itself, and Connect and gRPC-Web over
// plain HTTP (transport/http/), named as --protocol and buf curl name them.
#ifndef RPCCLI_BASE_PROTOCOL_H_
#define RPCCLI_BASE_PROTOCOL_H_

#include <string>
#include <string_view>
#include <vector>

namespace rpccli {

enum class Protocol { kGrpc, kGrpcWeb, kConnect };

/// `grpc`, `grpcweb` or `connect`, as buf curl names them.
bool ParseProtocol(std::string_view name, Protocol* protocol);
std::string ProtocolName(Protocol protocol);

/// Every protocol's name, in the order --help lists them.
std::vector<std::string> ProtocolNames();

}  // namespace rpccli

#endif  // RPCCLI_BASE_PROTOCOL_H_
