#include "transport/grpc/grpc_call_stream.h"

#include <grpcpp/support/client_callback.h>

#include <utility>

#include "transport/answer_checks.h"
#include "transport/grpc/byte_buffers.h"

#ifdef RPCCLI_HAVE_RESPONSE_ENCODING
// gRPC reads `grpc-encoding` itself and leaves it out of the headers it
// hands over; only this function, kept for gRPC's own tests and declared in
// no installed header, tells which encoding the responses came in. meson
// checks that it links.
grpc_compression_algorithm grpc_call_test_only_get_compression_algorithm(
    grpc_call* call);
#endif

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

Headers Copy(
    const std::multimap<grpc::string_ref, grpc::string_ref>& metadata) {
  std::vector<std::pair<std::string, std::string>> copy;
  for (const auto& entry : metadata) {
    copy.emplace_back(std::string(entry.first.data(), entry.first.size()),
                      std::string(entry.second.data(), entry.second.size()));
  }
  return copy;
}

// Puts back the `grpc-encoding` header gRPC took out of the response
// headers, so that -v shows how responses were compressed.
void AddResponseEncoding(grpc::ClientContext& context, Headers* headers) {
#ifdef RPCCLI_HAVE_RESPONSE_ENCODING
  if (context.c_call() == nullptr) return;  // the call never started
  grpc_compression_algorithm algorithm =
      grpc_call_test_only_get_compression_algorithm(context.c_call());
  const char* name = nullptr;
  if (algorithm != GRPC_COMPRESS_NONE &&
      grpc_compression_algorithm_name(algorithm, &name)) {
    headers->emplace_back("grpc-encoding", name);
  }
#else
  (void)context;
  (void)headers;
#endif
}

// Whether the server answered with a status alone, no headers before it:
// gRPC then completes the wait for headers as if empty ones had come. Core
// tells, and only the callback API's reactor asks it, through a public
// member that any subclass can call.
bool AnsweredWithTrailersOnly(grpc_call* call) {
  struct Probe : grpc::internal::ClientReactor {
    void OnDone(const grpc::Status&) override {}
  };
  return call != nullptr && Probe().InternalTrailersOnly(call);
}

}  // namespace

GrpcCallStream::GrpcCallStream(const CallSetup& setup, bool one_response,
                       RequestStream* requests, ResponseSink* responses)
    : wire_path_(setup.wire_path),
      deadline_(setup.deadline),
      one_response_(one_response),
      requests_(requests),
      responses_(responses),
      requests_block_(requests->MayBlock()) {
  for (const auto& header : setup.headers) {
    context_.AddMetadata(header.first, header.second);
  }
  if (setup.deadline != std::chrono::system_clock::time_point::max()) {
    context_.set_deadline(setup.deadline);
  }
  if (setup.compression != GRPC_COMPRESS_NONE) {
    context_.set_compression_algorithm(setup.compression);
  }
  for (int kind = 0; kind <= CallOp::kWake; ++kind) {
    ops_[kind] = CallOp{this, static_cast<CallOp::Kind>(kind)};
  }
}

GrpcCallStream::~GrpcCallStream() {
  if (request_thread_.joinable()) request_thread_.join();
}

void GrpcCallStream::Start(grpc::GenericStub* stub, grpc::CompletionQueue* queue) {
  queue_ = queue;
  outcome_.started = std::chrono::steady_clock::now();
  // Requests at hand (in memory) are sent at once: the headers wait for
  // the first write and go with it, in one frame and with no completion of
  // their own to wait for; a unary call is then a write and two reads.
  bool at_hand = !requests_block_;
  if (at_hand) context_.set_initial_metadata_corked(true);
  call_ = stub->PrepareCall(&context_, wire_path_, queue);
  call_->StartCall(Op(CallOp::kStart));
  if (at_hand) {
    StartReadingAndWriting();
    return;
  }
  in_flight_ = 1;
  request_thread_ = std::thread(&GrpcCallStream::ReadRequests, this);
}

void GrpcCallStream::StartReadingAndWriting() {
  started_ = true;
  call_->Read(&read_buffer_, Op(CallOp::kRead));
  ++in_flight_;
  if (NextWrite()) ++in_flight_;
}

bool GrpcCallStream::Handle(CallOp::Kind kind, bool ok) {
  if (kind != CallOp::kWake) --in_flight_;
  switch (kind) {
    case CallOp::kStart:
      if (ok) {
        StartReadingAndWriting();
      } else {
        reading_over_ = true;
        CloseWrites();
      }
      break;
    case CallOp::kRead:
      if (!ok) {
        // The server has ended the call: input left over is not sent.
        reading_over_ = true;
        CloseWrites();
        break;
      }
      if (one_response_ && outcome_.responses_received == 1) {
        // Not shown: the call's one answer is not known. Counted: -v says
        // what arrived.
        violation_ = SecondResponse();
        ++outcome_.responses_received;
        outcome_.response_bytes += read_buffer_.Length();
        read_buffer_.Clear();
        reading_over_ = true;
        Cancel(CallOutcome::End::kFinished);
        break;
      }
      if (outcome_.responses_received++ == 0) {
        outcome_.first_response = std::chrono::steady_clock::now();
      }
      outcome_.response_bytes += read_buffer_.Length();
      if (one_response_) {
        // Shown once the status says it is the answer: a unary call that
        // fails has none, whatever came before the failure.
        held_response_ = ToString(read_buffer_);
        read_buffer_.Clear();
      } else if (sink_open_) {
        std::string bytes = ToString(read_buffer_);
        read_buffer_.Clear();  // a large message is not kept twice
        ReportHeaders();
        sink_open_ = responses_->OnResponse(bytes);
        printed_since_flush_ = true;
        if (!sink_open_) Cancel(CallOutcome::End::kSinkFailed);
      }
      call_->Read(&read_buffer_, Op(CallOp::kRead));
      ++in_flight_;
      break;
    case CallOp::kWrite:
      write_in_flight_ = false;
      if (ok) {
        std::lock_guard<std::mutex> lock(mutex_);
        ++outcome_.requests_sent;
        outcome_.request_bytes += write_buffer_.Length();
        write_buffer_.Clear();
      } else {
        CloseWrites();  // the stream is broken or the call is over
      }
      if (NextWrite()) ++in_flight_;
      break;
    case CallOp::kWritesDone:
      break;
    case CallOp::kWake: {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        wake_.reset();
      }
      if (NextWrite()) ++in_flight_;
      break;
    }
    case CallOp::kFinish:
      finished_ = true;
      break;
  }
  // The status is asked for once nothing more will be read and no write
  // is in flight.
  if (reading_over_ && !write_in_flight_ && !finish_requested_) {
    finish_requested_ = true;
    call_->Finish(&outcome_.status, Op(CallOp::kFinish));
    ++in_flight_;
  }
  if (!finished_ || in_flight_ > 0) return false;
  return Conclude();
}

bool GrpcCallStream::Conclude() {
  // Stop the request thread wherever it is blocked; after it, no wake
  // can be posted, and one still pending is called off and waited for.
  {
    std::lock_guard<std::mutex> lock(mutex_);
    writes_closed_ = true;
    space_.notify_all();
  }
  if (request_thread_.joinable()) {
    requests_->Interrupt();
    request_thread_.join();
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (wake_) {
      wake_->Cancel();
      return false;  // its kWake completion comes next
    }
  }
  outcome_.trailers = Copy(context_.GetServerTrailingMetadata());
  if (!violation_.ok()) outcome_.status = violation_;
  NoteWhatArrived();
  CheckAnswer(one_response_, &outcome_);
  ReportHeaders();
  if (held_response_ && outcome_.status.ok() && sink_open_) {
    sink_open_ = responses_->OnResponse(*held_response_);
    printed_since_flush_ = true;
    if (!sink_open_) SetEnd(CallOutcome::End::kSinkFailed);
  }
  held_response_.reset();
  if (sink_open_ && printed_since_flush_) {
    printed_since_flush_ = false;
    sink_open_ = responses_->OnIdle();
    if (!sink_open_) SetEnd(CallOutcome::End::kSinkFailed);
  }
  outcome_.ended = std::chrono::steady_clock::now();  // after what it shows
  return true;
}

void GrpcCallStream::NoteWhatArrived() {
  // gRPC marks a call as trailers-only when the server answered with a
  // status alone, and when the call ended before any headers came (the
  // deadline, a reset): either way, no headers arrived. (A wait for the
  // headers of its own would tell more, but then gRPC hands over an empty
  // message for a corrupt frame.)
  bool cut_short;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    cut_short = cancelled_;
  }
  // gRPC ends the call itself at the deadline, with a status of its own.
  cut_short = cut_short || (outcome_.status.error_code() ==
                                grpc::StatusCode::DEADLINE_EXCEEDED &&
                            std::chrono::system_clock::now() >= deadline_);
  // A call cut short in the middle of the server's headers (a block whose
  // CONTINUATION never came) leaves core with half of them, and its check
  // of that state aborts rpccli (gRPC 1.51's debug assertion). Such a call
  // is not asked: only headers handed over count as arrived.
  bool trailers_only = cut_short
                           ? context_.GetServerInitialMetadata().empty()
                           : AnsweredWithTrailersOnly(context_.c_call());
  outcome_.headers_arrived = outcome_.responses_received > 0 || !trailers_only;
  // For a stream that broke (reset, closed, ended without trailers) gRPC
  // makes up an error status with no metadata, alike to one received. So
  // an error whose trailers carry nothing is told by its status alone:
  // never a trailers event for trailers that did not come.
  outcome_.trailers_arrived =
      !cut_short && (outcome_.status.ok() || !outcome_.trailers.empty());
}

void GrpcCallStream::ReportHeaders() {
  if (headers_reported_) return;
  headers_reported_ = true;
  // gRPC has them once the first response is in, or the call is over.
  outcome_.headers = Copy(context_.GetServerInitialMetadata());
  AddResponseEncoding(context_, &outcome_.headers);
  // Before the end, a response has just come, and the headers with it.
  bool arrived = outcome_.responses_received > 0 || outcome_.headers_arrived;
  if (sink_open_ && arrived) {
    responses_->OnHeaders(outcome_.headers);
    printed_since_flush_ = true;
  }
}

void GrpcCallStream::FlushIfPrinted() {
  if (!sink_open_ || !printed_since_flush_) return;
  printed_since_flush_ = false;
  sink_open_ = responses_->OnIdle();
  if (!sink_open_) Cancel(CallOutcome::End::kSinkFailed);
}

bool GrpcCallStream::NextWrite() {
  // Closed: the server ended the call, a write failed, or it was
  // cancelled; requests still waiting are not sent.
  if (!started_ || write_in_flight_ || writes_done_sent_ || writes_closed_) {
    return false;
  }
  if (!requests_block_ && sending_.empty()) TakeRequestsInline();
  // Takes every waiting request at once, and the lock only then: one lock
  // per batch rather than per message keeps this thread and the request
  // thread out of each other's way.
  if (sending_.empty()) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (writes_closed_) return false;
    sending_.swap(pending_requests_);
    more_after_sending_ = request_in_hand_;
    sending_is_last_ = input_ended_;
    pending_request_bytes_ = 0;
    space_.notify_all();
    if (sending_.empty()) {
      if (input_ended_) {
        writes_closed_ = true;
        lock.unlock();
        writes_done_sent_ = true;
        call_->WritesDone(Op(CallOp::kWritesDone));
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
  if (sending_.empty() && sending_is_last_) {
    // The last request, known to be: it ends the writes too, in one
    // operation and one frame (a unary call's only request, say).
    options.set_last_message();
    writes_done_sent_ = true;
  }
  write_in_flight_ = true;
  call_->Write(write_buffer_, options, Op(CallOp::kWrite));
  return true;
}

void GrpcCallStream::TakeRequestsInline() {
  std::unique_lock<std::mutex> lock(mutex_);
  size_t bytes = 0;
  while (!input_ended_ && pending_requests_.size() < kMaxPendingRequests &&
         bytes < kMaxPendingRequestBytes) {
    std::string request, err;
    switch (requests_->Next(&request, &err)) {
      case RequestStream::Result::kMessage:
        bytes += request.size();
        pending_requests_.push_back(std::move(request));
        break;
      case RequestStream::Result::kEnd:
        input_ended_ = true;
        break;
      case RequestStream::Result::kError:
        // As on the request thread: the server sees a cancelled stream.
        outcome_.request_error = err;
        input_ended_ = true;
        lock.unlock();
        Cancel(CallOutcome::End::kBadRequest);
        return;
    }
  }
  request_in_hand_ = !input_ended_;
}

void GrpcCallStream::CloseWrites() {
  bool interrupt = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    interrupt = !writes_closed_ && requests_block_;
    writes_closed_ = true;
    space_.notify_all();
  }
  if (interrupt) requests_->Interrupt();
}

void GrpcCallStream::SetEnd(CallOutcome::End why) {
  std::lock_guard<std::mutex> lock(mutex_);
  SetEndLocked(why);
}

void GrpcCallStream::SetEndLocked(CallOutcome::End why) {
  if (!end_decided_) {
    end_decided_ = true;
    outcome_.end = why;
  }
}

void GrpcCallStream::Cancel(CallOutcome::End why) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    SetEndLocked(why);
    cancelled_ = true;
    writes_closed_ = true;
    space_.notify_all();
  }
  // Every operation in flight then fails, and Handle asks for the status.
  // Before the call starts, this marks the context so that it starts
  // cancelled.
  context_.TryCancel();
  if (requests_block_) requests_->Interrupt();
}

void GrpcCallStream::ReadRequests() {
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
      // The queue's thread takes the whole queue at once, so a full queue
      // waits for that, not for each message.
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
      wake_->Set(queue_, gpr_time_0(GPR_CLOCK_MONOTONIC), Op(CallOp::kWake));
    }
    if (result == RequestStream::Result::kEnd) return;
  }
}

}  // namespace rpccli
