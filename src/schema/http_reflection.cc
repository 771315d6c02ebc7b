#include "schema/http_reflection.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace rpccli {
namespace {

class HttpReflectionStream : public ReflectionStream,
                             private RequestStream,
                             private ResponseSink {
 public:
  HttpReflectionStream(HttpSetup http, CallSetup setup,
                       std::chrono::milliseconds timeout)
      : call_(std::move(http), std::move(setup),
              MethodShape{/*client_streaming=*/true,
                          /*server_streaming=*/true}),
        timeout_(timeout) {
    runner_ = std::thread([this] {
      CallOutcome outcome = call_.Run(this, this);
      std::lock_guard<std::mutex> lock(mutex_);
      outcome_ = std::move(outcome);
      ended_ = true;
      changed_.notify_all();
    });
  }

  ~HttpReflectionStream() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      closed_ = true;
      changed_.notify_all();
    }
    call_.Cancel();
    runner_.join();
  }

  bool Exchange(const std::string& request, std::string* response,
                grpc::Status* status) override {
    std::unique_lock<std::mutex> lock(mutex_);
    requests_.push_back(request);
    changed_.notify_all();
    bool answered = changed_.wait_for(
        lock, timeout_, [this] { return !responses_.empty() || ended_; });
    if (!responses_.empty()) {
      *response = std::move(responses_.front());
      responses_.pop_front();
      return true;
    }
    if (!answered) {
      *status = NoAnswerWithin(timeout_);
      return false;
    }
    // The call ended without an answer: the server's status says why, or
    // the transport's error.
    *status =
        outcome_.end == CallOutcome::End::kTransportFailed
            ? grpc::Status(grpc::StatusCode::UNAVAILABLE,
                           outcome_.request_error)
        : outcome_.status.ok()
            ? grpc::Status(grpc::StatusCode::INTERNAL,
                           "the reflection stream ended without an answer")
            : outcome_.status;
    return false;
  }

 private:
  // RequestStream: the requests Exchange queues, until the stream closes.
  Result Next(std::string* bytes, std::string* /*err*/) override {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [this] { return !requests_.empty() || closed_; });
    if (requests_.empty()) return Result::kEnd;
    *bytes = std::move(requests_.front());
    requests_.pop_front();
    return Result::kMessage;
  }

  void Interrupt() override {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    changed_.notify_all();
  }

  // ResponseSink: each answer, for the Exchange waiting for it.
  bool OnResponse(const std::string& bytes) override {
    std::lock_guard<std::mutex> lock(mutex_);
    responses_.push_back(bytes);
    changed_.notify_all();
    return true;
  }

  bool OnIdle() override { return true; }

  HttpCall call_;
  std::chrono::milliseconds timeout_;
  std::thread runner_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::string> requests_;
  std::deque<std::string> responses_;
  bool closed_ = false;
  bool ended_ = false;
  CallOutcome outcome_;
};

}  // namespace

ReflectionStreamFactory HttpReflectionStreams(HttpSetup http,
                                              ReflectionHeaders headers) {
  return [http, headers](const std::string& path,
                         std::chrono::milliseconds timeout) {
    CallSetup setup;
    setup.wire_path = path;
    setup.headers = headers;
    return std::make_unique<HttpReflectionStream>(http, setup, timeout);
  };
}

}  // namespace rpccli
