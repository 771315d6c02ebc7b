// Reading a whole file that the user named, with a limit: a path to
// /dev/zero, a FIFO that never ends or a directory gets an error naming
// the file, never an endless read or an empty result.
#ifndef RPCCLI_BASE_FILE_READ_H_
#define RPCCLI_BASE_FILE_READ_H_

#include <cstdint>
#include <string>

namespace rpccli {

/// Limits on the files rpccli reads whole (README, "What rpccli promises").
constexpr int64_t kMaxSchemaFileBytes = 256 << 20;  // a protoset
constexpr int64_t kMaxSmallFileBytes = 16 << 20;    // PEM files, -H @FILE
/// How long a file that is not a regular one (a FIFO, a device) may take
/// to reach its end: a FIFO nobody writes to never does.
constexpr int kMaxFileReadSeconds = 10;

/// Reads `path` into `bytes`. False, with `err` naming the path (and
/// `flag`, when given, as "PATH (FLAG): ..."), if it cannot be opened, is
/// a directory, holds more than `limit` bytes, or is not a regular file
/// and has not ended within `wait_seconds`.
bool ReadWholeFile(const std::string& path, const std::string& flag,
                   int64_t limit, std::string* bytes, std::string* err,
                   int wait_seconds = kMaxFileReadSeconds);

}  // namespace rpccli

#endif  // RPCCLI_BASE_FILE_READ_H_
