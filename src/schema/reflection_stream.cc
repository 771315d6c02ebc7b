#include "schema/reflection_stream.h"

#include <grpcpp/client_context.h>
#include <grpcpp/completion_queue.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/support/byte_buffer.h>

#include <sstream>

#include "transport/grpc/byte_buffers.h"

namespace rpccli {
namespace {

using Clock = std::chrono::system_clock;

// One ServerReflectionInfo stream, used one request and answer at a time.
// The async generic API gives each answer a deadline and lets one message
// class serve both v1 and v1alpha.
class GrpcReflectionStream : public ReflectionStream {
 public:
  GrpcReflectionStream(const std::shared_ptr<grpc::Channel>& channel,
                       const ReflectionHeaders& headers, std::string path,
                       std::chrono::milliseconds timeout)
      : stub_(channel), path_(std::move(path)), timeout_(timeout) {
    for (const auto& header : headers) {
      context_.AddMetadata(header.first, header.second);
    }
  }

  ~GrpcReflectionStream() override {
    if (call_ != nullptr && !finished_) {
      context_.TryCancel();
      DrainPending();
      call_->Finish(&status_, this);
      pending_ = true;
      DrainPending();
    }
    DrainPending();
    queue_.Shutdown();
    void* tag = nullptr;
    bool ok = false;
    while (queue_.Next(&tag, &ok)) {
    }
  }

  bool Exchange(const std::string& request, std::string* response,
                grpc::Status* status) override {
    if (finished_) {
      *status = status_;
      return false;
    }
    Clock::time_point deadline = Clock::now() + timeout_;
    if (call_ == nullptr) {
      call_ = stub_.PrepareCall(&context_, path_, &queue_);
      call_->StartCall(this);
      if (!Await(deadline)) return Fail(status);
    }
    grpc::Slice slice(request);
    grpc::ByteBuffer out(&slice, 1);
    call_->Write(out, this);
    if (!Await(deadline)) return Fail(status);
    grpc::ByteBuffer in;
    call_->Read(&in, this);
    if (!Await(deadline)) return Fail(status);
    *response = ToString(in);
    return true;
  }

 private:
  // Waits for the one operation in flight; true if it succeeded in time.
  bool Await(Clock::time_point deadline) {
    pending_ = true;
    void* tag = nullptr;
    bool ok = false;
    switch (queue_.AsyncNext(&tag, &ok, deadline)) {
      case grpc::CompletionQueue::GOT_EVENT:
        pending_ = false;
        return ok;
      case grpc::CompletionQueue::TIMEOUT:
        timed_out_ = true;
        return false;
      case grpc::CompletionQueue::SHUTDOWN:
        pending_ = false;
        return false;
    }
    return false;
  }

  void DrainPending() {
    if (!pending_) return;
    void* tag = nullptr;
    bool ok = false;
    queue_.Next(&tag, &ok);
    pending_ = false;
  }

  // Ends the stream after a failed operation and says why.
  bool Fail(grpc::Status* status) {
    if (timed_out_) {
      context_.TryCancel();
      DrainPending();
      status_ = NoAnswerWithin(timeout_);
    } else {
      call_->Finish(&status_, this);
      if (!Await(Clock::now() + timeout_)) {
        context_.TryCancel();
        DrainPending();
      }
    }
    finished_ = true;
    *status = status_;
    return false;
  }

  grpc::GenericStub stub_;
  std::string path_;
  std::chrono::milliseconds timeout_;
  grpc::ClientContext context_;
  grpc::CompletionQueue queue_;
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call_;
  grpc::Status status_;
  bool pending_ = false;
  bool timed_out_ = false;
  bool finished_ = false;
};

}  // namespace

// Marks rpccli's own status in its binary details, where a server's would
// be a google.rpc.Status, which never starts with a zero byte.
const char kNoAnswerMark[] = "\0rpccli: no answer";

grpc::Status NoAnswerWithin(std::chrono::milliseconds timeout) {
  std::ostringstream why;
  why << "no reflection answer within " << timeout.count() / 1000.0 << " s";
  return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, why.str(),
                      std::string(kNoAnswerMark, sizeof kNoAnswerMark - 1));
}

bool NoAnswerCame(const grpc::Status& status) {
  return status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED &&
         status.error_details() ==
             std::string(kNoAnswerMark, sizeof kNoAnswerMark - 1);
}

ReflectionStreamFactory GrpcReflectionStreams(
    std::shared_ptr<grpc::Channel> channel, ReflectionHeaders headers,
    std::string path_prefix) {
  return [channel, headers, path_prefix](const std::string& path,
                                         std::chrono::milliseconds timeout) {
    return std::make_unique<GrpcReflectionStream>(channel, headers,
                                                  path_prefix + path, timeout);
  };
}

}  // namespace rpccli
