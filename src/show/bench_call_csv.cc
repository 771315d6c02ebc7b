#include "show/bench_call_csv.h"

#include <cinttypes>
#include <cstdio>

#include "base/utf8.h"

namespace rpccli {
namespace {

// RFC 4180: a field with a comma or a quote is quoted, quotes doubled.
std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    quoted += c;
    if (c == '"') quoted += '"';
  }
  return quoted + "\"";
}

}  // namespace

BenchCallCsv::BenchCallCsv(std::ostream* out) : out_(out) {
  *out_ << "call,start_unix_ms,latency_ms,status,message\n";
}

void BenchCallCsv::Row(int64_t call, int64_t start_unix_us, double latency_s,
                       const std::string& status, const std::string& message) {
  char numbers[96];
  std::snprintf(numbers, sizeof numbers, "%" PRId64 ",%" PRId64 ".%03d,%.3f,",
                call, start_unix_us / 1000,
                static_cast<int>(start_unix_us % 1000), latency_s * 1000);
  *out_ << numbers << status << ','
        << (message.empty() ? "" : CsvField(EscapeControls(message))) << '\n';
}

}  // namespace rpccli
