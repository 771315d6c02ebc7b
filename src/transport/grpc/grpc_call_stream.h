// One call's state machine on a completion queue that someone else drives:
// the call engine's unit, which GrpcCall (one call) and GrpcCallRunner (many at
// once) both run. Wire bytes only.
#ifndef RPCCLI_TRANSPORT_GRPC_GRPC_CALL_STREAM_H_
#define RPCCLI_TRANSPORT_GRPC_GRPC_CALL_STREAM_H_

#include <grpcpp/alarm.h>
#include <grpcpp/client_context.h>
#include <grpcpp/generic/generic_stub.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "transport/call_engine.h"

namespace rpccli {

class GrpcCallStream;

/// What a completion on the queue is; the queue's tags point at these.
struct CallOp {
  enum Kind { kStart, kRead, kWrite, kWritesDone, kFinish, kWake };
  GrpcCallStream* stream;
  Kind kind;
};

class GrpcCallStream {
 public:
  /// `one_response`: the method returns one message (it is not server
  /// streaming), and a server that sends none with OK, or a second one,
  /// breaks the protocol: the call fails rather than show a made-up or
  /// partial answer. gRPC's one-batch unary path cannot see a second
  /// message (the batch waits for the deadline), so every call streams.
  GrpcCallStream(const CallSetup& setup, bool one_response, RequestStream* requests,
             ResponseSink* responses);
  ~GrpcCallStream();
  GrpcCallStream(const GrpcCallStream&) = delete;
  GrpcCallStream& operator=(const GrpcCallStream&) = delete;

  /// Starts the call on `queue`; its completions then go to Handle.
  void Start(grpc::GenericStub* stub, grpc::CompletionQueue* queue);
  /// Handles one completion of this call; true once the call is over and
  /// none of its operations is left on the queue.
  bool Handle(CallOp::Kind kind, bool ok);
  /// Ends the call early; safe from any thread, at any time.
  void Cancel(CallOutcome::End why);
  /// Hands the sink's buffered output on, if it printed since the last
  /// time; called when the queue has nothing else ready.
  void FlushIfPrinted();

  /// Once Handle returned true: how the call went.
  CallOutcome& outcome() { return outcome_; }

 private:
  // Once the call has started: the first read, and the first write if a
  // request is ready.
  void StartReadingAndWriting();
  // Notes in the outcome whether headers and trailers arrived.
  void NoteWhatArrived();
  // Takes the response headers into the outcome and hands them to the
  // sink, the first time only.
  void ReportHeaders();
  // Starts the next write, or the end of writes, if the stream is ready
  // for it; says whether it started one.
  bool NextWrite();
  // Requests that never block are taken on the queue's thread, as needed.
  void TakeRequestsInline();
  void ReadRequests();  // the request thread, for requests that may block
  void CloseWrites();
  // The call is over: stops the request thread, gathers metadata; false
  // while a wake is still to come back from the queue.
  bool Conclude();
  // Records why the call ended, unless that is already decided.
  void SetEnd(CallOutcome::End why);
  void SetEndLocked(CallOutcome::End why);  // with `mutex_` held
  CallOp* Op(CallOp::Kind kind) { return &ops_[kind]; }

  grpc::ClientContext context_;
  std::string wire_path_;
  std::chrono::system_clock::time_point deadline_;
  bool one_response_;
  RequestStream* requests_;
  ResponseSink* responses_;
  bool requests_block_;
  grpc::CompletionQueue* queue_ = nullptr;
  CallOp ops_[CallOp::kWake + 1];
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call_;

  // Shared with the request thread and Cancel.
  std::mutex mutex_;
  std::condition_variable space_;  // for the request thread
  std::deque<std::string> pending_requests_;
  size_t pending_request_bytes_ = 0;
  bool input_ended_ = false;
  // No further write will start. Set under `mutex_`; the queue's thread
  // reads it without, between batches.
  std::atomic<bool> writes_closed_{false};
  bool needs_wake_ = false;  // the queue's thread waits for a request
  // The request thread holds a request and waits for room: another
  // request surely follows the ones waiting.
  bool request_in_hand_ = false;
  std::unique_ptr<grpc::Alarm> wake_;
  bool end_decided_ = false;
  CallOutcome outcome_;
  // Cancelled by rpccli: the status is gRPC's, not the server's.
  bool cancelled_ = false;

  // The queue's thread only.
  std::thread request_thread_;
  int in_flight_ = 0;
  bool started_ = false;
  bool write_in_flight_ = false;
  bool writes_done_sent_ = false;
  bool reading_over_ = false;
  bool finish_requested_ = false;
  bool finished_ = false;
  bool sink_open_ = true;
  bool headers_reported_ = false;
  // The server broke the protocol: the status the call ends with.
  grpc::Status violation_;
  // A method's one response, until its status is known.
  std::optional<std::string> held_response_;
  bool printed_since_flush_ = false;
  std::deque<std::string> sending_;  // taken from pending_requests_
  bool more_after_sending_ = false;  // request_in_hand_ when they were taken
  bool sending_is_last_ = false;     // and input_ended_
  grpc::ByteBuffer write_buffer_;
  size_t buffered_write_bytes_ = 0;  // hinted since the last flush
  grpc::ByteBuffer read_buffer_;
};

}  // namespace rpccli

#endif  // RPCCLI_TRANSPORT_GRPC_GRPC_CALL_STREAM_H_
