#include "transport/http/http_transfer.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <thread>

#include "base/text.h"
#include "transport/answer_checks.h"
#include "transport/connect_wait.h"
#include "transport/http/gzip.h"
#include "transport/http/http_answer.h"
#include "transport/http/http_failure_hint.h"
#include "transport/http/http_request.h"
#include "transport/proxy.h"

namespace rpccli {
namespace {

using Clock = std::chrono::steady_clock;

// Requests read ahead of the wire wait here up to this size, so that
// input is read no faster than it is sent.
constexpr size_t kUploadBufferBytes = 1 << 20;

class Transfer : public HttpTransfer {
 public:
  Transfer(HttpSetup http, CallSetup setup, MethodShape shape)
      : http_(std::move(http)),
        setup_(std::move(setup)),
        shape_(shape),
        // http_ and outcome_ are set by then.
        answer_(http_.protocol, shape, http_.connection.max_message_bytes,
                &outcome_, [this] { EndUpload(); }) {}

  ~Transfer() override {
    StopReading();
    if (curl_ != nullptr) {
      if (added_) curl_->multi_remove_handle(multi_, easy_);
      if (easy_ != nullptr) curl_->easy_cleanup(easy_);
      if (header_list_ != nullptr) curl_->slist_free_all(header_list_);
      if (connect_to_ != nullptr) curl_->slist_free_all(connect_to_);
    }
  }

  bool Start(const CurlLibrary* curl, CURLM* multi, RequestStream* requests,
             ResponseSink* responses, CallOutcome* ended) override {
    curl_ = curl;
    multi_ = multi;
    requests_ = requests;
    answer_.set_sink(responses);
    outcome_.started = Clock::now();
    std::string err;
    if (!Prepare(&err)) {
      *ended = Ended(CallOutcome::End::kTransportFailed, err);
      return false;
    }
    if (!shape_.client_streaming && !ReadTheRequest()) {
      *ended = outcome_;
      return false;
    }
    if (shape_.client_streaming) {
      curl_->easy_setopt(easy_, CURLOPT_READFUNCTION, &Transfer::OnUpload);
      curl_->easy_setopt(easy_, CURLOPT_READDATA, this);
      reader_ = std::thread([this] { ReadRequests(); });
    }
    curl_->multi_add_handle(multi_, easy_);
    added_ = true;
    return true;
  }

  bool Connect(const CurlLibrary* curl, std::string* err) override {
    curl_ = curl;
    outcome_.started = Clock::now();
    if (!Prepare(err)) return false;
    curl_->easy_setopt(easy_, CURLOPT_CONNECT_ONLY, 1L);
    CURLcode result = curl_->easy_perform(easy_);
    if (result == CURLE_OK) return true;
    *err = Failed(result, /*connected=*/false).request_error;
    if (err->empty()) *err = CurlError(result);
    return false;
  }

  bool ResumeUpload() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!paused_ || (upload_.empty() && !upload_done_ && !answer_over_)) {
        return false;
      }
      paused_ = false;
    }
    curl_->easy_pause(easy_, CURLPAUSE_CONT);
    return true;
  }

  void Recheck() override {
    // A pause that changes nothing is ignored: paused, then resumed.
    curl_->easy_pause(easy_, CURLPAUSE_RECV);
    curl_->easy_pause(easy_, CURLPAUSE_CONT);
  }

  CURL* easy() const override { return easy_; }

  bool AnswerComplete() const override { return answer_.complete(); }

  void MarkCancelled(CallOutcome::End why) override {
    cancelled_ = true;
    cancel_reason_ = why;
  }

 private:
  bool Connect() const { return http_.protocol == Protocol::kConnect; }
  bool ConnectUnary() const {
    return Connect() && !shape_.client_streaming && !shape_.server_streaming;
  }

  CallOutcome Ended(CallOutcome::End end, const std::string& why) {
    outcome_.end = end;
    // A call the server did not end has no status of the server's: said
    // as gRPC's own client says it, never left OK.
    if (end == CallOutcome::End::kTransportFailed) {
      outcome_.status = grpc::Status(grpc::StatusCode::UNAVAILABLE, why);
    } else if (end != CallOutcome::End::kFinished && outcome_.status.ok()) {
      outcome_.status = grpc::Status(grpc::StatusCode::CANCELLED, "Cancelled");
    }
    // A request is counted as sent once its whole body went out: a call
    // that failed in the transport may have failed before that.
    if (end == CallOutcome::End::kTransportFailed && !shape_.client_streaming &&
        !BodyUploaded()) {
      outcome_.requests_sent = 0;
      outcome_.request_bytes = 0;
    }
    outcome_.request_error = why;
    outcome_.ended = Clock::now();
    return outcome_;
  }

  // Whether the request went out whole: its headers, and its body (a GET
  // has it in the URL).
  bool BodyUploaded() const {
    long header_bytes = 0;
    curl_off_t uploaded = 0;
    curl_->easy_getinfo(easy_, CURLINFO_REQUEST_SIZE, &header_bytes);
    curl_->easy_getinfo(easy_, CURLINFO_SIZE_UPLOAD_T, &uploaded);
    return header_bytes > 0 &&
           (http_.connection.connect_get ||
            uploaded >= static_cast<curl_off_t>(body_out_.size()));
  }

  // Everything about the request but its body.
  bool Prepare(std::string* err) {
    easy_ = curl_->easy_init();
    if (easy_ == nullptr) {
      *err = "libcurl could not start a transfer";
      return false;
    }
    auto set = [this](CURLoption option, auto value) {
      curl_->easy_setopt(easy_, option, value);
    };
    url_ = http_.base_url + setup_.wire_path;
    UrlParts url = SplitUrl(url_);
    bool tls = url.scheme == "https";
    const ConnectionOptions& connection = http_.connection;
    if (tls && !connection.servername.empty()) {
      // The name to verify and send as SNI goes in the URL; the connection
      // still goes where TARGET says.
      connect_to_ =
          curl_->slist_append(nullptr, (connection.servername + ":" + url.port +
                                        ":" + url.host + ":" + url.port)
                                           .c_str());
      set(CURLOPT_CONNECT_TO, connect_to_);
      url_ = "https://" + connection.servername + ":" + url.port + url.path;
    }
    set(CURLOPT_URL, url_.c_str());
    set(CURLOPT_POST, http_.connection.connect_get ? 0L : 1L);
    set(CURLOPT_NOSIGNAL, 1L);
    set(CURLOPT_ERRORBUFFER, curl_error_);
    set(CURLOPT_HEADERFUNCTION, &Transfer::OnHeaderLine);
    set(CURLOPT_HEADERDATA, this);
    set(CURLOPT_WRITEFUNCTION, &Transfer::OnBody);
    set(CURLOPT_WRITEDATA, this);
    // libcurl 7.88 over HTTP/2 parks the DATA that does not fit this
    // buffer (16 KiB by default) and, the socket gone quiet, never comes
    // back for it: an answer past 16 KiB hung. It reads 32 KiB of frames
    // at a time, which 128 KiB always holds.
    set(CURLOPT_BUFFERSIZE, long{128 * 1024});
    switch (http_.version) {
      case HttpSetup::Version::kHttp1:
        set(CURLOPT_HTTP_VERSION, long{CURL_HTTP_VERSION_1_1});
        break;
      case HttpSetup::Version::kHttp2PriorKnowledge:
        set(CURLOPT_HTTP_VERSION, long{CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE});
        break;
      case HttpSetup::Version::kAny:
        set(CURLOPT_HTTP_VERSION,
            long{tls ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_1_1});
        break;
    }
    set(CURLOPT_CONNECTTIMEOUT_MS,
        static_cast<long>(connection.connect_timeout_seconds * 1000));
    int64_t timeout_ms = 0;  // none
    if (setup_.deadline != std::chrono::system_clock::time_point::max()) {
      timeout_ms = std::max<int64_t>(
          1, std::chrono::duration_cast<std::chrono::milliseconds>(
                 setup_.deadline - std::chrono::system_clock::now())
                 .count());
      set(CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms));
    }
    if (tls) {
      // The texts read once, not the paths: a file may be a pipe.
      // libcurl copies each (CURL_BLOB_COPY).
      const TlsFiles& files = http_.tls_files;
      auto blob = [](const std::string& text) {
        return curl_blob{const_cast<char*>(text.data()), text.size(),
                         CURL_BLOB_COPY};
      };
      curl_blob ca = blob(files.ca), cert = blob(files.cert),
                key = blob(files.key);
      const TrustStore& store = http_.trust_store;
      if (!connection.cacert.empty()) {
        set(CURLOPT_CAINFO_BLOB, &ca);
      } else if (!store.file.empty()) {
        set(CURLOPT_CAINFO, store.file.c_str());
      } else if (!store.directory.empty()) {
        // Looked up by hash as needed, not read whole.
        set(CURLOPT_CAPATH, store.directory.c_str());
      }
      if (!connection.cert.empty()) {
        set(CURLOPT_SSLCERT_BLOB, &cert);
        set(CURLOPT_SSLCERTTYPE, "PEM");
        set(CURLOPT_SSLKEY_BLOB, &key);
        set(CURLOPT_SSLKEYTYPE, "PEM");
      }
      if (connection.insecure) {
        set(CURLOPT_SSL_VERIFYPEER, 0L);
        set(CURLOPT_SSL_VERIFYHOST, 0L);
      }
    }
    // The proxy by the same rules as gRPC calls; curl's own reading of
    // the environment is turned off by naming none.
    if (!ChooseProxy(url.host + ":" + url.port, connection.proxy, std::getenv,
                     &proxy_, err)) {
      return false;
    }
    set(CURLOPT_PROXY, proxy_.url.c_str());
    if (!proxy_.url.empty()) {
      set(CURLOPT_HTTPPROXYTUNNEL, 1L);
      // The proxy's answer to CONNECT is not the server's: its status and
      // headers stay out of the response's.
      set(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
    }

    user_agent_ = "rpccli/" RPCCLI_VERSION;
    if (!connection.user_agent.empty()) {
      user_agent_ = connection.user_agent + " " + user_agent_;
    }
    set(CURLOPT_USERAGENT, user_agent_.c_str());
    for (const std::string& line :
         RequestHeaderLines(http_, shape_, setup_.headers, timeout_ms)) {
      header_list_ = curl_->slist_append(header_list_, line.c_str());
    }
    set(CURLOPT_HTTPHEADER, header_list_);
    return true;
  }

  // A method that takes one request: it is read before the call, and
  // sent as the whole body.
  bool ReadTheRequest() {
    std::string message, err;
    RequestStream::Result result = requests_->Next(&message, &err);
    if (result == RequestStream::Result::kError) {
      Ended(CallOutcome::End::kBadRequest, err);
      return false;
    }
    std::string compressed;
    bool compress = !http_.connection.compression.empty();
    if (compress) Compress(message, http_.connection.compression, &compressed);
    const std::string& sent = compress ? compressed : message;
    if (ConnectUnary()) {
      body_out_ = sent;
    } else {
      AppendEnvelope(compress ? 0x01 : 0, sent, &body_out_);
    }
    outcome_.requests_sent = 1;
    outcome_.request_bytes = static_cast<int64_t>(message.size());
    if (http_.connection.connect_get) {
      url_ = ConnectGetUrl(url_, body_out_, http_.connection.compression);
      curl_->easy_setopt(easy_, CURLOPT_URL, url_.c_str());
      curl_->easy_setopt(easy_, CURLOPT_HTTPGET, 1L);
      return true;
    }
    curl_->easy_setopt(easy_, CURLOPT_POSTFIELDS, body_out_.data());
    curl_->easy_setopt(easy_, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(body_out_.size()));
    return true;
  }

  // Ends the thread that reads requests, if there is one: the input is
  // interrupted as when a gRPC call ends.
  void StopReading() {
    if (!reader_.joinable()) return;
    requests_->Interrupt();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_reading_ = true;
    }
    drained_.notify_all();
    reader_.join();
  }

  // A request stream: read on a thread of its own, framed, and handed to
  // curl's upload callback through `upload_`.
  void ReadRequests() {
    while (true) {
      std::string message, err;
      RequestStream::Result result = requests_->Next(&message, &err);
      std::unique_lock<std::mutex> lock(mutex_);
      std::string compressed;
      bool compress = result == RequestStream::Result::kMessage &&
                      !http_.connection.compression.empty();
      if (compress)
        Compress(message, http_.connection.compression, &compressed);
      if (result == RequestStream::Result::kMessage) {
        AppendEnvelope(compress ? 0x01 : 0, compress ? compressed : message,
                       &upload_);
        ++requests_read_;
        request_bytes_read_ += static_cast<int64_t>(message.size());
      } else {
        if (result == RequestStream::Result::kError) request_error_ = err;
        upload_done_ = true;
      }
      curl_->multi_wakeup(multi_);
      if (upload_done_) return;
      drained_.wait(lock, [this] {
        return upload_.size() < kUploadBufferBytes || stop_reading_;
      });
      if (stop_reading_) return;
    }
  }

  static size_t OnUpload(char* buffer, size_t size, size_t count, void* self) {
    return static_cast<Transfer*>(self)->Upload(buffer, size * count);
  }

  size_t Upload(char* buffer, size_t room) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!request_error_.empty()) return CURL_READFUNC_ABORT;
    // The server has ended the call: the request ends too. curl does not
    // end a transfer whose upload is paused, even once the server has
    // closed the stream, so a paused request would hold it open forever.
    if (answer_over_) return 0;
    if (upload_.empty()) {
      if (upload_done_) return 0;  // the end of the request stream
      paused_ = true;
      return CURL_READFUNC_PAUSE;
    }
    size_t taken = std::min(room, upload_.size());
    upload_.copy(buffer, taken);
    upload_.erase(0, taken);
    drained_.notify_all();
    return taken;
  }

  static size_t OnHeaderLine(char* line, size_t size, size_t count,
                             void* self) {
    static_cast<Transfer*>(self)->answer_.HeaderLine(
        std::string(line, size * count));
    return size * count;
  }

  void EndUpload() {
    std::lock_guard<std::mutex> lock(mutex_);
    answer_over_ = true;
  }

  static size_t OnBody(char* bytes, size_t size, size_t count, void* self) {
    size_t length = size * count;
    return static_cast<Transfer*>(self)->answer_.Body(
               std::string_view(bytes, length))
               ? length
               : 0;  // ends the transfer
  }

  // curl's words for a failed transfer: its message, else its code's.
  std::string CurlError(CURLcode result) const {
    return curl_error_[0] != '\0' ? curl_error_ : curl_->easy_strerror(result);
  }

  // What to do about a transfer that failed before any answer, by how.
  std::string Hint(CURLcode result, const std::string& why) const {
    bool tls = StartsWith(url_, "https://");
    // HTTP/1.1 that rpccli chose, not --http1: the usual advice is refused.
    if (http_.version == HttpSetup::Version::kHttp1 &&
        !http_.connection.http1) {
      std::string hint = ManyCallsOverHttp1Hint(result, tls);
      if (!hint.empty()) return hint;
    }
    return FailureHint(result, why, tls, !http_.connection.cert.empty());
  }

  CallOutcome Finish(CURLcode result) override {
    CallOutcome outcome = Outcome(result);
    CheckAnswer(!shape_.server_streaming, &outcome);
    // A method's one response is shown once its status says it is the
    // answer: a unary call that fails has none.
    if (answer_.HoldsAnswer(outcome)) {
      if (!answer_.ShowHeldResponse()) {
        outcome.end = CallOutcome::End::kSinkFailed;
      }
      outcome.ended = Clock::now();  // after what it shows
    }
    return outcome;
  }

  CallOutcome Outcome(CURLcode result) {
    StopReading();
    // curl counts from the start of the transfer, in microseconds; TLS
    // time is 0 without TLS.
    curl_off_t tcp = 0, tls = 0;
    curl_->easy_getinfo(easy_, CURLINFO_CONNECT_TIME_T, &tcp);
    curl_->easy_getinfo(easy_, CURLINFO_APPCONNECT_TIME_T, &tls);
    if (tcp > 0) {
      outcome_.connected =
          outcome_.started + std::chrono::microseconds(std::max(tcp, tls));
    }
    // Past the TCP connection, a proxy's tunnel and the TLS handshake.
    curl_off_t ready = 0;
    curl_->easy_getinfo(easy_, CURLINFO_PRETRANSFER_TIME_T, &ready);
    bool connected = ready > 0;
    if (shape_.client_streaming) {
      outcome_.requests_sent = requests_read_;
      outcome_.request_bytes = request_bytes_read_;
    }
    if (cancelled_) return Ended(cancel_reason_, "");
    if (answer_.sink_failed()) {
      return Ended(CallOutcome::End::kSinkFailed, "");
    }
    if (!request_error_.empty()) {
      return Ended(CallOutcome::End::kBadRequest, request_error_);
    }
    if (std::optional<HttpAnswer::Fault> fault = answer_.FaultFound()) {
      return Ended(fault->end, fault->why);
    }
    if (result != CURLE_OK) return Failed(result, connected);
    return Answered();
  }

  // What the server answered, read to its end: whether a Connect unary
  // body came whole depends on how the connection ended, which only curl
  // knows.
  CallOutcome Answered() {
    long version = 0;
    curl_socket_t socket = CURL_SOCKET_BAD;
    curl_->easy_getinfo(easy_, CURLINFO_HTTP_VERSION, &version);
    curl_->easy_getinfo(easy_, CURLINFO_ACTIVESOCKET, &socket);
    HttpAnswer::TransferEnd transfer;
    transfer.url = url_;
    transfer.http1 = version == CURL_HTTP_VERSION_1_0 ||
                     version == CURL_HTTP_VERSION_1_1;
    // libcurl 7.88 takes a session nghttp2 ended (a frame of the wrong
    // size, bad padding) as the end of the body, and closes the connection.
    transfer.http2_connection_closed =
        version == CURL_HTTP_VERSION_2_0 && socket == CURL_SOCKET_BAD;
    HttpAnswer::Fault end = answer_.Answered(transfer);
    return Ended(end.end, end.why);
  }

  // A transfer that curl ended with an error: a call that never got
  // through is a transport failure, one that did ends with the status gRPC
  // would give.
  CallOutcome Failed(CURLcode result, bool connected) {
    // Out of time before any answer: said as for gRPC, a connection not
    // made in time, or a call the server never answered.
    if (result == CURLE_OPERATION_TIMEDOUT && !connected) {
      std::string why = NoConnectionWithin(http_.connection);
      return Ended(CallOutcome::End::kTransportFailed,
                   proxy_.url.empty() ? why : proxy_.CannotConnect(why));
    }
    // No way through the proxy: no call was made, as for gRPC.
    if (!connected && !proxy_.url.empty()) {
      long tunnel_status = 0;
      curl_->easy_getinfo(easy_, CURLINFO_HTTP_CONNECTCODE, &tunnel_status);
      std::string why = tunnel_status >= 300 ? TunnelRefused(tunnel_status)
                                             : CurlError(result);
      if (tunnel_status < 300) why += Hint(result, why);
      return Ended(CallOutcome::End::kTransportFailed,
                   proxy_.CannotConnect(why));
    }
    if (result == CURLE_OPERATION_TIMEDOUT) {
      answer_.DeliverHeaders();
      outcome_.status = grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                                     "Deadline Exceeded");
      return Ended(CallOutcome::End::kFinished, "");
    }
    std::string why = CurlError(result);
    if (answer_.http_status() == 0) {
      return Ended(CallOutcome::End::kTransportFailed, why + Hint(result, why));
    }
    answer_.DeliverHeaders();
    if (result == CURLE_OUT_OF_MEMORY) why += Hint(result, why);
    outcome_.status = grpc::Status(grpc::StatusCode::UNAVAILABLE, why);
    return Ended(CallOutcome::End::kFinished, "");
  }

  HttpSetup http_;
  CallSetup setup_;
  MethodShape shape_;
  const CurlLibrary* curl_ = nullptr;
  CURL* easy_ = nullptr;
  CURLM* multi_ = nullptr;
  curl_slist* header_list_ = nullptr;
  curl_slist* connect_to_ = nullptr;
  char curl_error_[CURL_ERROR_SIZE] = {};
  std::string url_;
  std::string user_agent_;
  ProxyChoice proxy_;
  RequestStream* requests_ = nullptr;
  CallOutcome outcome_;

  std::string body_out_;  // a one-request body
  HttpAnswer answer_;

  // Shared with the thread that reads requests.
  std::mutex mutex_;
  std::condition_variable drained_;
  std::string upload_;
  bool upload_done_ = false;
  bool paused_ = false;
  bool answer_over_ = false;  // nothing more is sent
  bool stop_reading_ = false;
  std::string request_error_;
  int64_t requests_read_ = 0;
  int64_t request_bytes_read_ = 0;
  std::thread reader_;
  bool added_ = false;  // to `multi_`
  std::atomic<bool> cancelled_{false};
  CallOutcome::End cancel_reason_ = CallOutcome::End::kCancelled;
};

}  // namespace

std::unique_ptr<HttpTransfer> HttpTransfer::Create(HttpSetup http,
                                                   CallSetup setup,
                                                   MethodShape shape) {
  return std::make_unique<Transfer>(std::move(http), std::move(setup), shape);
}

}  // namespace rpccli
