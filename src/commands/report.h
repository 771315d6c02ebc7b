// How a command tells what happened: errors (one line each, escaped),
// warnings, a failed call's status with its details decoded and the flag to
// raise, and how responses and details print.
#ifndef RPCCLI_COMMANDS_REPORT_H_
#define RPCCLI_COMMANDS_REPORT_H_

#include <google/protobuf/descriptor.h>
#include <grpcpp/support/status.h>

#include <string>

#include "base/options.h"
#include "base/stop_signals.h"
#include "codec/codec.h"
#include "commands/io.h"
#include "schema/descriptor_source.h"
#include "transport/metadata.h"

namespace rpccli {

/// Prints `message` as one `rpccli: error: ...` line (control characters
/// escaped, the middle of a very long one cut), and returns `code`.
int Fail(const Io& io, int code, const std::string& message);

/// A command's last step, once its outcome is printed: ends the process
/// through `io.end_process` if it is set (skipping the teardown of what the
/// command built), else returns `code`.
int End(const Io& io, int code);

/// Prints each header left out as `rpccli: warning: ...`.
void ReportHeaderWarnings(const RequestHeaders& headers, const Io& io);

/// What follows a JSON name clash (Codec::TakeNameClashes) in a warning.
extern const char kNameClashOutcome[];

/// Says, once, which fields of the responses `codec` printed as JSON it
/// could not show (the schema does not know them), and which messages it
/// printed by .proto names since their JSON names clash.
void ReportJsonWarnings(const Codec& codec, const Io& io);

/// Says, with -v, what was repaired in the server's reflection answers
/// and what was changed to read the schema (DescriptorSource::Notes).
void ReportRepairs(const Options& options, const DescriptorSource& source,
                   const Io& io);

/// `interrupted by SIGINT; <what>` (or the signal received), printed as an
/// error; returns 128 + the signal's number.
int FailInterrupted(const Io& io, const StopSignals& stop_signals,
                    const std::string& what);

/// The failed status as the user sees it (text or --format-error json),
/// with its details decoded, and the flag to raise if a response was too
/// large.
std::string DescribeFailedStatus(const grpc::Status& status,
                                 const Codec& details_codec,
                                 const Options& options);

/// How error details print: JSON on one line, whatever --format says.
FormatOptions DetailsFormat();

/// How responses print: as --format and the rest say, or as compact JSON
/// inside --events.
FormatOptions ResponseFormat(const Options& options);

}  // namespace rpccli

#endif  // RPCCLI_COMMANDS_REPORT_H_
