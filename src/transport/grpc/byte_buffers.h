// Messages in and out of gRPC's byte buffers, copied only when small.
#ifndef RPCCLI_TRANSPORT_GRPC_BYTE_BUFFERS_H_
#define RPCCLI_TRANSPORT_GRPC_BYTE_BUFFERS_H_

#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/slice.h>

#include <string>

namespace rpccli {

/// The bytes of a gRPC ByteBuffer, in one string.
std::string ToString(const grpc::ByteBuffer& buffer);

/// A slice of `bytes` for gRPC to send: a large message is handed over,
/// not copied.
grpc::Slice SliceOf(std::string bytes);

}  // namespace rpccli

#endif  // RPCCLI_TRANSPORT_GRPC_BYTE_BUFFERS_H_
