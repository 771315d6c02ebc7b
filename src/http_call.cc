#include "http_call.h"

#include <mutex>

#include "curl_library.h"
#include "http_transfer.h"

namespace rpccli {

bool HttpBaseUrl(const ConnectionOptions& connection, std::string* url,
                 std::string* err) {
  const std::string& target = connection.target;
  if (target.rfind("http://", 0) == 0 || target.rfind("https://", 0) == 0) {
    *url = target;
  } else if (target.find("://") != std::string::npos ||
             target.rfind("unix:", 0) == 0) {
    *err =
        "--protocol connect and grpcweb take TARGET as host:port or an "
        "http:// or https:// URL, not \"" +
        target + "\"";
    return false;
  } else {
    *url = (connection.plaintext ? "http://" : "https://") + target;
  }
  while (!url->empty() && url->back() == '/') url->pop_back();
  return true;
}

bool HttpSetupFor(const ConnectionOptions& connection, HttpSetup* setup,
                  std::string* err) {
  ParseProtocol(connection.protocol, &setup->protocol);
  if (!HttpBaseUrl(connection, &setup->base_url, err)) return false;
  setup->connection = connection;
  setup->version = connection.http1 ? HttpSetup::Version::kHttp1
                   : connection.http2_prior_knowledge
                       ? HttpSetup::Version::kHttp2PriorKnowledge
                       : HttpSetup::Version::kAny;
  return true;
}

std::string CompressionHeader(Protocol protocol, MethodShape shape) {
  if (protocol == Protocol::kGrpcWeb) return "grpc-encoding";
  bool unary = !shape.client_streaming && !shape.server_streaming;
  return unary ? "content-encoding" : "connect-content-encoding";
}

std::string CannotCarry(const HttpSetup& setup, MethodShape shape) {
  if (!shape.client_streaming) return "";
  std::string kind = shape.server_streaming ? "bidi" : "client";
  if (setup.protocol == Protocol::kGrpcWeb) {
    return "gRPC-Web cannot carry a " + kind +
           " stream (browsers send a request's body whole); use --protocol "
           "connect or grpc";
  }
  bool http2 = setup.version == HttpSetup::Version::kHttp2PriorKnowledge ||
               (setup.version == HttpSetup::Version::kAny &&
                setup.base_url.rfind("https://", 0) == 0);
  if (!http2) {
    return "Connect carries a " + kind +
           " stream over HTTP/2 only: add --http2-prior-knowledge for a "
           "plaintext server, or use https://";
  }
  return "";
}

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
    curl_->multi_poll(multi_, nullptr, 0, 1000, nullptr);
    transfer_->ResumeUpload();
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

}  // namespace rpccli
