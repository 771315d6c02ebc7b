#include "transport/grpc/byte_buffers.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace rpccli {
namespace {

TEST(SliceOf, HandsALargeMessageOverAndCopiesASmallOne) {
  std::string large(1 << 20, 'z');
  const char* bytes = large.data();
  grpc::Slice handed_over = SliceOf(std::move(large));
  EXPECT_EQ(reinterpret_cast<const char*>(handed_over.begin()), bytes);
  EXPECT_EQ(handed_over.size(), 1u << 20);
  grpc::Slice copied = SliceOf("small");
  EXPECT_EQ(
      std::string(reinterpret_cast<const char*>(copied.begin()), copied.size()),
      "small");
}

TEST(ToString, JoinsTheSlicesOfABuffer) {
  grpc::Slice slices[] = {grpc::Slice("one "), grpc::Slice("two")};
  grpc::ByteBuffer buffer(slices, 2);
  EXPECT_EQ(ToString(buffer), "one two");
  EXPECT_EQ(ToString(grpc::ByteBuffer()), "");
}

}  // namespace
}  // namespace rpccli
