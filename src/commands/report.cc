#include "commands/report.h"

#include <signal.h>
#include <climits>
#include <cstdio>

#include "base/utf8.h"
#include "show/printer.h"
#include "show/status_details.h"

namespace rpccli {

namespace pb = google::protobuf;

// Prints `message` as one `rpccli: error: ...` line.
// What it quotes (a JSON key, a file's text, a server's words) may hold
// control characters: escaped here, once for every error.
int Fail(const Io& io, int code, const std::string& message) {
  // One line, whatever it quotes (a newline typed in a name, a value of
  // megabytes): escaped, and its middle cut, as the end says what is wrong.
  constexpr size_t kEachEnd = 2048;
  std::string_view text = message;
  *io.err << "rpccli: error: ";
  if (text.size() <= 2 * kEachEnd + 64) {
    *io.err << EscapeControls(text);
  } else {
    std::string_view head = CutAtCodePoint(text, kEachEnd);
    size_t tail_at = text.size() - kEachEnd;
    while (tail_at < text.size() &&
           (static_cast<unsigned char>(text[tail_at]) & 0xC0) == 0x80) {
      ++tail_at;  // not inside a character
    }
    *io.err << EscapeControls(head) << "[... "
            << tail_at - head.size() << " bytes ...]"
            << EscapeControls(text.substr(tail_at));
  }
  *io.err << "\n";
  io.err->flush();
  return code;
}

int End(const Io& io, int code) {
  return io.end_process != nullptr ? io.end_process(code, io) : code;
}

const char kNameClashOutcome[] =
    ": printed by .proto names (as by --proto-names); as input, a key that "
    "names two fields is refused, and text format (--format text) sets each";

void ReportJsonWarnings(const Codec& codec, const Io& io) {
  std::string clashes = codec.TakeNameClashes();
  if (!clashes.empty()) {
    *io.err << "rpccli: warning: " << EscapeControls(clashes)
            << kNameClashOutcome << "\n";
  }
  std::string unshown = codec.TakeUnshownFields();
  if (unshown.empty()) return;
  *io.err << "rpccli: warning: the response has fields JSON cannot show "
             "(field "
          << unshown << "); --format text shows them\n";
}

void ReportHeaderWarnings(const RequestHeaders& headers, const Io& io) {
  for (const std::string& warning : headers.warnings) {
    *io.err << "rpccli: warning: " << EscapeControls(warning) << "\n";
  }
}

// Says, with -v, what was repaired in the server's reflection answers and
// what was changed to read the schema (editions files read as proto2 or
// proto3, a weak import left out).
void ReportRepairs(const Options& options, const DescriptorSource& source,
                   const Io& io) {
  if (!options.verbose) return;
  for (const std::string& note : source.Notes()) {
    *io.err << "rpccli: " << EscapeControls(note) << "\n";
  }
  for (const std::string& repair : source.Repairs()) {
    *io.err << "rpccli: repaired reflection: " << EscapeControls(repair)
            << "\n";
  }
}

namespace {

std::string SignalName(int signal_number) {
  switch (signal_number) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    default:
      return "signal " + std::to_string(signal_number);
  }
}

// A response over the size limit ends the call with RESOURCE_EXHAUSTED and a
// message about gRPC's channel argument; say which flag changes it.
std::string ExplainLimit(const grpc::Status& status, const Options& options) {
  if (status.error_code() != grpc::StatusCode::RESOURCE_EXHAUSTED ||
      status.error_message().find("larger than max") == std::string::npos) {
    return "";
  }
  int64_t limit = options.connection.max_message_bytes > 0
                      ? options.connection.max_message_bytes
                      : 4 * 1024 * 1024;
  // "received message larger than max (N vs. LIMIT)": a length no flag can
  // allow is more likely a broken frame than a message.
  long long announced = 0, refused_at = 0;
  size_t open = status.error_message().find('(');
  int read = open == std::string::npos
                 ? 0
                 : std::sscanf(status.error_message().c_str() + open + 1,
                               "%lld vs. %lld", &announced, &refused_at);
  if (read >= 1 && announced > INT32_MAX) {
    return "rpccli: error: a response's length prefix says " +
           std::to_string(announced) +
           " bytes, past the most --max-msg-sz allows (2147483647): the "
           "server sent a broken frame, or a message no gRPC client takes\n";
  }
  // Servers say it in the same words of a request over their own limit:
  // a limit that is not rpccli's is theirs.
  if (read == 2 && refused_at != limit) {
    return "rpccli: error: the server takes messages of at most " +
           std::to_string(refused_at) + " bytes, and a request of " +
           std::to_string(announced) +
           " went past it (--max-msg-sz is rpccli's limit on responses)\n";
  }
  // rpccli's default is also gRPC servers': either side may have said it.
  if (options.connection.max_message_bytes == 0) {
    return "rpccli: error: a message is larger than the " +
           std::to_string(limit) +
           "-byte limit: a response, past rpccli's (raise it with "
           "--max-msg-sz), or a request, past the server's own\n";
  }
  return "rpccli: error: a response is larger than the " +
         std::to_string(limit) + "-byte limit; raise it with --max-msg-sz\n";
}

// Headers past a limit end the call with RESOURCE_EXHAUSTED in gRPC's
// words, whichever side's limit it was: name both.
std::string ExplainHeaderLimit(const grpc::Status& status) {
  if (status.error_code() != grpc::StatusCode::RESOURCE_EXHAUSTED ||
      status.error_message().find("metadata size exceeds limit") ==
          std::string::npos) {
    return "";
  }
  return "rpccli: error: headers were past a size limit: the request's at "
         "the server (gRPC servers take 8 KiB by default; send fewer or "
         "smaller -H headers), or the response's at rpccli (1 MiB)\n";
}

// gRPC's only words for a response that ended with no gRPC status, which
// is what an answer that is not gRPC at all does (gRPC reads neither its
// content type nor its body): say what they mean.
std::string ExplainStreamRemoved(const grpc::Status& status) {
  if (status.error_code() != grpc::StatusCode::UNKNOWN ||
      status.error_message() != "Stream removed") {
    return "";
  }
  return "rpccli: error: the response ended without a gRPC status (\"Stream "
         "removed\" is all gRPC says of it): what answered may not speak "
         "gRPC, such as a proxy with an HTML error page, or sent headers "
         "gRPC refuses (a grpc-status-details-bin that is not base64)\n";
}

}  // namespace

std::string DescribeFailedStatus(const grpc::Status& status,
                                 const Codec& details_codec,
                                 const Options& options) {
  std::vector<std::string> details = DecodeStatusDetails(status, details_codec);
  return (options.format.error_json ? FormatStatusJson(status, details)
                                    : FormatStatus(status, details)) +
         ExplainLimit(status, options) + ExplainHeaderLimit(status) +
         ExplainStreamRemoved(status);
}

int FailInterrupted(const Io& io, const StopSignals& stop_signals,
                    const std::string& what) {
  int signal_number = stop_signals.received();
  return Fail(io, kExitSignalBase + signal_number,
              "interrupted by " + SignalName(signal_number) + "; " + what);
}

FormatOptions DetailsFormat() {
  FormatOptions format;
  format.compact = true;
  return format;
}

FormatOptions ResponseFormat(const Options& options) {
  FormatOptions format = options.format;
  if (options.events) {
    format.format = MessageFormat::kJson;
    format.compact = true;
  }
  return format;
}

}  // namespace rpccli
