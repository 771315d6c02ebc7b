#include "call.h"

#include <grpcpp/alarm.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/support/byte_buffer.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace rpccli {
namespace {

// Requests converted but not yet taken for sending (and as many again
// taken but not yet sent). A bound keeps memory flat whatever the stream's
// length; a thousand small messages let each thread work in batches, and
// fewer cost a lock and a wake-up every few dozen messages.
constexpr size_t kMaxPendingRequests = 1024;
constexpr size_t kMaxPendingRequestBytes = 4 << 20;
// gRPC completes a hinted write at once and keeps its bytes until a write
// without the hint: after this many bytes, flush, or the transport's buffer
// grows with the stream.
constexpr size_t kMaxBufferedWriteBytes = 64 * 1024;

// What each completion on the queue is.
enum Tag : intptr_t { kStart = 1, kRead, kWrite, kWritesDone, kFinish, kWake };

void* AsTag(Tag tag) { return reinterpret_cast<void*>(tag); }

}  // namespace

// One bidi stream over the asynchronous generic API, driven by Run's thread
// polling the completion queue. That thread also hands each response to
// the sink, so a message crosses no thread on its way in: gRPC's callback
// API (used before) cost a thread switch inside gRPC per message, and
// those switches, not JSON, set the pace. Requests come from a thread of
// their own through `pending_requests_`, guarded by `mutex_`; it wakes the
// queue with an alarm only when the queue has run out of requests.
class Call::Stream {
 public:
  explicit Stream(grpc::ClientContext* context) : context_(context) {}

  CallOutcome Run(grpc::GenericStub* stub, const std::string& wire_path,
                  RequestStream* requests, ResponseSink* responses);
  void Cancel(CallOutcome::End why);

 private:
  void ReadRequests();
  // On Run's thread: starts the next write, or the end of writes, if the
  // stream is ready for it; says whether it started one.
  bool NextWrite();
  // On Run's thread: the sending side is over (the server ended the call,
  // or a write failed); the request thread stops reading input.
  void CloseWrites();

  grpc::ClientContext* context_;
  grpc::CompletionQueue queue_;
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call_;

  // Shared with the request thread and Cancel.
  std::mutex mutex_;
  std::condition_variable space_;  // for the request thread
  RequestStream* requests_ = nullptr;
  std::deque<std::string> pending_requests_;
  size_t pending_request_bytes_ = 0;
  bool input_ended_ = false;
  // No further write will start. Set under `mutex_`; Run's thread reads
  // it without, between batches.
  std::atomic<bool> writes_closed_{false};
  bool needs_wake_ = false;  // Run's thread waits for a request
  // The request thread holds a request and waits for room: another
  // request surely follows the ones waiting.
  bool request_in_hand_ = false;
  std::unique_ptr<grpc::Alarm> wake_;
  CallOutcome outcome_;
  bool end_decided_ = false;

  // Run's thread only.
  bool started_ = false;
  bool write_in_flight_ = false;
  bool writes_done_sent_ = false;
  std::deque<std::string> sending_;  // taken from pending_requests_
  bool more_after_sending_ = false;  // request_in_hand_ when they were taken
  grpc::ByteBuffer write_buffer_;
  size_t buffered_write_bytes_ = 0;  // hinted since the last flush
  grpc::ByteBuffer read_buffer_;
};

CallOutcome Call::Stream::Run(grpc::GenericStub* stub,
                              const std::string& wire_path,
                              RequestStream* requests,
                              ResponseSink* responses) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    requests_ = requests;
  }
  call_ = stub->PrepareCall(context_, wire_path, &queue_);
  call_->StartCall(AsTag(kStart));
  int in_flight = 1;
  std::thread request_thread(&Stream::ReadRequests, this);

  bool sink_open = true;
  bool printed_since_flush = false;
  bool reading_over = false;
  bool finish_requested = false;
  bool finished = false;
  grpc::Status status;
  while (in_flight > 0) {
    void* tag = nullptr;
    bool ok = false;
    // Flush when nothing else is ready: one write to stdout per burst of
    // responses, and an interactive answer at once.
    if (queue_.AsyncNext(&tag, &ok, gpr_time_0(GPR_CLOCK_MONOTONIC)) !=
        grpc::CompletionQueue::GOT_EVENT) {
      if (sink_open && printed_since_flush) {
        printed_since_flush = false;
        sink_open = responses->OnIdle();
        if (!sink_open) Cancel(CallOutcome::End::kSinkFailed);
      }
      if (!queue_.Next(&tag, &ok)) break;
    }
    Tag what = static_cast<Tag>(reinterpret_cast<intptr_t>(tag));
    if (what != kWake) --in_flight;  // wakes are the request thread's
    switch (what) {
      case kStart:
        if (ok) {
          started_ = true;
          call_->Read(&read_buffer_, AsTag(kRead));
          ++in_flight;
          if (NextWrite()) ++in_flight;
        } else {
          reading_over = true;
          CloseWrites();
        }
        break;
      case kRead:
        if (!ok) {
          // The server has ended the call: input left over is not sent.
          reading_over = true;
          CloseWrites();
          break;
        }
        if (outcome_.responses_received++ == 0) {
          outcome_.first_response = std::chrono::steady_clock::now();
        }
        outcome_.response_bytes += read_buffer_.Length();
        if (sink_open) {
          std::string bytes = ToString(read_buffer_);
          read_buffer_.Clear();  // a large message is not kept twice
          sink_open = responses->OnResponse(bytes);
          printed_since_flush = true;
          if (!sink_open) Cancel(CallOutcome::End::kSinkFailed);
        }
        call_->Read(&read_buffer_, AsTag(kRead));
        ++in_flight;
        break;
      case kWrite: {
        write_in_flight_ = false;
        if (ok) {
          std::lock_guard<std::mutex> lock(mutex_);
          ++outcome_.requests_sent;
          outcome_.request_bytes += write_buffer_.Length();
          write_buffer_.Clear();
        } else {
          CloseWrites();  // the stream is broken or the call is over
        }
        if (NextWrite()) ++in_flight;
        break;
      }
      case kWritesDone:
        break;
      case kWake: {
        {
          std::lock_guard<std::mutex> lock(mutex_);
          wake_.reset();
        }
        if (NextWrite()) ++in_flight;
        break;
      }
      case kFinish:
        finished = true;
        break;
    }
    // The status is asked for once nothing more will be read and no write
    // is in flight; a wake still pending is called off.
    if (reading_over && !write_in_flight_ && !finish_requested) {
      finish_requested = true;
      call_->Finish(&status, AsTag(kFinish));
      ++in_flight;
    }
    if (finished) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (wake_) wake_->Cancel();
    }
  }

  // The call is over: stop the request thread wherever it is blocked.
  {
    std::lock_guard<std::mutex> lock(mutex_);
    writes_closed_ = true;
    space_.notify_all();
  }
  requests_->Interrupt();
  request_thread.join();
  {
    // A wake posted after the call ended is drained with the queue.
    std::lock_guard<std::mutex> lock(mutex_);
    if (wake_) wake_->Cancel();
  }
  queue_.Shutdown();
  void* tag = nullptr;
  bool ok = false;
  while (queue_.Next(&tag, &ok)) {
  }
  if (sink_open && printed_since_flush) responses->OnIdle();

  std::lock_guard<std::mutex> lock(mutex_);
  outcome_.status = status;
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
  return outcome_;
}

bool Call::Stream::NextWrite() {
  // Closed: the server ended the call, a write failed, or it was
  // cancelled; requests still waiting are not sent.
  if (!started_ || write_in_flight_ || writes_done_sent_ || writes_closed_) {
    return false;
  }
  // Takes every waiting request at once, and the lock only then: one lock
  // per batch rather than per message keeps this thread and the request
  // thread out of each other's way.
  if (sending_.empty()) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (writes_closed_) return false;
    sending_.swap(pending_requests_);
    more_after_sending_ = request_in_hand_;
    pending_request_bytes_ = 0;
    space_.notify_all();
    if (sending_.empty()) {
      if (input_ended_) {
        writes_closed_ = true;
        lock.unlock();
        writes_done_sent_ = true;
        call_->WritesDone(AsTag(kWritesDone));
        return true;
      }
      needs_wake_ = true;  // the request thread wakes the queue
      return false;
    }
  }
  // A hint only when the next request is known to come at once: an
  // interactive session must see each message leave as soon as it is read.
  bool more = sending_.size() > 1 || more_after_sending_;
  grpc::Slice slice = SliceOf(std::move(sending_.front()));
  sending_.pop_front();
  write_buffer_ = grpc::ByteBuffer(&slice, 1);
  buffered_write_bytes_ += write_buffer_.Length();
  grpc::WriteOptions options;
  if (more && buffered_write_bytes_ < kMaxBufferedWriteBytes) {
    options.set_buffer_hint();
  } else {
    buffered_write_bytes_ = 0;
  }
  write_in_flight_ = true;
  call_->Write(write_buffer_, options, AsTag(kWrite));
  return true;
}

void Call::Stream::CloseWrites() {
  RequestStream* requests = nullptr;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!writes_closed_) requests = requests_;
    writes_closed_ = true;
    space_.notify_all();
  }
  if (requests != nullptr) requests->Interrupt();
}

void Call::Stream::Cancel(CallOutcome::End why) {
  RequestStream* requests = nullptr;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!end_decided_) {
      end_decided_ = true;
      outcome_.end = why;
    }
    writes_closed_ = true;
    requests = requests_;
    space_.notify_all();
  }
  // Every operation in flight then fails, and Run asks for the status.
  // Before the call starts, this marks the context so that it starts
  // cancelled.
  context_->TryCancel();
  if (requests != nullptr) requests->Interrupt();
}

void Call::Stream::ReadRequests() {
  for (;;) {
    std::string bytes, err;
    RequestStream::Result result = requests_->Next(&bytes, &err);
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
      // Run's thread takes the whole queue at once, so a full queue waits
      // for that, not for each message.
      request_in_hand_ = true;
      space_.wait(lock, [this] {
        return writes_closed_ ||
               (pending_requests_.size() < kMaxPendingRequests &&
                pending_request_bytes_ < kMaxPendingRequestBytes);
      });
      request_in_hand_ = false;
      if (writes_closed_) return;
      pending_request_bytes_ += bytes.size();
      pending_requests_.push_back(std::move(bytes));
    }
    if (needs_wake_ && !wake_) {
      needs_wake_ = false;
      wake_ = std::make_unique<grpc::Alarm>();
      wake_->Set(&queue_, gpr_time_0(GPR_CLOCK_MONOTONIC), AsTag(kWake));
    }
    if (result == RequestStream::Result::kEnd) return;
  }
}

grpc::Slice SliceOf(std::string bytes) {
  // Below this, gRPC copies into a slice it has anyway.
  constexpr size_t kMinSizeToHandOver = 4096;
  if (bytes.size() < kMinSizeToHandOver) return grpc::Slice(bytes);
  auto* owned = new std::string(std::move(bytes));
  return grpc::Slice(
      owned->data(), owned->size(),
      [](void* string) { delete static_cast<std::string*>(string); }, owned);
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
