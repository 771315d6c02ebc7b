#include "base/status_code.h"

namespace rpccli {

std::string StatusCodeName(grpc::StatusCode code) {
  static const char* const kNames[] = {
      "OK",
      "Canceled",
      "Unknown",
      "InvalidArgument",
      "DeadlineExceeded",
      "NotFound",
      "AlreadyExists",
      "PermissionDenied",
      "ResourceExhausted",
      "FailedPrecondition",
      "Aborted",
      "OutOfRange",
      "Unimplemented",
      "Internal",
      "Unavailable",
      "DataLoss",
      "Unauthenticated",
  };
  int index = static_cast<int>(code);
  if (index < 0 || index >= static_cast<int>(sizeof kNames / sizeof *kNames)) {
    return "Code(" + std::to_string(index) + ")";
  }
  return kNames[index];
}

}  // namespace rpccli
