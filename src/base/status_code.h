// gRPC status codes by name, as people see them in every gRPC CLI.
#ifndef RPCCLI_BASE_STATUS_CODE_H_
#define RPCCLI_BASE_STATUS_CODE_H_

#include <grpcpp/support/status.h>

#include <string>

namespace rpccli {

/// The name grpcurl and grpc-go give a status code: `NotFound`, `Unknown`;
/// `Code(N)` for one past the known ones.
std::string StatusCodeName(grpc::StatusCode code);

/// The code StatusCodeName gives `name`; false for a name it never gives.
bool StatusCodeFromName(const std::string& name, int* code);

}  // namespace rpccli

#endif  // RPCCLI_BASE_STATUS_CODE_H_
