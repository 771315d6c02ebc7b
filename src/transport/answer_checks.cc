#include "transport/answer_checks.h"

#include <string>

namespace rpccli {

namespace {

// gRPC hands on whatever number the server sent in a StatusCode, past the
// enum's range: read it as a number, or UBSan's enum check stops the run.
#if defined(__clang__)
__attribute__((no_sanitize("enum")))
#endif
int CodeAsSent(const grpc::Status& status) {
  return static_cast<int>(status.error_code());
}

}  // namespace

grpc::Status NotAStatusCode(const std::string& code_text,
                            const std::string& message) {
  return grpc::Status(
      grpc::StatusCode::UNKNOWN,
      "the server sent grpc-status " + code_text +
          ", which is not a gRPC status code" +
          (message.empty() ? std::string() : "; its message: " + message));
}

void CheckAnswer(bool one_response, CallOutcome* outcome) {
  if (outcome->end != CallOutcome::End::kFinished) return;
  grpc::Status& status = outcome->status;
  int code = CodeAsSent(status);
  if (code < 0 || code > static_cast<int>(grpc::StatusCode::UNAUTHENTICATED)) {
    status = NotAStatusCode(std::to_string(code), status.error_message());
    return;
  }
  if (status.ok() && one_response && outcome->responses_received == 0) {
    status = grpc::Status(grpc::StatusCode::INTERNAL,
                          "protocol violation: the server ended the call with "
                          "OK and no response, where the method returns one");
  }
}

grpc::Status SecondResponse() {
  return grpc::Status(grpc::StatusCode::INTERNAL,
                      "protocol violation: the server sent a second response "
                      "to a method that returns one");
}

}  // namespace rpccli
