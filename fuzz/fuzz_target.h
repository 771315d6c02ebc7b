// What every fuzz target defines: libFuzzer's entry point. The same file
// builds into a libFuzzer binary (-Dfuzz=true, clang) and, in every build,
// into a replay test that runs the kept inputs under tests/fuzz/.
#ifndef RPCCLI_FUZZ_TARGET_H_
#define RPCCLI_FUZZ_TARGET_H_

#include <google/protobuf/stubs/logging.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

// A broken invariant is a finding: abort, so that libFuzzer keeps the input
// and the replay test fails.
#define FUZZ_CHECK(condition)                                               \
  do {                                                                      \
    if (!(condition)) {                                                     \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, \
                   #condition);                                             \
      std::abort();                                                         \
    }                                                                       \
  } while (false)

// protobuf logs each bad input it rejects, and a fuzzer makes millions;
// rpccli silences it the same way.
inline void SilenceProtobufLogs() {
  static const bool silenced = (google::protobuf::SetLogHandler(nullptr), true);
  (void)silenced;
}

#endif  // RPCCLI_FUZZ_TARGET_H_
