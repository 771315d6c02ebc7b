// bench --report csv: a row per call, written as each call ends, so that
// memory stays flat however many calls a run makes.
#ifndef RPCCLI_SHOW_BENCH_CALL_CSV_H_
#define RPCCLI_SHOW_BENCH_CALL_CSV_H_

#include <cstdint>
#include <ostream>
#include <string>

namespace rpccli {

class BenchCallCsv {
 public:
  /// Writes the header: call,start_unix_ms,latency_ms,status,message.
  explicit BenchCallCsv(std::ostream* out);

  /// One call: its number from 0, when it was due (or started), in
  /// microseconds since the Unix epoch, its latency and status; the
  /// message is empty for OK, escaped onto one line otherwise.
  void Row(int64_t call, int64_t start_unix_us, double latency_s,
           const std::string& status, const std::string& message);

 private:
  std::ostream* out_;
};

}  // namespace rpccli

#endif  // RPCCLI_SHOW_BENCH_CALL_CSV_H_
