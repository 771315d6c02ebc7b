#ifndef RPCCLI_SCHEMA_IMPORT_DEPTH_H_
#define RPCCLI_SCHEMA_IMPORT_DEPTH_H_

#include <map>
#include <string>
#include <vector>

namespace rpccli {

// How deep files may import each other. protobuf's pool builds a file's
// imports before it, one level of the stack per level of the chain (as do
// reflection's repairs): a chain of some thousands of files overflowed it.
constexpr int kMaxImportDepth = 500;

// A file of `imports` (each file's name, then the names it imports) whose
// chain of imports goes more than `limit` files deep, or "" if none does.
// Names not in `imports` end a chain; a cycle adds nothing (protobuf names
// the files that form it).
std::string FileImportingPast(
    const std::map<std::string, std::vector<std::string>>& imports,
    int limit);

}  // namespace rpccli

#endif  // RPCCLI_SCHEMA_IMPORT_DEPTH_H_
