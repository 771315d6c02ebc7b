// rpccli call --batch: each message of the input is a call of its own, all
// on one connection with the schema resolved once. Calls overlap up to
// --concurrency, and their output is printed in input order.
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "commands/call_setup.h"
#include "commands/call_templates.h"
#include "commands/commands.h"
#include "commands/open_schema.h"
#include "commands/report.h"
#include "input/input.h"
#include "schema/symbol.h"
#include "show/printer.h"
#include "show/status_details.h"
#include "transport/grpc/channel.h"
#include "transport/many_calls.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

// One call's responses: printed straight to stdout while it is the oldest
// call not yet reported, held back until then otherwise.
class BatchSink : public ResponseSink {
 public:
  // `event_call`: with --events, the call's number; else 0.
  BatchSink(const Codec* codec, const pb::Descriptor* type,
            MessageFormat format, std::ostream* out, bool direct,
            bool* anything_printed, int64_t event_call)
      : printer_(codec, type, format, direct ? out : nullptr),
        text_format_(format == MessageFormat::kText),
        out_(out),
        direct_(direct),
        anything_printed_(anything_printed) {
    if (event_call > 0) printer_.PrintEvents(event_call);
  }

  void OnHeaders(const Headers& headers) override {
    printer_.OnHeaders(headers);
  }

  bool OnResponse(const std::string& bytes) override {
    // Text-format messages are told apart by a record separator, between
    // calls as within one.
    // (A held call's first one is separated when what it held goes out.)
    if (direct_ && !responded_) {
      if (text_format_ && *anything_printed_) *out_ << '\x1e';
      *anything_printed_ = true;
    }
    responded_ = true;
    return printer_.OnResponse(bytes);
  }
  // Stdout is flushed once per burst of calls, by the plan.
  bool OnIdle() override { return printer_.Drain(); }

  // Its turn has come: what was held goes out, and the rest goes straight
  // to stdout. False if stdout is closed.
  bool PrintFromNowOn() {
    if (direct_) return true;
    direct_ = true;
    if (printer_.buffered()) {
      if (text_format_ && *anything_printed_) *out_ << '\x1e';
      *anything_printed_ = true;
    }
    return printer_.Redirect(out_);
  }

  const std::string& error() const { return printer_.error(); }
  void StopAfter(int64_t responses) { printer_.StopAfter(responses); }
  bool satisfied() const { return printer_.satisfied(); }
  std::string SatisfiedReason() const { return printer_.SatisfiedReason(); }

  // --events, once its turn has come: the trailers and the status.
  bool PrintEnd(const CallOutcome& outcome,
                const std::vector<std::string>& details) {
    return printer_.PrintEnd(outcome, details);
  }

 private:
  ResponsePrinter printer_;  // holds the output until the call's turn
  bool text_format_;
  std::ostream* out_;
  bool direct_;
  bool* anything_printed_;
  bool responded_ = false;
};

class BatchPlan : public CallPlan {
 public:
  BatchPlan(const Options& options, const Io& io, InputRequestStream* input,
            const Codec* codec, const pb::MethodDescriptor& method,
            const DescriptorSource& source, CallRunner* runner,
            const StopSignals& stop_signals, const HeaderTemplates* headers)
      : options_(options),
        io_(io),
        input_(input),
        codec_(codec),
        method_(method),
        details_codec_(source.pool(), DetailsFormat()),
        reflection_(source),
        runner_(runner),
        stop_signals_(stop_signals),
        headers_(headers),
        // Enough requests read ahead to keep every slot busy.
        read_ahead_(static_cast<size_t>(Concurrency(options)) + 1024) {
    reader_ = std::thread(&BatchPlan::ReadRequests, this);
  }

  ~BatchPlan() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      closed_ = true;
    }
    space_.notify_all();
    input_->Interrupt();
    reader_.join();
  }

  // Calls in flight: --concurrency, 1 by default.
  static int Concurrency(const Options& options) {
    return options.many.concurrency > 0 ? options.many.concurrency : 1;
  }

  Next NextCall(int64_t id, PlannedCall* call,
                std::chrono::steady_clock::time_point*) override {
    std::string request;
    bool wake_reader = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (ready_.empty()) {
        if (input_over_) return Next::kDone;
        waiting_ = true;  // the reader wakes the runner with the next one
        return Next::kLater;
      }
      request = std::move(ready_.front());
      ready_.pop_front();
      // The reader, once the queue is full, waits for half of it to go:
      // woken once per half queue, not once per call.
      wake_reader = reader_waiting_ && ready_.size() <= read_ahead_ / 2;
    }
    if (wake_reader) space_.notify_all();
    // Ids come in order: call `id` is the last of those not yet reported.
    Pending& pending = calls_.emplace_back(
        std::move(request), codec_, method_.output_type(),
        ResponseFormat(options_).format, io_.out,
        /*direct=*/id == next_to_report_, &anything_printed_,
        /*event_call=*/options_.events ? id + 1 : 0);
    if (method_.server_streaming() && options_.max_responses > 0) {
      pending.sink.StopAfter(options_.max_responses);
    }
    if (!headers_->empty()) {
      headers_->Fill(CallValues{id, 0, &random_}, &pending.headers);
      call->more_headers = &pending.headers;
    }
    call->requests = &pending.requests;
    call->responses = &pending.sink;
    call->deadline = DeadlineAfter(options_.connection.max_time_seconds);
    return Next::kCall;
  }

  void OnIdle() override {
    if (!stopped_ && !io_.out->flush().good()) Stop(kExitOutputClosed);
  }

  void CallEnded(int64_t id, CallOutcome* outcome) override {
    Pending& ended = calls_[static_cast<size_t>(id - next_to_report_)];
    ended.outcome = std::move(*outcome);
    ended.over = true;
    // Report every call whose turn has come, oldest first.
    while (!calls_.empty() && calls_.front().over && !stopped_) {
      Report(next_to_report_ + 1, &calls_.front());
      calls_.pop_front();
      ++next_to_report_;
      if (!stopped_ && !calls_.empty() &&
          !calls_.front().sink.PrintFromNowOn()) {
        Stop(kExitOutputClosed);
      }
    }
  }

  // The exit code: the first failure's, in input order, else that of an
  // input error that ended the batch.
  int Finish() {
    if (stopped_) return exit_code_;
    if (stop_signals_.received() != 0) {  // while no call was in flight
      return FailInterrupted(io_, stop_signals_, "no further call was made");
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (!input_error_.empty()) {
      int code =
          Fail(io_, kExitFailure, reflection_.Blame(options_, input_error_));
      if (exit_code_ == kExitOk) exit_code_ = code;
    }
    ReportJsonWarnings(*codec_, io_);
    if (input_error_.empty()) reflection_.WarnIfFailed(options_, io_);
    if (made_ == 0 && input_error_.empty()) {
      *io_.err << "rpccli: warning: --batch read no requests, so no call was "
                  "made\n";
    }
    if (options_.verbose) {
      *io_.err << "Made " << made_ << " call(s): " << made_ - failed_ << " OK, "
               << failed_ << " failed\n";
    }
    return exit_code_;
  }

 private:
  struct Pending {
    template <typename... SinkArgs>
    explicit Pending(std::string request, SinkArgs&&... sink_args)
        : requests(OneRequest(std::move(request))),
          sink(std::forward<SinkArgs>(sink_args)...) {}
    static std::vector<std::string> OneRequest(std::string request) {
      std::vector<std::string> requests;
      requests.push_back(std::move(request));
      return requests;
    }

    ListRequestStream requests;
    Headers headers;  // those with placeholders, filled for this call
    BatchSink sink;
    CallOutcome outcome;
    bool over = false;
  };

  void Report(int64_t number, Pending* call) {
    // Built only for what is said of the call: most calls print nothing.
    auto prefix = [number] {
      return "request " + std::to_string(number) + ": ";
    };
    const CallOutcome& outcome = call->outcome;
    // What the call printed goes out before what is said of it on stderr:
    // read together (2>&1), its responses must not seem the next call's.
    if (options_.verbose || !outcome.status.ok() ||
        outcome.end != CallOutcome::End::kFinished) {
      io_.out->flush();
    }
    switch (outcome.end) {
      case CallOutcome::End::kSinkFailed:
        if (call->sink.satisfied()) break;  // --max-responses: a success
        if (call->sink.error().empty()) {
          Stop(kExitOutputClosed);  // as `| head`
          return;
        }
        PrintEndEvents(call);
        ++made_;  // made, and its response did not decode
        Failed(Fail(io_, kExitFailure, prefix() + call->sink.error()));
        return;
      case CallOutcome::End::kCancelled:
        Stop(FailInterrupted(io_, stop_signals_,
                             "the calls in flight were cancelled"));
        return;
      case CallOutcome::End::kBadRequest:       // requests in memory never are
      case CallOutcome::End::kTransportFailed:  // a gRPC call never is
      case CallOutcome::End::kFinished:
        break;
    }
    PrintEndEvents(call);
    ++made_;
    if (!outcome.status.ok() && !call->sink.satisfied()) {
      std::string status =
          DescribeFailedStatus(outcome.status, details_codec_, options_);
      // A JSON status stays one JSON object, with the number inside.
      if (options_.format.error_json && !status.empty() && status[0] == '{') {
        status.insert(1, "\"request\":" + std::to_string(number) + ",");
        *io_.err << status;
      } else {
        *io_.err << prefix() << status;
      }
      Failed(kExitRpcBase + outcome.status.error_code());
    }
    if (options_.verbose && call->sink.satisfied()) {
      *io_.err << prefix() << call->sink.SatisfiedReason() << "\n";
    }
    if (options_.verbose) {
      *io_.err << prefix() << "Sent " << outcome.requests_sent
               << " request(s) and received " << outcome.responses_received
               << " response(s)\n";
    }
  }

  // --events: the call's trailers and status follow its messages.
  void PrintEndEvents(Pending* call) {
    if (!options_.events) return;
    if (!call->sink.PrintEnd(
            call->outcome,
            DecodeStatusDetails(call->outcome.status, details_codec_))) {
      Stop(kExitOutputClosed);
    }
  }

  void Failed(int code) {
    ++failed_;
    if (exit_code_ == kExitOk) exit_code_ = code;
  }

  // No further call is made or reported.
  void Stop(int code) {
    stopped_ = true;
    exit_code_ = code;
    runner_->Cancel(CallOutcome::End::kCancelled);
  }

  // On a thread of its own: reads and converts requests ahead of the
  // calls, so that a slow input holds back no call already made.
  void ReadRequests() {
    for (;;) {
      std::string bytes, err;
      RequestStream::Result result = input_->Next(&bytes, &err);
      bool wake = false;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        if (result == RequestStream::Result::kMessage) {
          if (ready_.size() >= read_ahead_) {
            reader_waiting_ = true;
            space_.wait(lock, [this] {
              return closed_ || ready_.size() <= read_ahead_ / 2;
            });
            reader_waiting_ = false;
          }
          if (closed_) return;
          ready_.push_back(std::move(bytes));
        } else {
          if (result == RequestStream::Result::kError && !closed_) {
            input_error_ = err;
          }
          input_over_ = true;
        }
        // A wake costs an alarm on the queue: only when the runner waits.
        wake = waiting_;
        waiting_ = false;
      }
      if (wake) runner_->Wake();
      if (result != RequestStream::Result::kMessage) return;
    }
  }

  const Options& options_;
  const Io& io_;
  InputRequestStream* input_;
  const Codec* codec_;
  const pb::MethodDescriptor& method_;
  Codec details_codec_;
  ReflectionWatch reflection_;
  CallRunner* runner_;
  const StopSignals& stop_signals_;
  const HeaderTemplates* headers_;
  std::mt19937_64 random_{std::random_device{}()};  // the runner's thread
  size_t read_ahead_;

  // Shared with the reader thread.
  std::mutex mutex_;
  std::condition_variable space_;
  std::deque<std::string> ready_;
  bool input_over_ = false;
  bool waiting_ = false;  // the runner was told kLater and waits for a wake
  bool reader_waiting_ = false;  // the reader waits for room
  std::string input_error_;
  bool closed_ = false;
  std::thread reader_;

  // The running thread only.
  // Calls made and not yet reported, from call `next_to_report_` on (a
  // deque keeps each in place while others come and go).
  std::deque<Pending> calls_;
  int64_t next_to_report_ = 0;
  bool anything_printed_ = false;
  bool stopped_ = false;
  int exit_code_ = kExitOk;
  int64_t made_ = 0;
  int64_t failed_ = 0;
};

}  // namespace

int RunBatch(const Options& options, const Io& io) {
  // First, before any thread exists: Ctrl-C must cancel the calls, not
  // kill the process with a call half done.
  StopSignals stop_signals;
  std::string err;
  MethodSchema schema;
  Options connecting = OnceForAllCalls(options);
  if (!OpenMethod(connecting, io, &schema, &err)) {
    return End(io, Fail(io, kExitFailure, err));
  }
  const pb::MethodDescriptor& method = *schema.method;
  if (method.client_streaming()) {
    return End(
        io, Fail(io, kExitUsage,
                 "call --batch: " + method.full_name() + " is " +
                     (method.server_streaming() ? "bidi-streaming"
                                                : "client-streaming") +
                     ", and its input is one stream; --batch takes unary and "
                     "server-streaming methods"));
  }
  Codec codec(schema.source.pool(), options.format);
  RequestInput input;
  if (!input.Open(options, io.in, io.in_is_terminal, &codec,
                  *method.input_type(), &err)) {
    return End(io, Fail(io, kExitFailure, err));
  }
  // Each message's placeholders are filled as it is read: message N is
  // call N - 1.
  PlaceholderFiles placeholder_files;
  input.stream()->FillPlaceholders(options.format.format == MessageFormat::kText
                                       ? PlaceholderSyntax::kTextFormat
                                       : PlaceholderSyntax::kJson,
                                   &placeholder_files);
  // Over gRPC, connect first: an unreachable server is one clear error.
  if (schema.channel != nullptr &&
      !WaitForConnection(schema.channel.get(), connecting.connection, &err)) {
    return End(io,
               Fail(io, kExitFailure, options.connection.target + ": " + err));
  }

  CallSetup setup = SetupCalls(options, schema);
  HeaderTemplates header_templates;
  if (!header_templates.TakeFrom(&setup, /*workers=*/false, &placeholder_files,
                                 &err)) {
    return End(io, Fail(io, kExitFailure, err));
  }
  RunnerFactory make_runner;
  bool usage = false;
  if (!RunnersFor(options, schema, {schema.channel}, setup,
                  BatchPlan::Concurrency(options), &make_runner, &err,
                  &usage)) {
    return End(io, Fail(io, usage ? kExitUsage : kExitFailure, err));
  }
  // --events prints JSON whatever format the requests are read in.
  std::unique_ptr<Codec> events_codec;
  if (options.events) {
    events_codec =
        std::make_unique<Codec>(schema.source.pool(), ResponseFormat(options));
  }
  // The runner outlives the plan, whose reader thread may still wake it.
  std::unique_ptr<CallRunner> runner = make_runner();
  BatchPlan plan(options, io, input.stream(),
                 options.events ? events_codec.get() : &codec, method,
                 schema.source, runner.get(), stop_signals, &header_templates);
  stop_signals.SetHandler(
      [&runner] { runner->Cancel(CallOutcome::End::kCancelled); });
  runner->Run(&plan);
  stop_signals.SetHandler(nullptr);
  io.out->flush();
  return End(io, plan.Finish());
}

}  // namespace rpccli
