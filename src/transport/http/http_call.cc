#include "transport/http/http_call.h"

#include <algorithm>
#include <cstdlib>
#include <mutex>

#include "base/text.h"
#include "transport/http/curl_library.h"
#include "transport/http/http_transfer.h"
#include "transport/tls_files.h"

namespace rpccli {

HttpCall::HttpCall(HttpSetup http, CallSetup setup, MethodShape shape)
    : transfer_(
          HttpTransfer::Create(std::move(http), std::move(setup), shape)) {}

HttpCall::~HttpCall() {
  transfer_.reset();  // leaves the multi handle first
  if (multi_ != nullptr) curl_->multi_cleanup(multi_);
}

CallOutcome HttpCall::Run(RequestStream* requests, ResponseSink* responses) {
  std::string err;
  curl_ = LoadCurl(&err);
  if (curl_ == nullptr) {
    CallOutcome outcome;
    outcome.end = CallOutcome::End::kTransportFailed;
    outcome.request_error = err;
    return outcome;
  }
  {
    // Cancel, from another thread, wakes the loop through it.
    std::lock_guard<std::mutex> lock(mutex_);
    multi_ = curl_->multi_init();
  }
  CallOutcome ended;
  if (!transfer_->Start(curl_, multi_, requests, responses, &ended)) {
    return ended;
  }
  int running = 1;
  while (running > 0 && !cancelled_) {
    curl_->multi_perform(multi_, &running);
    if (running == 0 || cancelled_) break;
    // The answer is whole: the call is over, though curl may still hold
    // the transfer open for a request it was waiting to send.
    if (transfer_->AnswerComplete()) break;
    // A request stream that can go on goes on now: waiting first could
    // wait for an event that has already happened.
    if (transfer_->ResumeUpload()) continue;
    int events = 0;
    curl_->multi_poll(multi_, nullptr, 0, 1000, &events);
    if (events == 0) transfer_->Recheck();  // quiet for a second
  }
  if (cancelled_) {
    transfer_->MarkCancelled(CallOutcome::End::kCancelled);
    return transfer_->Finish(CURLE_ABORTED_BY_CALLBACK);
  }
  CURLcode result = CURLE_OK;
  int left = 0;
  while (CURLMsg* message = curl_->multi_info_read(multi_, &left)) {
    if (message->msg == CURLMSG_DONE) result = message->data.result;
  }
  return transfer_->Finish(result);
}

void HttpCall::Cancel() {
  cancelled_ = true;
  std::lock_guard<std::mutex> lock(mutex_);
  if (multi_ != nullptr) curl_->multi_wakeup(multi_);
}

HttpCallRunner::HttpCallRunner(HttpSetup http, CallSetup setup,
                               MethodShape shape, int concurrency)
    : CallRunnerBase(concurrency),
      http_(std::move(http)),
      setup_(std::move(setup)),
      shape_(shape) {}

HttpCallRunner::~HttpCallRunner() {
  in_flight_.clear();  // each leaves the multi handle first
  if (multi_ != nullptr) curl_->multi_cleanup(multi_);
}

void HttpCallRunner::Run(CallPlan* plan) {
  plan_ = plan;
  std::string err;
  curl_ = LoadCurl(&err);  // the commands load it first, to report failure
  if (curl_ == nullptr) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    multi_ = curl_->multi_init();
  }
  StartCalls();
  while (!in_flight_.empty() || !plan_done_) {
    int running = 0;
    curl_->multi_perform(multi_, &running);
    int left = 0;
    while (CURLMsg* message = curl_->multi_info_read(multi_, &left)) {
      if (message->msg == CURLMSG_DONE) {
        EndCall(message->easy_handle, message->data.result);
      }
    }
    bool stopped;
    CallOutcome::End why;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopped = stopped_;
      why = stop_reason_;
    }
    if (stopped) {
      // Cancelled calls end now, whatever curl was doing.
      while (!in_flight_.empty()) {
        in_flight_.begin()->second.transfer->MarkCancelled(why);
        EndCall(in_flight_.begin()->first, CURLE_ABORTED_BY_CALLBACK);
      }
      break;
    }
    StartCalls();
    if (in_flight_.empty() && plan_done_) break;
    for (auto& call : in_flight_) call.second.transfer->ResumeUpload();
    plan_->OnIdle();
    // Wait for the network, a wake, or the time the plan asked for.
    int wait_ms = 1000;
    if (ask_again_at_ != std::chrono::steady_clock::time_point::max()) {
      auto until = std::chrono::duration_cast<std::chrono::milliseconds>(
                       ask_again_at_ - std::chrono::steady_clock::now())
                       .count();
      wait_ms = static_cast<int>(std::clamp<int64_t>(until, 0, 1000));
    }
    int events = 0;
    curl_->multi_poll(multi_, nullptr, 0, wait_ms, &events);
    auto now = std::chrono::steady_clock::now();
    if (now >= ask_again_at_) {
      ask_again_at_ = std::chrono::steady_clock::time_point::max();
    }
    // A second with nothing from the network: see HttpTransfer::Recheck.
    if (events != 0) last_event_ = now;
    if (now - last_event_ >= std::chrono::seconds(1)) {
      for (auto& call : in_flight_) call.second.transfer->Recheck();
      last_event_ = now;
    }
  }
  plan_ = nullptr;
}

void HttpCallRunner::StartCall(int64_t id, const PlannedCall& planned) {
  CallSetup setup = setup_;
  setup.deadline = std::min(setup.deadline, planned.deadline);
  if (planned.more_headers != nullptr) {
    setup.headers.insert(setup.headers.end(), planned.more_headers->begin(),
                         planned.more_headers->end());
  }
  auto transfer = HttpTransfer::Create(http_, setup, shape_);
  CallOutcome ended;
  if (transfer->Start(curl_, multi_, planned.requests, planned.responses,
                      &ended)) {
    CURL* easy = transfer->easy();
    in_flight_.emplace(easy, InFlight{id, std::move(transfer)});
    return;
  }
  plan_->CallEnded(id, &ended);  // it ended before it started
}

void HttpCallRunner::EndCall(CURL* easy, CURLcode result) {
  auto call = in_flight_.find(easy);
  if (call == in_flight_.end()) return;
  InFlight ending = std::move(call->second);
  in_flight_.erase(call);
  CallOutcome outcome = ending.transfer->Finish(result);
  if (outcome.end == CallOutcome::End::kTransportFailed) {
    // One call of many that could not be made is one failed call: with no
    // answer, Unavailable; with one rpccli cannot read (another protocol's
    // content type, a bad compression), Internal, as gRPC says of it.
    outcome.end = CallOutcome::End::kFinished;
    outcome.status = grpc::Status(outcome.headers_arrived
                                      ? grpc::StatusCode::INTERNAL
                                      : grpc::StatusCode::UNAVAILABLE,
                                  outcome.request_error);
  }
  ending.transfer.reset();  // leaves the multi handle before the plan goes on
  plan_->CallEnded(ending.id, &outcome);
}

void HttpCallRunner::Wake() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (multi_ != nullptr) curl_->multi_wakeup(multi_);
}

void HttpCallRunner::Cancel(CallOutcome::End why) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!stopped_) {
    stopped_ = true;
    stop_reason_ = why;
  }
  if (multi_ != nullptr) curl_->multi_wakeup(multi_);
}

}  // namespace rpccli
