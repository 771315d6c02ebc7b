// Text for what rpccli prints about a call: the status of a failed RPC.
#ifndef RPCCLI_PRINTER_H_
#define RPCCLI_PRINTER_H_

#include <grpcpp/support/status.h>

#include <string>

namespace rpccli {

/// The name grpcurl and grpc-go give a status code: `NotFound`, `Unknown`.
std::string StatusCodeName(grpc::StatusCode code);

/// The failed status as grpcurl prints it:
///   ERROR:
///     Code: NotFound
///     Message: ...
std::string FormatStatus(const grpc::Status& status);

}  // namespace rpccli

#endif  // RPCCLI_PRINTER_H_
