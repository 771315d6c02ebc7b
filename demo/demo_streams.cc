// Countdown and Chat on gRPC's callback API, so that their writes can
// carry buffer hints. Without hints every tick is its own flush, and the
// server, not the client, would set the pace of a long stream.
#include <google/protobuf/util/time_util.h>
#include <grpcpp/alarm.h>

#include <chrono>
#include <deque>
#include <mutex>
#include <string>

#include "demo_service.h"

namespace demo {
namespace {

using google::protobuf::util::TimeUtil;

// Every reactor here calls Finish once, when nothing of its own is in
// flight, and deletes itself in OnDone. Finish is called with the reactor's
// lock held, and gRPC may run OnDone on another thread at once: OnDone takes
// the lock before deleting, so the finishing thread has let go of it.
class CountdownReactor : public grpc::ServerWriteReactor<Tick> {
 public:
  CountdownReactor(const CountdownRequest& request, DemoService::Log log)
      : request_(request),
        log_(std::move(log)),
        remaining_(request.start()),
        interval_(TimeUtil::DurationToNanoseconds(request.interval())) {
    // Hinted writes wait for the headers to have gone out first.
    StartSendInitialMetadata();
    Next();
  }

  void OnWriteDone(bool ok) override {
    std::unique_lock<std::mutex> lock(mutex_);
    writing_ = false;
    if (!ok || cancelled_) return FinishLocked(grpc::Status::CANCELLED);
    ++sent_;
    --remaining_;
    lock.unlock();
    Next();
  }

  void OnCancel() override {
    std::lock_guard<std::mutex> lock(mutex_);
    cancelled_ = true;
    if (log_)
      log_("Countdown: cancelled after " + std::to_string(sent_) + " ticks");
    if (waiting_) {
      alarm_.Cancel();  // its callback finishes
    } else if (!writing_) {
      FinishLocked(grpc::Status::CANCELLED);
    }
  }

  void OnDone() override {
    { std::lock_guard<std::mutex> finisher_is_done(mutex_); }
    delete this;
  }

 private:
  // Sends the next tick, after the interval if there is one.
  void Next() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (cancelled_) return FinishLocked(grpc::Status::CANCELLED);
    if (remaining_ <= 0) return FinishLocked(grpc::Status::OK);
    if (request_.fail_after() > 0 && sent_ == request_.fail_after()) {
      return FinishLocked(
          grpc::Status(static_cast<grpc::StatusCode>(request_.fail_code()),
                       "failed after " + std::to_string(sent_) + " ticks"));
    }
    if (interval_ > 0) {
      waiting_ = true;
      alarm_.Set(std::chrono::system_clock::now() +
                     std::chrono::nanoseconds(interval_),
                 [this](bool fired) {
                   std::lock_guard<std::mutex> lock(mutex_);
                   waiting_ = false;
                   if (!fired || cancelled_) {
                     return FinishLocked(grpc::Status::CANCELLED);
                   }
                   WriteLocked();
                 });
      return;
    }
    WriteLocked();
  }

  void WriteLocked() {
    tick_.set_remaining(remaining_);
    grpc::WriteOptions options;
    // Ticks due at once go out together; a paced tick goes out on its own.
    if (interval_ == 0 && remaining_ > 1) options.set_buffer_hint();
    writing_ = true;
    StartWrite(&tick_, options);
  }

  void FinishLocked(const grpc::Status& status) {
    if (finished_) return;
    finished_ = true;
    Finish(status);
  }

  const CountdownRequest request_;
  const DemoService::Log log_;
  std::mutex mutex_;
  int remaining_;
  int64_t interval_;
  int sent_ = 0;
  Tick tick_;
  grpc::Alarm alarm_;
  bool waiting_ = false;
  bool writing_ = false;
  bool cancelled_ = false;
  bool finished_ = false;
};

// Echoes each message. Reading runs ahead of writing by up to kAhead
// messages; a write is hinted when more echoes are already waiting.
class ChatReactor : public grpc::ServerBidiReactor<ChatMessage, ChatMessage> {
 public:
  explicit ChatReactor(DemoService::Log log) : log_(std::move(log)) {
    // Hinted writes wait for the headers to have gone out first.
    StartSendInitialMetadata();
    reading_ = true;
    StartRead(&incoming_);
  }

  void OnReadDone(bool ok) override {
    std::lock_guard<std::mutex> lock(mutex_);
    reading_ = false;
    if (!ok) {
      reads_done_ = true;
      return MaybeFinishLocked();
    }
    ++count_;
    incoming_.set_text("echo: " + incoming_.text());
    waiting_.push_back(std::move(incoming_));
    if (!writing_) WriteLocked();
    if (waiting_.size() < kAhead && !cancelled_) {
      reading_ = true;
      StartRead(&incoming_);
    }
  }

  void OnWriteDone(bool ok) override {
    std::lock_guard<std::mutex> lock(mutex_);
    writing_ = false;
    if (!ok) {
      cancelled_ = true;
      return MaybeFinishLocked();
    }
    waiting_.pop_front();
    if (!waiting_.empty()) WriteLocked();
    if (!reading_ && !reads_done_ && !cancelled_ && waiting_.size() < kAhead) {
      reading_ = true;
      StartRead(&incoming_);
    }
    MaybeFinishLocked();
  }

  void OnCancel() override {
    std::lock_guard<std::mutex> lock(mutex_);
    cancelled_ = true;
    MaybeFinishLocked();
  }

  void OnDone() override {
    { std::lock_guard<std::mutex> finisher_is_done(mutex_); }
    delete this;
  }

 private:
  static constexpr size_t kAhead = 64;

  void WriteLocked() {
    grpc::WriteOptions options;
    if (waiting_.size() > 1) options.set_buffer_hint();
    writing_ = true;
    StartWrite(&waiting_.front(), options);
  }

  // Finishes once nothing is in flight and either the client is done and
  // every echo sent, or the call was cancelled.
  void MaybeFinishLocked() {
    if (finished_ || reading_ || writing_) return;
    if (!cancelled_ && !(reads_done_ && waiting_.empty())) return;
    finished_ = true;
    if (log_) {
      log_("Chat: " + std::string(cancelled_ ? "cancelled" : "completed") +
           " after " + std::to_string(count_) + " messages");
    }
    Finish(cancelled_ ? grpc::Status::CANCELLED : grpc::Status::OK);
  }

  const DemoService::Log log_;
  std::mutex mutex_;
  ChatMessage incoming_;
  std::deque<ChatMessage> waiting_;  // echoes not yet written; front in flight
  int64_t count_ = 0;
  bool reading_ = false;
  bool writing_ = false;
  bool reads_done_ = false;
  bool cancelled_ = false;
  bool finished_ = false;
};

}  // namespace

grpc::ServerWriteReactor<Tick>* DemoService::Countdown(
    grpc::CallbackServerContext*, const CountdownRequest* request) {
  return new CountdownReactor(*request, log_);
}

grpc::ServerBidiReactor<ChatMessage, ChatMessage>* DemoService::Chat(
    grpc::CallbackServerContext*) {
  return new ChatReactor(log_);
}

}  // namespace demo
