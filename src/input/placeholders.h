// Per-call values in bench's and call --batch's requests and headers:
// {{call}}, {{uuid}}, {{randint:1:100}}, {{line:ids.txt}}... A template is
// read once, at start-up, where a malformed placeholder is an error naming
// its line and column; each call then fills it anew.
#ifndef RPCCLI_INPUT_PLACEHOLDERS_H_
#define RPCCLI_INPUT_PLACEHOLDERS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace rpccli {

/// How a value is written where the placeholder stands: inside a string
/// of the request's JSON or text format it is escaped as that string
/// needs; elsewhere (a number, a header value) it goes in as it is.
enum class PlaceholderSyntax { kJson, kTextFormat, kHeader };

/// The lines of the files {{line:FILE}} and {{randline:FILE}} name, read
/// once for every template that names them.
class PlaceholderFiles {
 public:
  /// False, with `err` naming the file, if it cannot be read or holds no
  /// line.
  bool Lines(const std::string& path, const std::vector<std::string>** lines,
             std::string* err);

 private:
  std::map<std::string, std::vector<std::string>> files_;
};

/// What differs from one call to the next.
struct CallValues {
  int64_t call = 0;    // from 0, in the order calls start
  int64_t worker = 0;  // which of the calls in flight at once, from 0
  std::mt19937_64* random = nullptr;
};

class CallTemplate {
 public:
  /// Reads `text`; `where` (`<argument>:1:1: message 1`, `-H`) and the
  /// line and column `text` starts at place each error, with the message's
  /// number when one is given. `workers`: whether {{worker}} means
  /// something here.
  bool Compile(const std::string& text, PlaceholderSyntax syntax,
               const std::string& name, int line, int column, bool workers,
               PlaceholderFiles* files, std::string* err,
               int message_number = 0);

  /// Whether the text holds any placeholder (a literal one too); if not,
  /// Render is the text.
  bool HasPlaceholders() const { return has_placeholders_; }
  /// The text with every placeholder filled for `values`.
  std::string Render(const CallValues& values) const;
  /// How many renderings give every placeholder each of its extremes
  /// (both ends of a range, every line of a file), and the `index`-th of
  /// them: the placeholders vary together, each taking its own extremes in
  /// turn. A value that would not fit its field is so found at start-up
  /// rather than at call 10,000.
  size_t ExtremeCount() const;
  std::string Extreme(size_t index) const;

 private:
  enum class Kind {
    kText,
    kCall,
    kWorker,
    kUuid,
    kUnix,
    kUnixMs,
    kUnixNs,
    kRfc3339,
    kRandInt,
    kRandStr,
    kLine,
    kRandLine,
  };
  struct Segment {
    Kind kind = Kind::kText;
    std::string text;      // kText
    bool escaped = false;  // inside a string of the request
    int64_t low = 0;       // kRandInt's range, kRandStr's length in `high`
    int64_t high = 0;
    const std::vector<std::string>* lines = nullptr;  // kLine, kRandLine
  };

  bool ReadPlaceholder(const std::string& inside, bool in_string,
                       PlaceholderFiles* files, Segment* segment,
                       std::string* err) const;
  std::string ValueOf(const Segment& segment, const CallValues& values) const;
  size_t ExtremesOf(const Segment& segment) const;
  void Append(const Segment& segment, const std::string& value,
              std::string* out) const;

  PlaceholderSyntax syntax_ = PlaceholderSyntax::kJson;
  bool has_placeholders_ = false;
  std::vector<Segment> segments_;
};

}  // namespace rpccli

#endif  // RPCCLI_INPUT_PLACEHOLDERS_H_
