// How far what was typed is from the names there are, for "did you mean"
// suggestions of flags, commands, methods, symbols and JSON fields alike.
#ifndef RPCCLI_BASE_EDIT_DISTANCE_H_
#define RPCCLI_BASE_EDIT_DISTANCE_H_

#include <cstddef>
#include <string>
#include <vector>

namespace rpccli {

/// Edit distance between two strings, for "did you mean" suggestions.
size_t EditDistance(const std::string& a, const std::string& b);

/// Which of `candidates` is fewest edits from `query` (the first of equals),
/// and how many; `index` is npos when there are no candidates.
struct Nearest {
  size_t index = std::string::npos;
  size_t distance = std::string::npos;
};
Nearest NearestTo(const std::vector<std::string>& candidates,
                  const std::string& query);

/// Whether a name `distance` edits from what was typed is worth suggesting:
/// two edits, or a third of what was typed if that is more.
bool WorthSuggesting(size_t distance, const std::string& query);

}  // namespace rpccli

#endif  // RPCCLI_BASE_EDIT_DISTANCE_H_
