#include "call.h"

#include <grpcpp/client_context.h>
#include <grpcpp/completion_queue.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/support/byte_buffer.h>

namespace rpccli {

grpc::Status CallUnary(const std::shared_ptr<grpc::Channel>& channel,
                       const std::string& wire_path, const std::string& request,
                       std::string* response) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  grpc::CompletionQueue queue;
  grpc::Slice slice(request);
  grpc::ByteBuffer request_buffer(&slice, 1);
  grpc::ByteBuffer response_buffer;
  grpc::Status status;

  auto call =
      stub.PrepareUnaryCall(&context, wire_path, request_buffer, &queue);
  call->StartCall();
  call->Finish(&response_buffer, &status, /*tag=*/&status);
  void* tag = nullptr;
  bool ok = false;
  if (!queue.Next(&tag, &ok) || tag != &status) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "completion queue failed");
  }
  queue.Shutdown();
  while (queue.Next(&tag, &ok)) {
  }
  if (!status.ok()) return status;

  grpc::Slice reply;
  if (!response_buffer.DumpToSingleSlice(&reply).ok()) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "unreadable response");
  }
  response->assign(reinterpret_cast<const char*>(reply.begin()), reply.size());
  return status;
}

}  // namespace rpccli
