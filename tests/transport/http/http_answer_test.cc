#include "transport/http/http_answer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "transport/http/gzip.h"

namespace rpccli {
namespace {

const MethodShape kUnary{false, false};
const MethodShape kServerStream{false, true};

// Keeps what it is handed; refuses responses once `refuse` is set.
class Collected : public ResponseSink {
 public:
  void OnHeaders(const Headers& headers) override { this->headers = headers; }
  bool OnResponse(const std::string& bytes) override {
    responses.push_back(bytes);
    return !refuse;
  }
  bool OnIdle() override { return !refuse; }

  Headers headers;
  std::vector<std::string> responses;
  bool refuse = false;
};

std::string Frame(uint8_t flags, const std::string& bytes) {
  std::string frame;
  AppendEnvelope(flags, bytes, &frame);
  return frame;
}

// An answer read from the lines and body given, as curl hands them.
class AnswerTest : public testing::Test {
 protected:
  void Start(Protocol protocol, MethodShape shape, int64_t limit = 0) {
    answer_ = std::make_unique<HttpAnswer>(protocol, shape, limit, &outcome_,
                                           [this] { ++answer_over_; });
    answer_->set_sink(&sink_);
  }

  void Head(const std::string& status_line,
            const std::vector<std::string>& headers) {
    answer_->HeaderLine(status_line + "\r\n");
    for (const std::string& header : headers) {
      answer_->HeaderLine(header + "\r\n");
    }
    answer_->HeaderLine("\r\n");
  }

  // The end of a transfer that read the whole answer over HTTP/2.
  HttpAnswer::Fault End() {
    if (auto fault = answer_->FaultFound()) return *fault;
    HttpAnswer::TransferEnd transfer;
    transfer.url = "http://127.0.0.1:1/demo.Demo/Echo";
    HttpAnswer::Fault end = answer_->Answered(transfer);
    outcome_.end = end.end;
    return end;
  }

  CallOutcome outcome_;
  Collected sink_;
  int answer_over_ = 0;
  std::unique_ptr<HttpAnswer> answer_;
};

TEST_F(AnswerTest, AGrpcWebStreamDeliversEachMessageThenItsTrailers) {
  Start(Protocol::kGrpcWeb, kServerStream);
  Head("HTTP/2 200",
       {"content-type: application/grpc-web+proto", "x-seen: yes"});
  EXPECT_TRUE(answer_->Body(Frame(0, "one") + Frame(0, "two")));
  EXPECT_EQ(sink_.responses, (std::vector<std::string>{"one", "two"}));
  EXPECT_FALSE(answer_->complete());
  EXPECT_TRUE(answer_->Body(Frame(0x80, "grpc-status: 0\r\nx-end: 1\r\n")));
  EXPECT_TRUE(answer_->complete());
  EXPECT_EQ(answer_over_, 1);
  EXPECT_EQ(End().end, CallOutcome::End::kFinished);
  EXPECT_TRUE(outcome_.status.ok());
  EXPECT_TRUE(outcome_.trailers_arrived);
  EXPECT_EQ(outcome_.trailers, (Headers{{"x-end", "1"}}));
  // HTTP's own headers are left out of what -v shows.
  EXPECT_EQ(sink_.headers, (Headers{{"x-seen", "yes"}}));
  EXPECT_EQ(outcome_.responses_received, 2);
}

TEST_F(AnswerTest, AConnectUnaryAnswerIsShownOnlyOnceItsStatusIsKnown) {
  Start(Protocol::kConnect, kUnary);
  Head("HTTP/1.1 200 OK", {"Content-Type: application/proto",
                           "Content-Length: 5", "Trailer-X-Done: yes"});
  EXPECT_TRUE(answer_->Body("hello"));
  EXPECT_TRUE(sink_.responses.empty());
  HttpAnswer::TransferEnd http1;
  http1.http1 = true;
  HttpAnswer::Fault end = answer_->Answered(http1);
  EXPECT_EQ(end.end, CallOutcome::End::kFinished);
  outcome_.end = end.end;
  ASSERT_TRUE(answer_->HoldsAnswer(outcome_));
  EXPECT_TRUE(answer_->ShowHeldResponse());
  EXPECT_EQ(sink_.responses, (std::vector<std::string>{"hello"}));
  EXPECT_EQ(outcome_.trailers, (Headers{{"x-done", "yes"}}));
}

TEST_F(AnswerTest, AConnectUnaryBodyWithNoLengthOverHttp1IsNotShown) {
  Start(Protocol::kConnect, kUnary);
  Head("HTTP/1.1 200 OK", {"content-type: application/proto"});
  EXPECT_TRUE(answer_->Body("hel"));
  HttpAnswer::TransferEnd http1;
  http1.http1 = true;
  HttpAnswer::Fault end = answer_->Answered(http1);
  EXPECT_EQ(end.end, CallOutcome::End::kTransportFailed);
  EXPECT_NE(end.why.find("the answer has no length"), std::string::npos);
  HttpAnswer::TransferEnd closed;
  closed.http2_connection_closed = true;
  EXPECT_EQ(answer_->Answered(closed).end, CallOutcome::End::kTransportFailed);
}

TEST_F(AnswerTest, AConnectErrorIsItsCodeAndMessageCompressedOrNot) {
  for (bool compressed : {false, true}) {
    Start(Protocol::kConnect, kUnary);
    std::string json = R"({"code": "not_found", "message": "gone"})";
    std::string body = json;
    std::vector<std::string> headers = {"content-type: application/json"};
    if (compressed) {
      ASSERT_TRUE(Compress(json, "gzip", &body));
      headers.push_back("content-encoding: gzip");
    }
    Head("HTTP/2 404", headers);
    EXPECT_TRUE(answer_->Body(body));
    EXPECT_EQ(End().end, CallOutcome::End::kFinished);
    EXPECT_EQ(outcome_.status.error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_EQ(outcome_.status.error_message(), "gone");
  }
}

TEST_F(AnswerTest, AnErrorThatIsNotConnectsIsToldByItsHttpStatus) {
  Start(Protocol::kConnect, kUnary);
  Head("HTTP/1.1 503 Service Unavailable", {"content-type: text/plain"});
  EXPECT_TRUE(answer_->Body("down\n"));
  End();
  EXPECT_EQ(outcome_.status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(outcome_.status.error_message(),
            "HTTP status 503 from http://127.0.0.1:1/demo.Demo/Echo, with a "
            "body that is not a Connect error: down\n");
}

TEST_F(AnswerTest, AnAnswerOfAnotherProtocolIsNotRead) {
  Start(Protocol::kGrpcWeb, kUnary);
  Head("HTTP/2 200", {"content-type: text/html; charset=utf-8"});
  EXPECT_FALSE(answer_->Body("<html>"));
  HttpAnswer::Fault end = End();
  EXPECT_EQ(end.end, CallOutcome::End::kTransportFailed);
  EXPECT_EQ(end.why.find("the server answered with content-type \"text/html"),
            0u);
  EXPECT_TRUE(sink_.responses.empty());
}

TEST_F(AnswerTest, ASecondResponseToAUnaryMethodBreaksTheProtocol) {
  Start(Protocol::kGrpcWeb, kUnary);
  Head("HTTP/2 200", {"content-type: application/grpc-web+proto"});
  EXPECT_FALSE(answer_->Body(Frame(0, "one") + Frame(0, "two")));
  EXPECT_EQ(End().end, CallOutcome::End::kFinished);
  EXPECT_EQ(outcome_.status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_FALSE(answer_->HoldsAnswer(outcome_));
  EXPECT_TRUE(sink_.responses.empty());
}

TEST_F(AnswerTest, AMessageOverTheLimitIsResourceExhaustedEvenInflated) {
  Start(Protocol::kGrpcWeb, kServerStream, /*limit=*/10);
  Head("HTTP/2 200", {"content-type: application/grpc-web+proto"});
  EXPECT_FALSE(answer_->Body(Frame(0, std::string(20, 'x'))));
  End();
  EXPECT_EQ(outcome_.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(outcome_.status.error_message(),
            "received message larger than max (20 vs. 10)");

  Start(Protocol::kGrpcWeb, kServerStream, /*limit=*/1000);
  outcome_ = CallOutcome();
  Head("HTTP/2 200",
       {"content-type: application/grpc-web+proto", "grpc-encoding: gzip"});
  std::string bomb;
  ASSERT_TRUE(Compress(std::string(100000, 'x'), "gzip", &bomb));
  EXPECT_FALSE(answer_->Body(Frame(1, bomb)));
  End();
  EXPECT_EQ(outcome_.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST_F(AnswerTest, AStreamCutShortIsInternalNeverOk) {
  Start(Protocol::kGrpcWeb, kServerStream);
  Head("HTTP/2 200", {"content-type: application/grpc-web+proto"});
  EXPECT_TRUE(answer_->Body(Frame(0, "whole") + Frame(0, "cut").substr(0, 6)));
  End();
  EXPECT_EQ(outcome_.status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(outcome_.status.error_message(),
            "the response ended in the middle of a message");

  Start(Protocol::kConnect, kServerStream);
  outcome_ = CallOutcome();
  Head("HTTP/2 200", {"content-type: application/connect+proto"});
  EXPECT_TRUE(answer_->Body(Frame(0, "whole")));
  End();
  EXPECT_EQ(outcome_.status.error_message(),
            "the response ended without the protocol's end of stream");
}

TEST_F(AnswerTest, ASinkThatRefusesEndsTheReading) {
  Start(Protocol::kGrpcWeb, kServerStream);
  sink_.refuse = true;
  Head("HTTP/2 200", {"content-type: application/grpc-web+proto"});
  EXPECT_FALSE(answer_->Body(Frame(0, "one")));
  EXPECT_TRUE(answer_->sink_failed());
}

TEST_F(AnswerTest, AnInterimResponseIsNotTheAnswer) {
  Start(Protocol::kGrpcWeb, kUnary);
  Head("HTTP/1.1 100 Continue", {});
  EXPECT_EQ(answer_->http_status(), 100);
  Head("HTTP/1.1 200 OK", {"content-type: application/grpc-web+proto"});
  EXPECT_EQ(answer_->http_status(), 200);
  EXPECT_TRUE(answer_->Body(Frame(0, "one") + Frame(0x80, "grpc-status: 0")));
  EXPECT_EQ(End().end, CallOutcome::End::kFinished);
  EXPECT_TRUE(outcome_.status.ok());
  ASSERT_TRUE(answer_->HoldsAnswer(outcome_));
  EXPECT_TRUE(answer_->ShowHeldResponse());
  EXPECT_EQ(sink_.responses, (std::vector<std::string>{"one"}));
}

}  // namespace
}  // namespace rpccli
