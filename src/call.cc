#include "call.h"

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/client_callback.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace rpccli {
namespace {

// Requests converted but not yet sent, and responses received but not yet
// handled. Small bounds keep memory flat whatever the stream's length; a
// few messages of slack keep both sides busy.
constexpr size_t kMaxPendingRequests = 64;
constexpr size_t kMaxPendingRequestBytes = 4 << 20;
constexpr size_t kMaxPendingResponses = 64;
// gRPC completes a hinted write at once and keeps its bytes until a write
// without the hint: after this many bytes, flush, or the transport's buffer
// grows with the stream.
constexpr size_t kMaxBufferedWriteBytes = 64 * 1024;

}  // namespace

// One bidi stream over the callback API. gRPC calls the On* reactions on its
// own threads, the request thread feeds writes, and Run's thread hands
// responses to the sink; `mutex_` guards the state they share. gRPC
// operations are started after the mutex is released, since a reaction may
// run before the Start call returns.
class Call::Stream
    : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  explicit Stream(grpc::ClientContext* context) : context_(context) {}

  CallOutcome Run(grpc::GenericStub* stub, const std::string& wire_path,
                  RequestStream* requests, ResponseSink* responses);
  void Cancel(CallOutcome::End why);

  void OnWriteDone(bool ok) override;
  void OnReadDone(bool ok) override;
  void OnDone(const grpc::Status& status) override;

 private:
  // What to start once the mutex is released.
  struct Actions {
    bool write = false;
    bool write_buffered = false;  // more requests wait: let gRPC batch
    bool writes_done = false;
    bool release_hold = false;
    bool read = false;
    bool resume_read = false;  // read, then drop the hold taken on pausing
  };

  void ReadRequests();
  void NextWriteLocked(Actions* actions);
  void ReleaseHoldIfIdleLocked(Actions* actions);
  void Perform(const Actions& actions);

  grpc::ClientContext* context_;

  std::mutex mutex_;
  std::condition_variable changed_;
  RequestStream* requests_ = nullptr;  // set before the call starts
  bool started_ = false;

  // Sending side.
  std::deque<std::string> pending_requests_;
  size_t pending_request_bytes_ = 0;
  bool input_ended_ = false;
  bool write_in_flight_ = false;
  bool writes_closed_ = false;  // no further write will start
  bool hold_released_ = false;
  grpc::ByteBuffer write_buffer_;
  size_t buffered_write_bytes_ = 0;  // hinted since the last flush

  // Receiving side.
  grpc::ByteBuffer read_buffer_;
  std::deque<grpc::ByteBuffer> pending_responses_;
  bool read_paused_ = false;
  bool done_ = false;

  CallOutcome outcome_;
  bool end_decided_ = false;
};

CallOutcome Call::Stream::Run(grpc::GenericStub* stub,
                              const std::string& wire_path,
                              RequestStream* requests,
                              ResponseSink* responses) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    requests_ = requests;
  }
  stub->PrepareBidiStreamingCall(context_, wire_path, grpc::StubOptions(),
                                 this);
  // The hold keeps the call open while the request thread may still start
  // writes; it is released once the sending side is closed.
  AddHold();
  StartRead(&read_buffer_);
  StartCall();
  Actions early_cancel;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    started_ = true;
    ReleaseHoldIfIdleLocked(&early_cancel);  // if Cancel came first
  }
  Perform(early_cancel);
  std::thread request_thread(&Stream::ReadRequests, this);

  bool sink_open = true;
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    changed_.wait(lock,
                  [this] { return !pending_responses_.empty() || done_; });
    if (pending_responses_.empty()) break;  // done, and everything handled
    grpc::ByteBuffer response;
    response.Swap(&pending_responses_.front());
    pending_responses_.pop_front();
    bool more_waiting = !pending_responses_.empty();
    Actions actions;
    if (read_paused_) {
      read_paused_ = false;
      actions.resume_read = true;
    }
    lock.unlock();
    Perform(actions);
    if (sink_open) {
      sink_open = responses->OnResponse(ToString(response)) &&
                  (more_waiting || responses->OnIdle());
      if (!sink_open) Cancel(CallOutcome::End::kSinkFailed);
    }
    lock.lock();
  }
  // The call is over: stop the request thread wherever it is blocked.
  writes_closed_ = true;
  changed_.notify_all();
  lock.unlock();
  requests_->Interrupt();
  request_thread.join();
  if (sink_open) responses->OnIdle();
  return outcome_;
}

void Call::Stream::Cancel(CallOutcome::End why) {
  Actions actions;
  RequestStream* requests = nullptr;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!end_decided_) {
      end_decided_ = true;
      outcome_.end = why;
    }
    writes_closed_ = true;
    if (started_) ReleaseHoldIfIdleLocked(&actions);
    requests = requests_;
    changed_.notify_all();
  }
  // Before the call starts, this marks the context so that it starts
  // cancelled.
  context_->TryCancel();
  if (requests != nullptr) requests->Interrupt();
  Perform(actions);
}

void Call::Stream::ReadRequests() {
  for (;;) {
    std::string bytes, err;
    RequestStream::Result result = requests_->Next(&bytes, &err);
    Actions actions;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      if (writes_closed_) return;
      if (result == RequestStream::Result::kError) {
        outcome_.request_error = err;
        lock.unlock();
        // The server must see a cancelled stream, never one that looks
        // complete without this request.
        Cancel(CallOutcome::End::kBadRequest);
        return;
      }
      if (result == RequestStream::Result::kEnd) {
        input_ended_ = true;
      } else {
        changed_.wait(lock, [this] {
          return writes_closed_ ||
                 (pending_requests_.size() < kMaxPendingRequests &&
                  pending_request_bytes_ < kMaxPendingRequestBytes);
        });
        if (writes_closed_) return;
        pending_request_bytes_ += bytes.size();
        pending_requests_.push_back(std::move(bytes));
      }
      NextWriteLocked(&actions);
    }
    Perform(actions);
    if (result == RequestStream::Result::kEnd) return;
  }
}

// Starts the next write if none is in flight: the oldest pending request, or
// the end of the stream once input has ended and everything is sent.
void Call::Stream::NextWriteLocked(Actions* actions) {
  if (write_in_flight_ || writes_closed_) return;
  if (!pending_requests_.empty()) {
    std::string& bytes = pending_requests_.front();
    pending_request_bytes_ -= bytes.size();
    grpc::Slice slice(std::move(bytes));
    write_buffer_ = grpc::ByteBuffer(&slice, 1);
    pending_requests_.pop_front();
    write_in_flight_ = true;
    actions->write = true;
    // Only when the next request is already here: an interactive session
    // must see each message leave at once.
    buffered_write_bytes_ += write_buffer_.Length();
    actions->write_buffered = !pending_requests_.empty() &&
                              buffered_write_bytes_ < kMaxBufferedWriteBytes;
    if (!actions->write_buffered) buffered_write_bytes_ = 0;
    changed_.notify_all();
  } else if (input_ended_) {
    writes_closed_ = true;
    actions->writes_done = true;
    ReleaseHoldIfIdleLocked(actions);
  }
}

void Call::Stream::ReleaseHoldIfIdleLocked(Actions* actions) {
  if (writes_closed_ && !write_in_flight_ && !hold_released_) {
    hold_released_ = true;
    actions->release_hold = true;
  }
}

void Call::Stream::Perform(const Actions& actions) {
  if (actions.write) {
    grpc::WriteOptions options;
    if (actions.write_buffered) options.set_buffer_hint();
    StartWrite(&write_buffer_, options);
  }
  if (actions.writes_done) StartWritesDone();
  if (actions.read || actions.resume_read) StartRead(&read_buffer_);
  if (actions.resume_read) RemoveHold();
  // Last: releasing the hold may let OnDone run and end the call.
  if (actions.release_hold) RemoveHold();
}

void Call::Stream::OnWriteDone(bool ok) {
  Actions actions;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    write_in_flight_ = false;
    if (ok) {
      ++outcome_.requests_sent;
      outcome_.request_bytes += write_buffer_.Length();
    } else {
      writes_closed_ = true;  // the stream is broken or the call is over
    }
    NextWriteLocked(&actions);
    ReleaseHoldIfIdleLocked(&actions);
  }
  Perform(actions);
}

void Call::Stream::OnReadDone(bool ok) {
  Actions actions;
  bool stop_requests = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (ok) {
      if (outcome_.responses_received++ == 0) {
        outcome_.first_response = std::chrono::steady_clock::now();
      }
      outcome_.response_bytes += read_buffer_.Length();
      pending_responses_.emplace_back();
      pending_responses_.back().Swap(&read_buffer_);
      if (pending_responses_.size() < kMaxPendingResponses) {
        actions.read = true;
      } else {
        // Resumed as the sink catches up. With no read in flight, a
        // cancelled call could end (and its reactor go) before that; the
        // hold keeps it until the read is started.
        read_paused_ = true;
        AddHold();
      }
    } else if (!writes_closed_) {
      // The server has ended the call: whatever input is left is not sent.
      writes_closed_ = true;
      stop_requests = true;
      ReleaseHoldIfIdleLocked(&actions);
    }
    changed_.notify_all();
  }
  if (stop_requests) requests_->Interrupt();
  Perform(actions);
}

void Call::Stream::OnDone(const grpc::Status& status) {
  std::lock_guard<std::mutex> lock(mutex_);
  outcome_.status = status;
  // The call is over, so the context's metadata is complete and stable.
  for (const auto& entry : context_->GetServerInitialMetadata()) {
    outcome_.headers.emplace_back(
        std::string(entry.first.data(), entry.first.size()),
        std::string(entry.second.data(), entry.second.size()));
  }
  for (const auto& entry : context_->GetServerTrailingMetadata()) {
    outcome_.trailers.emplace_back(
        std::string(entry.first.data(), entry.first.size()),
        std::string(entry.second.data(), entry.second.size()));
  }
  done_ = true;
  changed_.notify_all();
}

std::string ToString(const grpc::ByteBuffer& buffer) {
  std::string bytes;
  std::vector<grpc::Slice> slices;
  if (!buffer.Dump(&slices).ok()) return bytes;
  bytes.reserve(buffer.Length());
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return bytes;
}

Call::Call(std::shared_ptr<grpc::Channel> channel, std::string wire_path,
           const std::vector<std::pair<std::string, std::string>>& headers,
           std::chrono::system_clock::time_point deadline)
    : channel_(std::move(channel)),
      wire_path_(std::move(wire_path)),
      stream_(std::make_unique<Stream>(&context_)) {
  for (const auto& header : headers) {
    context_.AddMetadata(header.first, header.second);
  }
  if (deadline != std::chrono::system_clock::time_point::max()) {
    context_.set_deadline(deadline);
  }
}

Call::~Call() = default;

CallOutcome Call::Run(RequestStream* requests, ResponseSink* responses) {
  grpc::GenericStub stub(channel_);
  return stream_->Run(&stub, wire_path_, requests, responses);
}

void Call::Cancel() { stream_->Cancel(CallOutcome::End::kCancelled); }

}  // namespace rpccli
