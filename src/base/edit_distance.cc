#include "base/edit_distance.h"

#include <algorithm>

namespace rpccli {

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> previous(b.size() + 1), current(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitute});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

Nearest NearestTo(const std::vector<std::string>& candidates,
                  const std::string& query) {
  Nearest nearest;
  for (size_t i = 0; i < candidates.size(); ++i) {
    size_t distance = EditDistance(candidates[i], query);
    if (distance < nearest.distance) nearest = Nearest{i, distance};
  }
  return nearest;
}

bool WorthSuggesting(size_t distance, const std::string& query) {
  return distance <= std::max<size_t>(2, query.size() / 3);
}

}  // namespace rpccli
