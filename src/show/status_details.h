// The details of a failed call: the google.rpc.Status a server may send in
// the grpc-status-details-bin trailer, each detail decoded to JSON.
#ifndef RPCCLI_SHOW_STATUS_DETAILS_H_
#define RPCCLI_SHOW_STATUS_DETAILS_H_

#include <grpcpp/support/status.h>

#include <string>
#include <vector>

#include "codec/codec.h"

namespace rpccli {

/// Each detail of `status` as compact JSON with its "@type". The standard
/// google.rpc details (ErrorInfo, BadRequest, RetryInfo...) are built in;
/// other types are decoded with `codec`'s schema, or shown as base64.
/// Empty if the status carries no details.
std::vector<std::string> DecodeStatusDetails(const grpc::Status& status,
                                             const Codec& codec);

}  // namespace rpccli

#endif  // RPCCLI_SHOW_STATUS_DETAILS_H_
