#include "schema/import_depth.h"

#include <algorithm>
#include <utility>

namespace rpccli {

std::string FileImportingPast(
    const std::map<std::string, std::vector<std::string>>& imports,
    int limit) {
  // Each file's depth, found without recursion: the chain is what could
  // overflow the stack. -1 marks a file whose imports are being measured.
  std::map<std::string, int> depth;
  for (const auto& start : imports) {
    if (depth.count(start.first) != 0) continue;
    // (file, index of the next import to look at)
    std::vector<std::pair<const std::string*, size_t>> path;
    path.emplace_back(&start.first, 0);
    depth[start.first] = -1;
    while (!path.empty()) {
      const std::string& file = *path.back().first;
      const std::vector<std::string>& its = imports.at(file);
      size_t& next = path.back().second;
      if (next < its.size()) {
        const std::string& imported = its[next++];
        if (imports.count(imported) != 0 && depth.count(imported) == 0) {
          depth[imported] = -1;
          path.emplace_back(&imports.find(imported)->first, 0);
        }
        continue;
      }
      int deepest = 0;
      for (const std::string& imported : its) {
        auto found = depth.find(imported);
        if (found != depth.end()) deepest = std::max(deepest, found->second);
      }
      depth[file] = deepest + 1;
      if (deepest + 1 > limit) return file;
      path.pop_back();
    }
  }
  return "";
}

}  // namespace rpccli
