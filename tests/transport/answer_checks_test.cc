#include "transport/answer_checks.h"

#include <gtest/gtest.h>

namespace rpccli {
namespace {

CallOutcome Finished(grpc::Status status, int64_t responses) {
  CallOutcome outcome;
  outcome.end = CallOutcome::End::kFinished;
  outcome.status = std::move(status);
  outcome.responses_received = responses;
  return outcome;
}

TEST(CheckAnswer, OkWithNoResponseToAUnaryMethodIsInternal) {
  CallOutcome outcome = Finished(grpc::Status::OK, 0);
  CheckAnswer(/*one_response=*/true, &outcome);
  EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(outcome.status.error_message(),
            "protocol violation: the server ended the call with OK and no "
            "response, where the method returns one");
}

TEST(CheckAnswer, NoResponseIsFineForAStreamOrAnError) {
  CallOutcome stream = Finished(grpc::Status::OK, 0);
  CheckAnswer(/*one_response=*/false, &stream);
  EXPECT_TRUE(stream.status.ok());
  CallOutcome failed =
      Finished(grpc::Status(grpc::StatusCode::NOT_FOUND, "gone"), 0);
  CheckAnswer(/*one_response=*/true, &failed);
  EXPECT_EQ(failed.status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(failed.status.error_message(), "gone");
  CallOutcome answered = Finished(grpc::Status::OK, 1);
  CheckAnswer(/*one_response=*/true, &answered);
  EXPECT_TRUE(answered.status.ok());
}

TEST(CheckAnswer, OnlyCallsTheServerEndedAreChecked) {
  CallOutcome cancelled = Finished(grpc::Status::OK, 0);
  cancelled.end = CallOutcome::End::kCancelled;
  CheckAnswer(/*one_response=*/true, &cancelled);
  EXPECT_TRUE(cancelled.status.ok());
}

TEST(CheckAnswer, ACodeOutsideGrpcsIsUnknownKeepingTheMessage) {
  // 20 is inside the enum's range (to 31), so building the status is
  // defined; gRPC builds ones past it from the wire, which CheckAnswer
  // reads as numbers too.
  CallOutcome outcome = Finished(
      grpc::Status(static_cast<grpc::StatusCode>(20), "odd", "details"), 0);
  CheckAnswer(/*one_response=*/false, &outcome);
  EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::UNKNOWN);
  EXPECT_EQ(outcome.status.error_message(),
            "the server sent grpc-status 20, which is not a gRPC status code; "
            "its message: odd");
}

TEST(NotAStatusCode, SaysWhatWasSent) {
  EXPECT_EQ(NotAStatusCode("\"abc\"", "").error_message(),
            "the server sent grpc-status \"abc\", which is not a gRPC status "
            "code");
}

TEST(SecondResponse, IsAnInternalProtocolViolation) {
  EXPECT_EQ(SecondResponse().error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(SecondResponse().error_message(),
            "protocol violation: the server sent a second response to a "
            "method that returns one");
}

}  // namespace
}  // namespace rpccli
