// Message compression for the HTTP protocols (gRPC compresses its own):
// gzip, and gRPC's deflate (the zlib format), with zlib.
#ifndef RPCCLI_TRANSPORT_HTTP_GZIP_H_
#define RPCCLI_TRANSPORT_HTTP_GZIP_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace rpccli {

/// `bytes` compressed with `algorithm`, `gzip` or `deflate`, into `out`.
/// False for another algorithm.
bool Compress(std::string_view bytes, const std::string& algorithm,
              std::string* out);

enum class Decompressed { kDone, kTooLarge, kNotValid };

/// `bytes` in gzip or zlib format, decompressed into `out`. Said apart, as
/// gRPC's statuses tell them: bytes that would come to more than
/// `max_bytes` (ResourceExhausted), and bytes that are neither format
/// (Internal); `err` says which, and how.
Decompressed Decompress(std::string_view bytes, int64_t max_bytes,
                        std::string* out, std::string* err);

}  // namespace rpccli

#endif  // RPCCLI_TRANSPORT_HTTP_GZIP_H_
