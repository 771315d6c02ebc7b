// rpccli bench: the same call many times, and a report of how the server
// held up. The requests are read once; each call replays them (a unary or
// server-streaming method takes them in turn, one per call).
#include <google/protobuf/dynamic_message.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "commands/call_setup.h"
#include "commands/commands.h"
#include "commands/open_schema.h"
#include "commands/report.h"
#include "input/input.h"
#include "schema/symbol.h"
#include "show/bench_report.h"
#include "show/latency_histogram.h"
#include "transport/grpc/channel.h"
#include "transport/many_calls.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;
using Clock = std::chrono::steady_clock;

// Responses are counted by the engine, not printed; each must still be a
// message of the method's output type. A server that answers OK with bytes
// that are not one has not answered: that call is a failure.
class CheckResponses : public ResponseSink {
 public:
  explicit CheckResponses(const pb::Message& prototype)
      : prototype_(prototype) {}
  bool OnResponse(const std::string& bytes) override {
    return std::unique_ptr<pb::Message>(prototype_.New())
        ->ParsePartialFromString(bytes);
  }
  bool OnIdle() override { return true; }

 private:
  const pb::Message& prototype_;
};

// The calls of one phase (the warm-up, or the measured run): how many, how
// fast, and what became of them.
class BenchPlan : public CallPlan {
 public:
  BenchPlan(const std::vector<std::string>& messages, bool one_per_call,
            const ManyCallsOptions& many, int64_t calls, double max_time,
            const pb::Message& response_prototype, BenchResults* results)
      : check_(response_prototype),
        messages_(messages),
        one_per_call_(one_per_call),
        calls_(calls),
        rate_(many.rate),
        max_time_(max_time),
        results_(results) {}

  // Starts the clock; with a duration, calls stop being started at `end`.
  void Begin(Clock::time_point start, Clock::time_point end) {
    start_ = start;
    end_ = end;
  }

  Next NextCall(int64_t id, PlannedCall* call,
                Clock::time_point* retry_at) override {
    if (calls_ > 0 && id >= calls_) return Next::kDone;
    Clock::time_point now = Clock::now();
    Clock::time_point due = now;
    if (rate_ > 0) {
      // Open loop: call N is due at N / rate, whether or not the server
      // has kept up, and is timed from then.
      due = start_ + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(id / rate_));
    }
    if (due >= end_) {
      // On a schedule, the run is the whole --duration, calls or not: the
      // rate is counted over it, not over the calls that fell in it.
      if (rate_ > 0 && end_ != Clock::time_point::max() && now < end_) {
        *retry_at = end_;
        return Next::kLater;
      }
      return Next::kDone;
    }
    if (due > now) {
      *retry_at = due;
      return Next::kLater;
    }
    auto slot = std::make_unique<Slot>();
    if (one_per_call_) {
      slot->requests = std::make_unique<ListRequestStream>(
          std::vector<std::string>{messages_[id % messages_.size()]});
    } else {
      slot->requests = std::make_unique<ListRequestStream>(messages_);
    }
    slot->due = due;
    call->requests = slot->requests.get();
    call->responses = &check_;
    call->deadline = DeadlineAfter(max_time_);
    slots_[id] = std::move(slot);
    return Next::kCall;
  }

  void CallEnded(int64_t id, CallOutcome* outcome) override {
    auto slot = slots_.find(id);
    Clock::time_point due = slot->second->due;
    slots_.erase(slot);
    // A call cut short by the end of --duration or by Ctrl-C says nothing
    // about the server.
    if (outcome->end == CallOutcome::End::kCancelled) {
      ++results_->cancelled;
      return;
    }
    grpc::Status status = outcome->status;
    if (outcome->end == CallOutcome::End::kSinkFailed) {
      status = grpc::Status(grpc::StatusCode::INTERNAL,
                            "a response is not a valid message of the "
                            "method's output type");
    }
    results_->Add(std::chrono::duration<double>(outcome->ended - due).count(),
                  status, outcome->requests_sent, outcome->responses_received);
  }

 private:
  struct Slot {
    std::unique_ptr<ListRequestStream> requests;
    Clock::time_point due;
  };

  CheckResponses check_;
  const std::vector<std::string>& messages_;
  bool one_per_call_;
  int64_t calls_;  // 0: no limit
  double rate_;
  double max_time_;
  BenchResults* results_;
  Clock::time_point start_;
  Clock::time_point end_ = Clock::time_point::max();
  std::unordered_map<int64_t, std::unique_ptr<Slot>> slots_;
};

// While calls run: the progress line on a terminal, and the end of
// --duration, which cancels the calls still in flight.
class BenchClock {
 public:
  BenchClock(CallRunner* runner, const BenchResults* results,
             Clock::time_point start, Clock::time_point end, const Io& io)
      : runner_(runner), results_(results), start_(start), end_(end), io_(io) {
    thread_ = std::thread(&BenchClock::Tick, this);
  }
  ~BenchClock() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      over_ = true;
    }
    changed_.notify_all();
    thread_.join();
    if (io_.err_is_terminal) *io_.err << "\r\033[K" << std::flush;
  }

 private:
  void Tick() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!over_) {
      Clock::time_point next = Clock::now() + std::chrono::milliseconds(250);
      if (end_ < next) next = end_;
      if (changed_.wait_until(lock, next, [this] { return over_; })) return;
      if (Clock::now() >= end_) {
        runner_->Cancel(CallOutcome::End::kCancelled);
        end_ = Clock::time_point::max();
      }
      if (io_.err_is_terminal) *io_.err << ProgressLine() << std::flush;
    }
  }

  std::string ProgressLine() const {
    int64_t done = results_->done();
    double seconds =
        std::chrono::duration<double>(Clock::now() - start_).count();
    char line[160];
    std::snprintf(line, sizeof line,
                  "\r\033[K%lld requests, %.0f/s, %lld failed",
                  static_cast<long long>(done),
                  seconds > 0 ? static_cast<double>(done) / seconds : 0.0,
                  static_cast<long long>(results_->failed_so_far()));
    return line;
  }

  CallRunner* runner_;
  const BenchResults* results_;
  Clock::time_point start_;
  Clock::time_point end_;
  const Io& io_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool over_ = false;
  std::thread thread_;
};

// Every request message of the input, in wire bytes.
bool ReadAllRequests(const Options& options, const Io& io, const Codec& codec,
                     const pb::MethodDescriptor& method,
                     std::vector<std::string>* messages, std::string* err) {
  RequestInput input;
  double max_time = options.connection.max_time_seconds;
  return input.Open(options, io.in, io.in_is_terminal, &codec,
                    *method.input_type(), err) &&
         input.ReadAll(DeadlineAfter(max_time), max_time,
                       "bench reads every request before its first call",
                       messages, err);
}

// Runs one phase to its end on a runner of its own, so that a Ctrl-C
// during the warm-up stops it without touching the next.
void RunPhase(const RunnerFactory& make_runner, BenchPlan* plan,
              double duration, BenchResults* results, StopSignals* stop_signals,
              const Io& io) {
  std::unique_ptr<CallRunner> runner = make_runner();
  stop_signals->SetHandler(
      [&runner] { runner->Cancel(CallOutcome::End::kCancelled); });
  Clock::time_point start = Clock::now();
  Clock::time_point end =
      duration > 0 ? start + std::chrono::duration_cast<Clock::duration>(
                                 std::chrono::duration<double>(duration))
                   : Clock::time_point::max();
  plan->Begin(start, end);
  {
    BenchClock clock(runner.get(), results, start, end, io);
    runner->Run(plan);
  }
  results->wall_seconds =
      std::chrono::duration<double>(Clock::now() - start).count();
  // A signal from now on is only noted: no further call starts, and the
  // report of what was done is still printed.
  stop_signals->SetHandler([] {});
}

}  // namespace

int RunBench(const Options& options, const Io& io) {
  // First, before any thread exists: Ctrl-C must stop the run and still
  // print what was measured.
  StopSignals stop_signals;
  std::string err;
  MethodSchema schema;
  Options connecting = OnceForAllCalls(options);
  if (!OpenMethod(connecting, io, &schema, &err)) {
    return End(io, Fail(io, kExitFailure, err));
  }
  const pb::MethodDescriptor& method = *schema.method;
  Codec codec(schema.source.pool(), options.format);
  std::vector<std::string> messages;
  ReflectionWatch reflection(schema.source);
  if (!ReadAllRequests(options, io, codec, method, &messages, &err)) {
    return End(io, Fail(io, kExitFailure, reflection.Blame(options, err)));
  }
  // A method that takes one request takes the messages in turn; none
  // means the empty message, as for call.
  bool one_per_call = !method.client_streaming();
  if (one_per_call && messages.empty()) {
    if (!codec.EmptyMessage(*method.input_type(), &messages.emplace_back(),
                            &err)) {
      return End(io, Fail(io, kExitFailure, err));
    }
  }

  // Every gRPC connection is made before the clock starts, so that an
  // unreachable server is one clear error, not a report of failures.
  bool over_grpc = options.connection.protocol == Protocol::kGrpc;
  if (!over_grpc && options.many.connections > 1) {
    return End(io, Fail(io, kExitUsage,
                        "bench --connections works over gRPC only so far; "
                        "over HTTP/2 the calls share one connection"));
  }
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  if (over_grpc) channels.push_back(schema.channel);
  for (int i = 1; over_grpc && i < options.many.connections; ++i) {
    std::shared_ptr<grpc::Channel> channel;
    if (!CreateChannel(connecting.connection, &channel, &err,
                       /*own_connection=*/true)) {
      return End(io, Fail(io, kExitFailure, err));
    }
    channels.push_back(channel);
  }
  for (const auto& channel : channels) {
    if (!WaitForConnection(channel.get(), connecting.connection, &err)) {
      return End(
          io, Fail(io, kExitFailure, options.connection.target + ": " + err));
    }
  }

  CallSetup setup = SetupCalls(options, schema);
  const ManyCallsOptions& many = options.many;
  int concurrency = many.concurrency > 0 ? many.concurrency : 10;
  RunnerFactory make_runner;
  bool usage = false;
  if (!RunnersFor(options, schema, channels, setup, concurrency, &make_runner,
                  &err, &usage)) {
    return End(io, Fail(io, usage ? kExitUsage : kExitFailure, err));
  }
  int64_t calls = many.requests;
  if (calls == 0 && many.duration_seconds == 0) calls = 200;
  double max_time = options.connection.max_time_seconds;

  pb::DynamicMessageFactory factory(schema.source.pool());
  const pb::Message& response = *factory.GetPrototype(method.output_type());
  if (many.warmup > 0) {
    BenchResults warmup;
    BenchPlan plan(messages, one_per_call, many, many.warmup, max_time,
                   response, &warmup);
    RunPhase(make_runner, &plan, 0, &warmup, &stop_signals, io);
  }
  BenchResults results;
  if (stop_signals.received() == 0) {
    BenchPlan plan(messages, one_per_call, many, calls, max_time, response,
                   &results);
    RunPhase(make_runner, &plan, many.duration_seconds, &results, &stop_signals,
             io);
  }

  BenchSettings settings{concurrency, many.connections, many.rate,
                         !one_per_call || method.server_streaming()};
  *io.out << (many.report == ReportFormat::kJson
                  ? BenchReportJson(results, settings)
                  : BenchReportText(results, settings));
  io.out->flush();
  if (stop_signals.received() != 0) {
    return End(io, FailInterrupted(io, stop_signals,
                                   "the calls in flight were cancelled"));
  }
  // A report of no call is no measurement: a script reading exit 0 would
  // take it as a fast, error-free service.
  if (results.ok + results.failed == 0) {
    std::ostringstream what;
    what << "no call finished within --duration " << many.duration_seconds
         << " s";
    if (results.cancelled > 0) {
      what << " (" << results.cancelled << " cut short by its end)";
    }
    return End(io, Fail(io, kExitFailure, what.str() + ": nothing measured"));
  }
  int code = results.MostFrequentFailure();
  return End(io, code == 0 ? kExitOk : kExitRpcBase + code);
}

}  // namespace rpccli
