// What a server may answer, by the protocol, whichever transport carried
// it: a call that broke the rules fails, with a status saying how, rather
// than show an answer the server never gave.
#ifndef RPCCLI_TRANSPORT_ANSWER_CHECKS_H_
#define RPCCLI_TRANSPORT_ANSWER_CHECKS_H_

#include <string>

#include "transport/call_engine.h"

namespace rpccli {

/// The status of a call the server ended, checked: a code outside gRPC's
/// 0..16 is Unknown (its exit code would wrap around to 0 or pass for
/// another), and OK with no response to a method that returns one
/// (`one_response`) is Internal. Other outcomes are left as they are.
void CheckAnswer(bool one_response, CallOutcome* outcome);

/// The status for a grpc-status that is not a gRPC code (`code_text` as
/// sent), keeping the server's message.
grpc::Status NotAStatusCode(const std::string& code_text,
                            const std::string& message);

/// The status for a second response to a method that returns one.
grpc::Status SecondResponse();

}  // namespace rpccli

#endif  // RPCCLI_TRANSPORT_ANSWER_CHECKS_H_
