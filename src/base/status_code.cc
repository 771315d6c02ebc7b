#include "base/status_code.h"

#include <cstdio>

namespace rpccli {

namespace {

constexpr const char* kNames[] = {
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
constexpr int kKnown = static_cast<int>(sizeof kNames / sizeof *kNames);

}  // namespace

std::string StatusCodeName(grpc::StatusCode code) {
  int index = static_cast<int>(code);
  if (index < 0 || index >= kKnown) {
    return "Code(" + std::to_string(index) + ")";
  }
  return kNames[index];
}

bool StatusCodeFromName(const std::string& name, int* code) {
  for (int i = 0; i < kKnown; ++i) {
    if (name == kNames[i]) {
      *code = i;
      return true;
    }
  }
  // Code(N) for a code past the names (gRPC's enum reaches 31) or its
  // DO_NOT_USE -1; never for one that has a name.
  int number = 0;
  char end = 0;
  if (std::sscanf(name.c_str(), "Code(%d%c", &number, &end) == 2 &&
      end == ')' && name == "Code(" + std::to_string(number) + ")" &&
      (number == -1 || (number >= kKnown && number <= 31))) {
    *code = number;
    return true;
  }
  return false;
}

}  // namespace rpccli
