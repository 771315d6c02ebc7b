// Calls over grpc::GenericStub: wire bytes in, wire bytes out. No JSON and
// no descriptors here; the caller converts.
#ifndef RPCCLI_CALL_H_
#define RPCCLI_CALL_H_

#include <grpcpp/channel.h>
#include <grpcpp/support/status.h>

#include <memory>
#include <string>

namespace rpccli {

/// Sends one request to `wire_path` (`/pkg.Service/Method`) and waits for
/// the reply. `response` is filled only when the status is OK.
grpc::Status CallUnary(const std::shared_ptr<grpc::Channel>& channel,
                       const std::string& wire_path, const std::string& request,
                       std::string* response);

}  // namespace rpccli

#endif  // RPCCLI_CALL_H_
