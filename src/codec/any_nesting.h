// How deep google.protobuf.Any values hold each other. Each Any's bytes
// are parsed on their own, so protobuf's limit of 100 nested messages
// starts afresh inside each: an Any in an Any 20,000 deep (679 KB, as an
// error detail) took 6.8 GB in protobuf's printers, then the stack.
#ifndef RPCCLI_CODEC_ANY_NESTING_H_
#define RPCCLI_CODEC_ANY_NESTING_H_

#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/message.h>

namespace rpccli {

/// Far past any real message, far below the printers' limits.
constexpr int kMaxAnyNesting = 32;

/// Whether `message` holds Anys (of types its pool or the generated pool
/// knows) nested more than kMaxAnyNesting deep, an Any that is `message`
/// itself counted. Stops there: each level parses the bytes of the one
/// below. `factory` makes the messages of `message`'s pool.
bool AnysNestTooDeep(const google::protobuf::Message& message,
                     google::protobuf::DynamicMessageFactory* factory);

}  // namespace rpccli

#endif  // RPCCLI_CODEC_ANY_NESTING_H_
