#include "transport/grpc/byte_buffers.h"

#include <utility>
#include <vector>

namespace rpccli {

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

}  // namespace rpccli
