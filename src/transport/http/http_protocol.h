// The wire formats of the two protocols rpccli speaks over plain HTTP
// besides gRPC: Connect (connectrpc.com/docs/protocol) and gRPC-Web
// (grpc/grpc's PROTOCOL-WEB.md). Pure functions over bytes and text, so
// that the transport (http_call.h) only moves them.
#ifndef RPCCLI_TRANSPORT_HTTP_HTTP_PROTOCOL_H_
#define RPCCLI_TRANSPORT_HTTP_HTTP_PROTOCOL_H_

#include <grpcpp/support/status.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/protocol.h"

namespace rpccli {

/// Metadata as it crossed the wire, in order.
using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

/// Both protocols frame a stream's messages alike: a flags byte, a 4-byte
/// big-endian length, the bytes. Flag bits: 0x01 compressed; Connect's
/// 0x02 and gRPC-Web's 0x80 mark the stream's last frame (end-of-stream
/// JSON, trailers).
void AppendEnvelope(uint8_t flags, std::string_view bytes, std::string* out);

/// Takes bytes as they arrive and gives back whole envelopes.
class EnvelopeReader {
 public:
  /// `max_bytes`: the largest envelope accepted (0: no limit);
  /// `known_flags`: the flag bits the protocol has (Connect 0x03, gRPC-Web
  /// 0x81). An envelope with others is kUnknownFlags, whatever its size:
  /// its five bytes are most likely not an envelope's head at all.
  explicit EnvelopeReader(int64_t max_bytes = 0, uint8_t known_flags = 0xFF)
      : max_bytes_(max_bytes), known_flags_(known_flags) {}
  void Feed(std::string_view bytes) { pending_.append(bytes); }
  enum class Result { kEnvelope, kNeedMore, kTooLarge, kUnknownFlags };
  Result Next(uint8_t* flags, std::string* bytes);
  /// After kTooLarge: the size the envelope said it has.
  uint32_t too_large_size() const { return too_large_size_; }
  /// Bytes fed that no whole envelope holds yet.
  size_t pending() const { return pending_.size() - start_; }

 private:
  std::string pending_;
  size_t start_ = 0;
  int64_t max_bytes_;
  uint8_t known_flags_;
  uint32_t too_large_size_ = 0;
};

/// Connect's code names (`not_found`) and the gRPC codes they stand for.
bool ConnectCodeFromName(std::string_view name, grpc::StatusCode* code);

/// The code an HTTP status stands for when no Connect or gRPC status came
/// with it (Connect's table: 401 unauthenticated, 404 unimplemented, ...).
grpc::StatusCode CodeFromHttpStatus(long http_status);

/// A Connect error object, `{"code", "message", "details": [{"type",
/// "value"}]}`, as a status whose details are a google.rpc.Status of
/// those details (as gRPC carries them). False if `json` is not one.
/// A detail that is not `{"type", "value"}` (base64) travels as an Any of
/// type kUnreadableConnectDetail holding its JSON text, to be shown as it
/// came rather than dropped.
bool StatusFromConnectError(std::string_view json, grpc::Status* status);
inline constexpr char kUnreadableConnectDetail[] =
    "rpccli.invalid/connect-error-detail";

/// Connect's end-of-stream message, `{"error": {...}, "metadata": {...}}`:
/// the status (OK without an error) and the trailers. False if it is not
/// one.
bool ParseConnectEndOfStream(std::string_view json, grpc::Status* status,
                             HttpHeaders* trailers);

/// gRPC-Web's trailers frame: `name: value` lines ending in CRLF.
HttpHeaders ParseGrpcWebTrailers(std::string_view block);

/// What a status carries for grpc-status-details-bin when its value
/// (`header_value`, as sent) is not base64, and the way back: true, with
/// the value, for details so marked.
std::string MarkNotBase64(const std::string& header_value);
bool NotBase64Details(const std::string& details, std::string* header_value);

/// The status gRPC metadata carries (grpc-status, grpc-message
/// percent-encoded, grpc-status-details-bin), and the rest of it. False if
/// there is no grpc-status; two that differ are a protocol violation.
bool TakeGrpcStatus(HttpHeaders* headers, grpc::Status* status);

/// gRPC's `grpc-timeout` value for a timeout in milliseconds (`1500m`;
/// whole seconds past gRPC's eight digits), which gRPC-Web sends too.
std::string GrpcTimeout(int64_t milliseconds);

}  // namespace rpccli

#endif  // RPCCLI_TRANSPORT_HTTP_HTTP_PROTOCOL_H_
