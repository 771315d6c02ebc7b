// gRPC status codes by name, as people see them in every gRPC CLI.
#ifndef RPCCLI_BASE_STATUS_CODE_H_
#define RPCCLI_BASE_STATUS_CODE_H_

#include <grpcpp/support/status.h>

#include <string>

namespace rpccli {

/// The name grpcurl and grpc-go give a status code: `NotFound`, `Unknown`;
/// `Code(N)` for one past the known ones.
std::string StatusCodeName(grpc::StatusCode code);

/// The code StatusCodeName gives `name`: a known one's name, or `Code(N)`
/// for -1 and 17..31 (the range of gRPC's enum); false for any other name.
bool StatusCodeFromName(const std::string& name, int* code);

}  // namespace rpccli

#endif  // RPCCLI_BASE_STATUS_CODE_H_
