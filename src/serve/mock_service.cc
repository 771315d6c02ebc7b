#include "serve/mock_service.h"

#include <grpcpp/alarm.h>
#include <grpcpp/support/byte_buffer.h>

#include <chrono>
#include <deque>

#include "base/base64.h"
#include "base/status_code.h"
#include "base/text.h"
#include "serve/fake_message.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

constexpr char kReflectionV1[] =
    "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo";
constexpr char kReflectionV1Alpha[] =
    "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo";

std::string BytesOf(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string bytes;
  if (!buffer.Dump(&slices).ok()) return bytes;
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return bytes;
}

// `bytes` as gRPC writes them: a stub's own, which outlive the call, are
// not copied.
grpc::ByteBuffer BufferOf(const std::string& bytes, bool lasting) {
  grpc::Slice slice = lasting ? grpc::Slice(bytes.data(), bytes.size(),
                                            grpc::Slice::STATIC_SLICE)
                              : grpc::Slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

// How much a call may have queued to write before it stops reading: a
// client that sends without reading (a bidi stream, reflection) would
// otherwise grow the server without bound.
constexpr size_t kMostQueuedBytes = 4 << 20;

// The method a path names: exactly "/pkg.Service/Method", as gRPC sends it.
const pb::MethodDescriptor* MethodOfPath(const pb::DescriptorPool& pool,
                                         const std::string& path) {
  size_t slash = path.rfind('/');
  if (path.size() < 4 || path[0] != '/' || slash == 0 ||
      slash + 1 == path.size()) {
    return nullptr;
  }
  const pb::ServiceDescriptor* service =
      pool.FindServiceByName(path.substr(1, slash - 1));
  return service == nullptr ? nullptr
                            : service->FindMethodByName(path.substr(slash + 1));
}

// One call. Reads and writes overlap (a bidi stream answers as requests
// come), so its state is guarded. It is deleted once gRPC is done with it
// (OnDone) and no alarm or cancellation of its own still uses it.
class Call : public grpc::ServerGenericBidiReactor {
 public:
  Call(const MockService& service, grpc::GenericCallbackServerContext* context)
      : service_(service), context_(context), stubs_(service.stubs()) {
    const std::string& path = context->method();
    reflection_ = path == kReflectionV1 || path == kReflectionV1Alpha;
    for (const auto& [name, value] : context->client_metadata()) {
      headers_.emplace(std::string(name.data(), name.size()),
                       std::string(value.data(), value.size()));
    }
    if (!reflection_) {
      method_ = MethodOfPath(*service.pool(), path);
      if (method_ == nullptr) {
        Close(grpc::Status(
            grpc::StatusCode::UNIMPLEMENTED,
            "rpccli serve: no method " + path + " in the schema it serves"));
        Perform(TakeTodo());
        return;
      }
      // A client stream is matched on its requests once all have come:
      // as many are kept as a stub looks at (all with --record, which
      // writes them), the rest only counted; --fake seeds from a hash.
      if (method_->client_streaming() && !method_->server_streaming() &&
          service.recorder() == nullptr) {
        requests_kept_ = stubs_->MostRequestsMatched(*method_);
      }
    }
    StartRead(&read_);
  }

  void OnReadDone(bool ok) override {
    Todo todo;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ReadDone(ok);
      todo = TakeTodo();
    }
    Perform(todo);
  }

  void OnWriteDone(bool ok) override {
    Todo todo;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      writing_ = false;
      if (!ok) {
        // The client is gone: what is left is not sent.
        outbox_.clear();
        if (!finished_) Close(grpc::Status::CANCELLED);
      } else {
        WriteNext();
      }
      todo = TakeTodo();
    }
    Perform(todo);
  }

  void OnCancel() override {
    grpc::Alarm* waiting = nullptr;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      cancelled_ = true;
      if (waiting_) {
        waiting = alarm_.get();
        ++holders_;  // the alarm's callback may end the call meanwhile
      }
    }
    // Its callback (not ok) goes on from there; it may run inline. No new
    // alarm replaces this one: a cancelled call waits no more.
    if (waiting != nullptr) {
      waiting->Cancel();
      Release();
    }
  }

  void OnDone() override { Release(); }

 private:
  // What to ask of gRPC once the lock is let go: its reactions may run
  // inline, in this thread, and take the lock themselves.
  struct Todo {
    bool send_headers = false;
    bool read = false;
    bool write = false;
    bool write_hinted = false;
    bool finish = false;
    grpc::Status status;
  };

  // One of those using the call lets go of it; the last deletes it.
  void Release() {
    bool last = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      last = --holders_ == 0;
    }
    if (last) delete this;
  }

  Todo TakeTodo() {
    Todo todo = todo_;
    todo_ = Todo();
    return todo;
  }

  // The read first: while the write is pending (writing_ was set under the
  // lock) nothing can finish the call, so no read starts after Finish.
  void Perform(const Todo& todo) {
    if (todo.finish) {
      Finish(todo.status);  // the call may be deleted from here on
      return;
    }
    if (todo.send_headers) StartSendInitialMetadata();
    if (todo.read) StartRead(&read_);
    if (todo.write) {
      grpc::WriteOptions options;
      if (todo.write_hinted) options.set_buffer_hint();
      StartWrite(&write_, options);
    }
  }

  void ReadDone(bool ok) {
    if (finished_) return;
    if (!ok) {
      ReadsOver();
      return;
    }
    std::string bytes = BytesOf(read_);
    if (reflection_) {
      Queue(service_.reflection().Answer(bytes), 0);
      ReadOnceWritten();
      return;
    }
    if (!method_->client_streaming() && received_ == 1) {
      End(grpc::Status(grpc::StatusCode::INTERNAL,
                       "rpccli serve: " + method_->full_name() +
                           " takes one request, and the call sent more"));
      return;
    }
    nlohmann::json json;
    if (!service_.Canonical(*method_->input_type(), bytes, &json)) {
      End(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                       "rpccli serve: a request that is not a " +
                           method_->input_type()->full_name()));
      return;
    }
    ++received_;
    if (!method_->client_streaming()) {
      // Answered once the client has said it sends no more: a second
      // request is an error, not ignored.
      if (service_.fake()) requests_hash_ = Mix(0, json);
      requests_.push_back(std::move(json));
      todo_.read = true;
      return;
    }
    if (!method_->server_streaming()) {
      if (service_.fake()) requests_hash_ = Mix(requests_hash_, json);
      if (requests_.size() < requests_kept_) {
        requests_.push_back(std::move(json));
      }
      todo_.read = true;  // matched once all have come
      return;
    }
    // Bidi: each request is answered as it comes.
    if (service_.fake()) requests_hash_ = Mix(0, json);
    const Stub* stub = Match({json}, /*whole_stream=*/false);
    if (service_.recorder() != nullptr) requests_.push_back(std::move(json));
    if (stub != nullptr) Answer(*stub, /*last=*/!stub->status.ok());
    if (stub != nullptr && stub->status.ok()) ReadOnceWritten();
  }

  // The next read, now if little is queued to write, else once the
  // client has taken enough of it.
  void ReadOnceWritten() {
    if (finished_ || ending_) return;
    if (queued_bytes_ > kMostQueuedBytes) {
      read_when_drained_ = true;
    } else {
      todo_.read = true;
    }
  }

  // Messages to write: a stub's, pointed at (the call keeps its stubs,
  // and a stream of 100,000 is neither copied nor listed), or one of the
  // call's own.
  struct Outgoing {
    const std::vector<StubMessage>* stubbed = nullptr;
    std::string own;
    int first_delay_ms = 0;  // before the first, on top of its own
    size_t next = 0;         // the message due
    bool waited = false;     // its delay is over
    bool fake = false;       // a --fake stub's, freed once written
    size_t count() const { return stubbed != nullptr ? stubbed->size() : 1; }
    const std::string& bytes() const {
      return stubbed != nullptr ? (*stubbed)[next].bytes : own;
    }
    int delay_ms() const {
      return (stubbed != nullptr ? (*stubbed)[next].delay_ms : 0) +
             (next == 0 ? first_delay_ms : 0);
    }
  };

  // The client has sent all it will.
  void ReadsOver() {
    if (reflection_ ||
        (method_->client_streaming() && method_->server_streaming())) {
      End(grpc::Status::OK);
      return;
    }
    if (method_->client_streaming() || received_ == 1) {
      const Stub* stub = Match(requests_, /*whole_stream=*/true);
      if (stub != nullptr) Answer(*stub, /*last=*/true);
      return;
    }
    End(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                     "rpccli serve: the call sent no request"));
  }

  const Stub* Match(const std::vector<nlohmann::json>& requests,
                    bool whole_stream) {
    std::string why_not;
    const Stub* stub = stubs_->Find(*method_, requests, received_, headers_,
                                    whole_stream, &why_not);
    if (stub == nullptr && service_.fake()) stub = FakeStub();
    if (stub == nullptr) {
      End(grpc::Status(grpc::StatusCode::UNIMPLEMENTED,
                       "rpccli serve: " + why_not));
    }
    if (stub != nullptr) answered_by_ = stub->where;
    return stub;
  }

  // A hash of the requests so far and `request`, the same from one run
  // to the next (FNV-1a over their canonical JSON).
  static uint64_t Mix(uint64_t hash, const nlohmann::json& request) {
    if (hash == 0) hash = 14695981039346656037ULL;
    for (char c : request.dump()) {
      hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    }
    return hash;
  }

  // --fake: a made-up answer of the right type, the same for the same
  // seed, method and requests; a server stream gets three. It is kept
  // until written.
  const Stub* FakeStub() {
    uint64_t seed = std::hash<std::string>()(std::to_string(service_.seed()) +
                                             " " + method_->full_name() + " " +
                                             std::to_string(requests_hash_));
    auto fake = std::make_unique<Stub>();
    fake->where = "--fake";
    fake->fake = true;
    fake->method = method_;
    int count = method_->server_streaming() ? 3 : 1;
    for (int i = 0; i < count; ++i) {
      fake->responses.push_back({FakeMessage(*method_->output_type(),
                                             seed + static_cast<uint64_t>(i)),
                                 0});
    }
    fakes_.push_back(std::move(fake));
    return fakes_.back().get();
  }

  // The stub's headers, messages and status, each after its delay; `last`:
  // the call ends with it. A call's headers are those of the first stub
  // that answers it, its trailers the last's.
  void Answer(const Stub& stub, bool last) {
    if (!headers_added_) {
      headers_added_ = true;
      for (const auto& [name, value] : stub.response_headers) {
        context_->AddInitialMetadata(name, value);
      }
    }
    trailers_ =
        stub.response_trailers.empty() ? nullptr : &stub.response_trailers;
    if (!stub.responses.empty()) {
      Outgoing run{&stub.responses, "", stub.delay_ms};
      run.fake = stub.fake;
      outbox_.push_back(std::move(run));
      queued_bytes_ += sizeof(Outgoing);
      for (const StubMessage& message : stub.responses) {
        queued_bytes_ += message.bytes.size();
      }
    }
    if (last) {
      ending_ = true;
      end_status_ = stub.status;
      end_delay_ms_ = stub.responses.empty() ? stub.delay_ms : 0;
    } else if (!stub.status.ok()) {
      ending_ = true;
      end_status_ = stub.status;
    }
    WriteNext();
  }

  void Queue(const std::string& bytes, int delay_ms) {
    outbox_.push_back({nullptr, bytes, delay_ms});
    queued_bytes_ += sizeof(Outgoing) + bytes.size();
    WriteNext();
  }

  // Ends the call once what is queued is written.
  void End(const grpc::Status& status) {
    ending_ = true;
    end_status_ = status;
    WriteNext();
  }

  void WriteNext() {
    if (writing_ || finished_ || waiting_) return;
    if (cancelled_) {
      Close(grpc::Status::CANCELLED);
      return;
    }
    if (!outbox_.empty()) {
      Outgoing& next = outbox_.front();
      if (next.delay_ms() > 0 && !next.waited) {
        next.waited = true;
        Wait(next.delay_ms());
        return;
      }
      writing_ = true;
      write_ = BufferOf(next.bytes(), next.stubbed != nullptr && !next.fake);
      if (!reflection_ && service_.recorder() != nullptr) {
        sent_.push_back(next.bytes());
      }
      queued_bytes_ -= next.bytes().size();
      next.waited = false;
      if (++next.next == next.count()) {
        // A fake's messages are copied into write_: it can go now (fakes
        // are written in the order they were made).
        if (next.fake) fakes_.pop_front();
        queued_bytes_ -= sizeof(Outgoing);
        outbox_.pop_front();
      }
      // Messages due at once go out together: each is hinted but the last,
      // which flushes them. A hinted write waits for the headers to have
      // gone out, so they are sent first, on their own.
      bool more_at_once = !outbox_.empty() && outbox_.front().delay_ms() == 0;
      if (more_at_once && !headers_sent_) todo_.send_headers = true;
      headers_sent_ = true;
      todo_.write = true;
      todo_.write_hinted = more_at_once;
      if (read_when_drained_ && queued_bytes_ <= kMostQueuedBytes) {
        read_when_drained_ = false;
        todo_.read = true;
      }
      return;
    }
    if (ending_) {
      if (end_delay_ms_ > 0) {
        int delay = end_delay_ms_;
        end_delay_ms_ = 0;
        Wait(delay);
        return;
      }
      Close(end_status_);
    }
  }

  // The call's last step: recorded with --record, then finished.
  void Close(const grpc::Status& status) {
    finished_ = true;
    if (trailers_ != nullptr) {
      for (const auto& [name, value] : *trailers_) {
        context_->AddTrailingMetadata(name, value);
      }
    }
    CallRecorder* recorder = service_.recorder();
    if (recorder != nullptr && !reflection_) recorder->Write(Record(status));
    todo_.finish = true;
    todo_.status = status;
  }

  nlohmann::json Record(const grpc::Status& status) const {
    nlohmann::json record;
    record["method"] = context_->method();
    // A header sent twice has its values in a list; a -bin header's bytes
    // are in base64, as they went over the wire.
    nlohmann::json headers = nlohmann::json::object();
    for (const auto& [name, value] : headers_) {
      nlohmann::json shown =
          EndsWith(name, "-bin") ? Base64Encode(value) : value;
      if (!headers.contains(name)) {
        headers[name] = shown;
      } else {
        if (!headers[name].is_array()) {
          headers[name] = nlohmann::json::array({headers[name]});
        }
        headers[name].push_back(shown);
      }
    }
    record["headers"] = headers;
    record["requests"] = requests_;
    record["stub"] = answered_by_.empty() ? nlohmann::json(nullptr)
                                          : nlohmann::json(answered_by_);
    nlohmann::json responses = nlohmann::json::array();
    if (method_ != nullptr) {
      for (const std::string& bytes : sent_) {
        nlohmann::json response;
        service_.Canonical(*method_->output_type(), bytes, &response);
        responses.push_back(response);
      }
    }
    record["responses"] = responses;
    record["status"] = {{"code", StatusCodeName(status.error_code())},
                        {"message", status.error_message()}};
    return record;
  }

  // The callback is no reaction of gRPC's, which would keep the call
  // alive through it: the call is held until the callback has run.
  void Wait(int delay_ms) {
    waiting_ = true;
    ++holders_;
    alarm_ = std::make_unique<grpc::Alarm>();
    alarm_->Set(
        std::chrono::system_clock::now() + std::chrono::milliseconds(delay_ms),
        [this](bool) {
          Todo todo;
          {
            std::lock_guard<std::mutex> lock(mutex_);
            waiting_ = false;
            WriteNext();
            todo = TakeTodo();
          }
          Perform(todo);
          Release();
        });
  }

  const MockService& service_;
  grpc::GenericCallbackServerContext* context_;
  // The stubs as the call began: a reload does not pull them from under it.
  std::shared_ptr<const Stubs> stubs_;
  bool reflection_ = false;
  const pb::MethodDescriptor* method_ = nullptr;
  std::multimap<std::string, std::string> headers_;

  std::mutex mutex_;
  Todo todo_;  // what the reaction under way asks of gRPC
  grpc::ByteBuffer read_;
  grpc::ByteBuffer write_;
  int holders_ = 1;  // gRPC, until OnDone; a pending alarm; OnCancel
  std::vector<nlohmann::json> requests_;
  size_t requests_kept_ = SIZE_MAX;  // the first so many
  uint64_t requests_hash_ = 0;       // of all, with --fake
  size_t received_ = 0;              // requests read
  std::string answered_by_;  // the last stub that answered, for --record
  // The trailers of the last stub that answered (a fake has none).
  const std::multimap<std::string, std::string>* trailers_ = nullptr;
  std::deque<std::unique_ptr<Stub>> fakes_;  // --fake's, till written
  std::vector<std::string> sent_;  // the responses written, for --record
  std::deque<Outgoing> outbox_;
  size_t queued_bytes_ = 0;
  bool read_when_drained_ = false;
  std::unique_ptr<grpc::Alarm> alarm_;
  bool writing_ = false;
  bool waiting_ = false;
  bool headers_sent_ = false;
  bool headers_added_ = false;
  bool ending_ = false;
  bool finished_ = false;
  bool cancelled_ = false;
  grpc::Status end_status_;
  int end_delay_ms_ = 0;
};

}  // namespace

MockService::MockService(const pb::DescriptorPool* pool,
                         std::shared_ptr<const Stubs> stubs, const Codec* codec,
                         const ReflectionAnswers* reflection,
                         CallRecorder* recorder, bool fake, uint64_t seed)
    : pool_(pool),
      stubs_(std::move(stubs)),
      codec_(codec),
      reflection_(reflection),
      recorder_(recorder),
      fake_(fake),
      seed_(seed) {}

std::shared_ptr<const Stubs> MockService::stubs() const {
  std::lock_guard<std::mutex> lock(stubs_mutex_);
  return stubs_;
}

void MockService::ReplaceStubs(std::shared_ptr<const Stubs> stubs) {
  std::lock_guard<std::mutex> lock(stubs_mutex_);
  stubs_ = std::move(stubs);
}

grpc::ServerGenericBidiReactor* MockService::CreateReactor(
    grpc::GenericCallbackServerContext* context) {
  return new Call(*this, context);
}

bool MockService::Canonical(const pb::Descriptor& type,
                            const std::string& bytes,
                            nlohmann::json* json) const {
  std::lock_guard<std::mutex> lock(codec_mutex_);
  return Stubs::Canonical(*codec_, type, bytes, json);
}

}  // namespace rpccli
