#include "codec/map_entry.h"

#include <gtest/gtest.h>

#include "demo.pb.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

// The entries of `field` in `sample`, through reflection, as a map's
// entries are seen by code that knows no generated types.
std::vector<std::string> Keys(const demo::Sample& sample, const char* field) {
  const pb::FieldDescriptor* map =
      demo::Sample::descriptor()->FindFieldByName(field);
  const pb::Reflection& reflection = *sample.GetReflection();
  std::vector<std::string> keys;
  for (int i = 0; i < reflection.FieldSize(sample, map); ++i) {
    keys.push_back(MapEntryKey(reflection.GetRepeatedMessage(sample, map, i)));
  }
  return keys;
}

TEST(MapEntryKey, IsTheStringOrTheNumberWrittenOut) {
  demo::Sample sample;
  (*sample.mutable_counts())["apples"] = 3;
  (*sample.mutable_points_by_id())[-7].set_x(1);
  EXPECT_EQ(Keys(sample, "counts"), std::vector<std::string>{"apples"});
  EXPECT_EQ(Keys(sample, "points_by_id"), std::vector<std::string>{"-7"});
}

}  // namespace
}  // namespace rpccli
