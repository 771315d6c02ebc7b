#include "transport/http/gzip.h"

#include <zlib.h>

namespace rpccli {
namespace {

// zlib's window bits: 15, plus 16 for a gzip header instead of zlib's, or
// plus 32 to read either.
constexpr int kZlibFormat = 15;
constexpr int kGzipFormat = 15 + 16;
constexpr int kEitherFormat = 15 + 32;

}  // namespace

bool Compress(std::string_view bytes, const std::string& algorithm,
              std::string* out) {
  int format;
  if (algorithm == "gzip") {
    format = kGzipFormat;
  } else if (algorithm == "deflate") {
    format = kZlibFormat;
  } else {
    return false;
  }
  z_stream stream{};
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, format, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    return false;
  }
  out->resize(deflateBound(&stream, static_cast<uLong>(bytes.size())));
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out->data());
  stream.avail_out = static_cast<uInt>(out->size());
  int result = deflate(&stream, Z_FINISH);
  out->resize(stream.total_out);
  deflateEnd(&stream);
  return result == Z_STREAM_END;
}

Decompressed Decompress(std::string_view bytes, int64_t max_bytes,
                        std::string* out, std::string* err) {
  z_stream stream{};
  if (inflateInit2(&stream, kEitherFormat) != Z_OK) {
    *err = "cannot start zlib";
    return Decompressed::kNotValid;
  }
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  out->clear();
  char chunk[16384];
  int result = Z_OK;
  while (result == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(chunk);
    stream.avail_out = sizeof chunk;
    result = inflate(&stream, Z_NO_FLUSH);
    if (result != Z_OK && result != Z_STREAM_END) break;
    out->append(chunk, sizeof chunk - stream.avail_out);
    if (static_cast<int64_t>(out->size()) > max_bytes) {
      inflateEnd(&stream);
      *err = "a compressed message comes to more than " +
             std::to_string(max_bytes) +
             " bytes, the limit; raise it with --max-msg-sz";
      return Decompressed::kTooLarge;
    }
    if (result == Z_OK && stream.avail_in == 0 && stream.avail_out != 0) {
      break;  // the input ended before the compressed stream did
    }
    // gzip allows members one after another, as Go's reader takes them.
    if (result == Z_STREAM_END && stream.avail_in >= 2 &&
        stream.next_in[0] == 0x1f && stream.next_in[1] == 0x8b) {
      inflateReset(&stream);
      result = Z_OK;
    }
  }
  uInt left_over = stream.avail_in;
  inflateEnd(&stream);
  if (result != Z_STREAM_END) {
    *err = "a compressed message is not valid gzip or zlib data";
    return Decompressed::kNotValid;
  }
  // What follows the compressed data is part of no message.
  if (left_over != 0) {
    *err = "a compressed message has " + std::to_string(left_over) +
           " bytes after the end of its gzip or zlib data";
    return Decompressed::kNotValid;
  }
  return Decompressed::kDone;
}

}  // namespace rpccli
