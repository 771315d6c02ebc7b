#include "transport/grpc/grpc_call.h"

#include <grpcpp/create_channel.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "demo_fixtures.h"
#include "input/request_stream.h"

namespace rpccli {
namespace {

using namespace std::chrono_literals;

// Requests from a function of their index: a message, or the end.
class GeneratedRequests : public RequestStream {
 public:
  using Make =
      std::function<Result(int index, std::string* bytes, std::string* err)>;
  // `may_block` false: held in memory, taken without a thread of their own.
  explicit GeneratedRequests(Make make, bool may_block = true)
      : make_(std::move(make)), may_block_(may_block) {}
  Result Next(std::string* bytes, std::string* err) override {
    if (interrupted_) return Result::kEnd;
    return make_(next_++, bytes, err);
  }
  void Interrupt() override { interrupted_ = true; }
  bool MayBlock() const override { return may_block_; }

 private:
  Make make_;
  bool may_block_;
  int next_ = 0;
  std::atomic<bool> interrupted_{false};
};

// Keeps every response; can refuse one to end the call.
class CollectedResponses : public ResponseSink {
 public:
  bool OnResponse(const std::string& bytes) override {
    std::lock_guard<std::mutex> lock(mutex_);
    responses_.push_back(bytes);
    changed_.notify_all();
    return refuse_after_ < 0 ||
           static_cast<int>(responses_.size()) < refuse_after_;
  }
  bool OnIdle() override { return true; }

  // Waits (at most 10 s) until `count` responses have arrived.
  bool WaitFor(size_t count) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, 10s,
                             [&] { return responses_.size() >= count; });
  }
  std::vector<std::string> responses() {
    std::lock_guard<std::mutex> lock(mutex_);
    return responses_;
  }

  int refuse_after_ = -1;

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> responses_;
};

std::string Number(int64_t value) {
  demo::Number number;
  number.set_value(value);
  return number.SerializeAsString();
}

// The demo service in this process, on a free loopback port, with what its
// streaming calls report.
class CallTest : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NE(server_.target(), "");
    channel_ = grpc::CreateChannel(server_.target(),
                                   grpc::InsecureChannelCredentials());
  }

  // Waits (at most 10 s) for the server to report a call's end.
  std::string ServerSaw() {
    std::unique_lock<std::mutex> lock(log_mutex_);
    // How the call ended: the first line that is not a call's start.
    auto ending = [&] {
      return std::find_if(log_.begin(), log_.end(), [](const std::string& l) {
        return l.rfind("started: ", 0) != 0;
      });
    };
    log_changed_.wait_for(lock, 10s, [&] { return ending() != log_.end(); });
    return ending() == log_.end() ? "nothing" : *ending();
  }

  // Far enough into a client stream that the server is surely reading it,
  // a request that cannot be read: the server must see the stream cancelled.
  void ExpectABadRequestCancelsTheStream(bool may_block) {
    GeneratedRequests requests(
        [](int i, std::string* bytes, std::string* err) {
          if (i == 2000) {
            *err = "message 2001 is bad";
            return RequestStream::Result::kError;
          }
          *bytes = Number(1);
          return RequestStream::Result::kMessage;
        },
        may_block);
    CollectedResponses responses;
    GrpcCall call(channel_, "/demo.Demo/Sum");
    CallOutcome outcome = call.Run(&requests, &responses);
    EXPECT_EQ(outcome.end, CallOutcome::End::kBadRequest);
    EXPECT_EQ(outcome.request_error, "message 2001 is bad");
    EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::CANCELLED);
    EXPECT_TRUE(responses.responses().empty());
    std::string saw = ServerSaw();
    EXPECT_EQ(saw.rfind("Sum: cancelled after ", 0), 0u) << saw;
  }

  std::mutex log_mutex_;
  std::condition_variable log_changed_;
  std::vector<std::string> log_;
  InProcessDemo server_{[this](const std::string& line) {
    std::lock_guard<std::mutex> lock(log_mutex_);
    log_.push_back(line);
    log_changed_.notify_all();
  }};
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(CallTest, UnarySendsAndReceivesWireBytes) {
  demo::Sample request;
  request.set_text("bytes in, bytes out");
  ListRequestStream requests({request.SerializeAsString()});
  CollectedResponses responses;
  GrpcCall call(channel_, "/demo.Demo/Echo");
  CallOutcome outcome = call.Run(&requests, &responses);
  ASSERT_TRUE(outcome.status.ok()) << outcome.status.error_message();
  EXPECT_EQ(outcome.end, CallOutcome::End::kFinished);
  EXPECT_EQ(outcome.requests_sent, 1);
  EXPECT_EQ(outcome.responses_received, 1);
  ASSERT_EQ(responses.responses().size(), 1u);
  EXPECT_EQ(responses.responses()[0], request.SerializeAsString());
}

TEST_F(CallTest, ClientStreamSendsEveryRequest) {
  GeneratedRequests requests([](int i, std::string* bytes, std::string*) {
    if (i == 10000) return RequestStream::Result::kEnd;
    *bytes = Number(i);
    return RequestStream::Result::kMessage;
  });
  CollectedResponses responses;
  GrpcCall call(channel_, "/demo.Demo/Sum");
  CallOutcome outcome = call.Run(&requests, &responses);
  ASSERT_TRUE(outcome.status.ok()) << outcome.status.error_message();
  EXPECT_EQ(outcome.requests_sent, 10000);
  demo::SumReply reply;
  ASSERT_EQ(responses.responses().size(), 1u);
  ASSERT_TRUE(reply.ParseFromString(responses.responses()[0]));
  EXPECT_EQ(reply.count(), 10000);
  EXPECT_EQ(reply.total(), 10000LL * 9999 / 2);
  EXPECT_EQ(ServerSaw(), "Sum: completed after 10000 messages");
}

TEST_F(CallTest, ServerStreamDeliversEveryResponseInOrder) {
  demo::CountdownRequest request;
  request.set_start(5000);
  ListRequestStream requests({request.SerializeAsString()});
  CollectedResponses responses;
  GrpcCall call(channel_, "/demo.Demo/Countdown");
  CallOutcome outcome = call.Run(&requests, &responses);
  ASSERT_TRUE(outcome.status.ok()) << outcome.status.error_message();
  std::vector<std::string> received = responses.responses();
  ASSERT_EQ(received.size(), 5000u);
  for (int i = 0; i < 5000; ++i) {
    demo::Tick tick;
    ASSERT_TRUE(tick.ParseFromString(received[i]));
    ASSERT_EQ(tick.remaining(), 5000 - i);
  }
}

TEST_F(CallTest, AnErrorAfterSomeResponsesKeepsThem) {
  demo::CountdownRequest request;
  request.set_start(10);
  request.set_fail_after(3);
  request.set_fail_code(grpc::StatusCode::DATA_LOSS);
  ListRequestStream requests({request.SerializeAsString()});
  CollectedResponses responses;
  GrpcCall call(channel_, "/demo.Demo/Countdown");
  CallOutcome outcome = call.Run(&requests, &responses);
  EXPECT_EQ(outcome.end, CallOutcome::End::kFinished);
  EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::DATA_LOSS);
  EXPECT_EQ(outcome.status.error_message(), "failed after 3 ticks");
  EXPECT_EQ(responses.responses().size(), 3u);
}

TEST_F(CallTest, BidiAnswersEachRequestBeforeTheNextIsRead) {
  // The next request is only produced once the previous answer is back,
  // as when a person types into a terminal: nothing may wait in a buffer.
  CollectedResponses responses;
  GeneratedRequests requests([&](int i, std::string* bytes, std::string* err) {
    if (i == 5) return RequestStream::Result::kEnd;
    if (!responses.WaitFor(i)) {
      *err = "the answer to message " + std::to_string(i) + " never came";
      return RequestStream::Result::kError;
    }
    demo::ChatMessage message;
    message.set_seq(i);
    message.set_text("line " + std::to_string(i));
    *bytes = message.SerializeAsString();
    return RequestStream::Result::kMessage;
  });
  GrpcCall call(channel_, "/demo.Demo/Chat");
  CallOutcome outcome = call.Run(&requests, &responses);
  EXPECT_EQ(outcome.request_error, "");
  ASSERT_TRUE(outcome.status.ok()) << outcome.status.error_message();
  std::vector<std::string> received = responses.responses();
  ASSERT_EQ(received.size(), 5u);
  demo::ChatMessage last;
  ASSERT_TRUE(last.ParseFromString(received[4]));
  EXPECT_EQ(last.text(), "echo: line 4");
}

TEST_F(CallTest, ABadRequestCancelsTheStream) {
  ExpectABadRequestCancelsTheStream(/*may_block=*/true);
}

TEST_F(CallTest, ABadRequestHeldInMemoryCancelsTheStreamToo) {
  // Requests that never block are taken without a thread of their own;
  // an error among them must end the call the same way.
  ExpectABadRequestCancelsTheStream(/*may_block=*/false);
}

TEST_F(CallTest, ASinkThatRefusesEndsTheCall) {
  demo::CountdownRequest request;
  request.set_start(1000000);
  ListRequestStream requests({request.SerializeAsString()});
  CollectedResponses responses;
  responses.refuse_after_ = 1;
  GrpcCall call(channel_, "/demo.Demo/Countdown");
  CallOutcome outcome = call.Run(&requests, &responses);
  EXPECT_EQ(outcome.end, CallOutcome::End::kSinkFailed);
  EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::CANCELLED);
  EXPECT_LT(outcome.responses_received, 1000000);
}

TEST_F(CallTest, CancelFromAnotherThreadEndsABlockedCall) {
  // Input that never comes, as from a terminal nobody types into.
  GeneratedRequests requests([](int, std::string*, std::string*) {
    std::this_thread::sleep_for(50ms);
    return RequestStream::Result::kMessage;
  });
  CollectedResponses responses;
  GrpcCall call(channel_, "/demo.Demo/Chat");
  std::thread canceller([&] {
    std::this_thread::sleep_for(200ms);
    call.Cancel();
  });
  CallOutcome outcome = call.Run(&requests, &responses);
  canceller.join();
  EXPECT_EQ(outcome.end, CallOutcome::End::kCancelled);
  EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::CANCELLED);
}

TEST_F(CallTest, CancelBeforeRunEndsTheCallAtOnce) {
  GeneratedRequests requests([](int, std::string* bytes, std::string*) {
    *bytes = Number(1);
    return RequestStream::Result::kMessage;
  });
  CollectedResponses responses;
  GrpcCall call(channel_, "/demo.Demo/Sum");
  call.Cancel();
  CallOutcome outcome = call.Run(&requests, &responses);
  EXPECT_EQ(outcome.end, CallOutcome::End::kCancelled);
  EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::CANCELLED);
}

TEST_F(CallTest, AnUnknownMethodIsUnimplemented) {
  ListRequestStream requests({""});
  CollectedResponses responses;
  GrpcCall call(channel_, "/demo.Demo/Unimplemented");
  CallOutcome outcome = call.Run(&requests, &responses);
  EXPECT_EQ(outcome.status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
}

}  // namespace
}  // namespace rpccli
