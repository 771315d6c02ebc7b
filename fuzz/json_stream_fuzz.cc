// The JSON stream splitter on arbitrary bytes. Besides not crashing, how
// the input is cut into reads must not change what comes out: the first
// byte picks a read size, and the result is compared with one big read.
#include <string>
#include <vector>

#include "fuzz_target.h"
#include "input/byte_source.h"
#include "input/json_reader.h"

namespace {

// Every message and the final error, as one comparable string.
std::string Split(const std::string& text, size_t chunk) {
  rpccli::StringSource source(text, chunk);
  rpccli::JsonReader reader(&source, "<fuzz>");
  std::string result;
  // Each message takes at least one byte, so this bounds the loop.
  for (size_t i = 0; i <= text.size() + 1; ++i) {
    rpccli::InputMessage message;
    std::string err;
    switch (reader.Next(&message, &err)) {
      case rpccli::MessageReader::Result::kMessage:
        FUZZ_CHECK(!message.text.empty());
        result += std::to_string(message.number) + "@" +
                  std::to_string(message.line) + ":" +
                  std::to_string(message.column) + " " + message.text + "\n";
        continue;
      case rpccli::MessageReader::Result::kEnd:
        return result;
      case rpccli::MessageReader::Result::kError:
        FUZZ_CHECK(!err.empty());
        return result + "error " + err + "\n";
    }
  }
  FUZZ_CHECK(!"the reader never reached the end");
  return result;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  SilenceProtobufLogs();
  if (size == 0) return 0;
  size_t chunk = 1 + data[0] % 64;
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  FUZZ_CHECK(Split(text, chunk) == Split(text, 1 << 16));
  return 0;
}
