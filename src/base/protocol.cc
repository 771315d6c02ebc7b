#include "base/protocol.h"

namespace rpccli {

bool ParseProtocol(std::string_view name, Protocol* protocol) {
  if (name == "grpc") {
    *protocol = Protocol::kGrpc;
  } else if (name == "grpcweb") {
    *protocol = Protocol::kGrpcWeb;
  } else if (name == "connect") {
    *protocol = Protocol::kConnect;
  } else {
    return false;
  }
  return true;
}

std::string ProtocolName(Protocol protocol) {
  switch (protocol) {
    case Protocol::kGrpc:
      return "grpc";
    case Protocol::kGrpcWeb:
      return "grpcweb";
    case Protocol::kConnect:
      return "connect";
  }
  return "grpc";
}

std::vector<std::string> ProtocolNames() {
  return {ProtocolName(Protocol::kGrpc), ProtocolName(Protocol::kConnect),
          ProtocolName(Protocol::kGrpcWeb)};
}

}  // namespace rpccli
