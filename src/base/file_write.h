// Writing a whole file the user named, safely: into a temporary file
// beside it, then renamed over it, so that a failed write leaves the old
// file whole; never through a symbolic link, onto a device or a FIFO.
#ifndef RPCCLI_BASE_FILE_WRITE_H_
#define RPCCLI_BASE_FILE_WRITE_H_

#include <string>

namespace rpccli {

/// Puts `bytes` in `path`. False, with `err` naming the path and `flag`
/// ("PATH (FLAG): ..."), if it is empty, a symbolic link or not a regular
/// file, or if the write fails.
bool ReplaceFile(const std::string& path, const std::string& flag,
                 const std::string& bytes, std::string* err);

}  // namespace rpccli

#endif  // RPCCLI_BASE_FILE_WRITE_H_
