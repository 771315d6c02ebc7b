// One call over Connect or gRPC-Web as a libcurl transfer, driven by the
// multi handle of whoever runs it: HttpCall runs one, HttpCallRunner
// (http_call.h) many at once. The transfer turns the request stream into
// the protocol's body, hands what comes back to the answer's reader
// (http_answer.h), and adds what only curl knows of how the call ended.
#ifndef RPCCLI_TRANSPORT_HTTP_HTTP_TRANSFER_H_
#define RPCCLI_TRANSPORT_HTTP_HTTP_TRANSFER_H_

#include <memory>
#include <string>

#include "transport/call_engine.h"
#include "transport/http/curl_library.h"
#include "transport/http/http_setup.h"

namespace rpccli {

class HttpTransfer {
 public:
  static std::unique_ptr<HttpTransfer> Create(HttpSetup http, CallSetup setup,
                                              MethodShape shape);
  virtual ~HttpTransfer() = default;

  /// Readies the request (a method that takes one is read here) and adds
  /// the transfer to `multi`. False, with the outcome in `ended`, if the
  /// call ended before it started (a bad request, a bad proxy).
  virtual bool Start(const CurlLibrary* curl, CURLM* multi,
                     RequestStream* requests, ResponseSink* responses,
                     CallOutcome* ended) = 0;
  /// Makes the connection alone (TCP, a proxy's tunnel, TLS) and leaves:
  /// before many calls, an unreachable server is one error, not one per
  /// call each waiting out --connect-timeout. False, with `err` saying
  /// why as a call would, if it cannot be made.
  virtual bool Connect(const CurlLibrary* curl, std::string* err) = 0;
  /// A request stream paused for want of requests goes on once they have
  /// come, or once the answer is over (the request then ends): to be
  /// called before each wait of the loop. True if it went on, when the
  /// loop should run the transfer again before waiting.
  virtual bool ResumeUpload() = 0;
  /// Has curl look at the transfer again, though its socket is quiet: to
  /// be called now and then while it is. libcurl 7.88 reads an HTTP/2
  /// connection only when its socket is readable, so once nghttp2 has
  /// ended the session over a bad frame the transfer would wait forever,
  /// even after the server's answer.
  virtual void Recheck() = 0;
  virtual CURL* easy() const = 0;
  /// The protocol's end of stream (Connect's end-of-stream message,
  /// gRPC-Web's trailers) has been read: the answer is whole.
  virtual bool AnswerComplete() const = 0;
  /// The call is being cancelled: its outcome will say `why`.
  virtual void MarkCancelled(CallOutcome::End why) = 0;
  /// How the call ended, once `multi` has said the transfer is done (with
  /// `result`), or once it is cancelled.
  virtual CallOutcome Finish(CURLcode result) = 0;
};

}  // namespace rpccli

#endif  // RPCCLI_TRANSPORT_HTTP_HTTP_TRANSFER_H_
