// rpccli serve --fake: a response of the method's type, filled with
// plausible values, for calls no stub matches. The same seed and request
// give the same response.
#ifndef RPCCLI_SERVE_FAKE_MESSAGE_H_
#define RPCCLI_SERVE_FAKE_MESSAGE_H_

#include <google/protobuf/descriptor.h>

#include <cstdint>
#include <string>

namespace rpccli {

/// A `type` message in wire bytes: every field set (one of each oneof),
/// repeated fields and maps with one to three entries, messages nested up
/// to a few levels, strings shaped by their field's name (an email, a
/// URL, an id, a name), numbers small and positive, enums a named value
/// other than the zero one, Timestamps in 2026. `seed` decides it all.
std::string FakeMessage(const google::protobuf::Descriptor& type,
                        uint64_t seed);

}  // namespace rpccli

#endif  // RPCCLI_SERVE_FAKE_MESSAGE_H_
