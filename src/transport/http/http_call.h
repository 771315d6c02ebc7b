// Calls over Connect and gRPC-Web (http_protocol.h), through libcurl: the
// same seam as the gRPC engine (RequestStream in, ResponseSink out, a
// CallOutcome at the end), so that JSON, errors and printing are shared.
#ifndef RPCCLI_TRANSPORT_HTTP_HTTP_CALL_H_
#define RPCCLI_TRANSPORT_HTTP_HTTP_CALL_H_

#include <curl/curl.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "transport/call_engine.h"
#include "transport/http/http_setup.h"
#include "transport/many_calls.h"

namespace rpccli {

class HttpTransfer;
struct CurlLibrary;

/// One call over HTTP.
class HttpCall : public CallEngine {
 public:
  HttpCall(HttpSetup http, CallSetup setup, MethodShape shape);
  ~HttpCall() override;
  HttpCall(const HttpCall&) = delete;
  HttpCall& operator=(const HttpCall&) = delete;

  CallOutcome Run(RequestStream* requests, ResponseSink* responses) override;
  void Cancel() override;

 private:
  std::unique_ptr<HttpTransfer> transfer_;
  const CurlLibrary* curl_ = nullptr;
  std::mutex mutex_;        // guards multi_ against Cancel
  CURLM* multi_ = nullptr;  // the loop's
  std::atomic<bool> cancelled_{false};
};

/// Many calls over HTTP for `call --batch` and bench, up to `concurrency`
/// at once on one libcurl multi handle, each call in flight on a
/// connection of its own, kept for the next call (commands/call_setup.cc says
/// why not HTTP/2's one shared connection).
class HttpCallRunner : public CallRunnerBase {
 public:
  HttpCallRunner(HttpSetup http, CallSetup setup, MethodShape shape,
                 int concurrency);
  ~HttpCallRunner() override;
  HttpCallRunner(const HttpCallRunner&) = delete;
  HttpCallRunner& operator=(const HttpCallRunner&) = delete;

  void Run(CallPlan* plan) override;
  void Wake() override;
  void Cancel(CallOutcome::End why) override;

 private:
  struct InFlight {
    int64_t id;
    std::unique_ptr<HttpTransfer> transfer;
  };
  size_t CallsInFlight() const override { return in_flight_.size(); }
  void StartCall(int64_t id, const PlannedCall& planned) override;
  void EndCall(CURL* easy, CURLcode result);

  HttpSetup http_;
  CallSetup setup_;
  MethodShape shape_;
  const CurlLibrary* curl_ = nullptr;
  std::unordered_map<CURL*, InFlight> in_flight_;
  // When the network last woke the loop, or the transfers were rechecked.
  std::chrono::steady_clock::time_point last_event_ =
      std::chrono::steady_clock::now();
  CURLM* multi_ = nullptr;  // shared with Wake and Cancel, under `mutex_`
};

}  // namespace rpccli

#endif  // RPCCLI_TRANSPORT_HTTP_HTTP_CALL_H_
