#include "serve/stub_watcher.h"

#include <sys/stat.h>

#include <chrono>

#include "base/options.h"
#include "base/utf8.h"
#include "codec/codec.h"
#include "serve/stubs.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

constexpr std::chrono::milliseconds kPollEvery{300};

}  // namespace

std::vector<FileStamp> StampsOf(const std::vector<std::string>& paths) {
  std::vector<FileStamp> stamps;
  for (const std::string& path : paths) {
    struct stat status {};
    FileStamp& stamp = stamps.emplace_back();
    if (stat(path.c_str(), &status) == 0) {
      stamp.size = status.st_size;
      stamp.modified_ns =
          status.st_mtim.tv_sec * 1000000000LL + status.st_mtim.tv_nsec;
      stamp.changed_ns =
          status.st_ctim.tv_sec * 1000000000LL + status.st_ctim.tv_nsec;
      stamp.inode = static_cast<int64_t>(status.st_ino);
    }
  }
  return stamps;
}

StubWatcher::StubWatcher(const std::vector<std::string>& paths,
                         std::vector<const pb::ServiceDescriptor*> services,
                         const pb::DescriptorPool* pool, MockService* service,
                         std::ostream* say, std::vector<FileStamp> loaded)
    : paths_(paths),
      services_(std::move(services)),
      pool_(pool),
      service_(service),
      say_(say),
      seen_(std::move(loaded)) {
  if (!paths_.empty()) thread_ = std::thread(&StubWatcher::Watch, this);
}

StubWatcher::~StubWatcher() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    over_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void StubWatcher::Watch() {
  std::unique_lock<std::mutex> lock(mutex_);
  std::vector<FileStamp> changing;
  while (!changed_.wait_for(lock, kPollEvery, [this] { return over_; })) {
    auto stamps = StampsOf(paths_);
    if (stamps == seen_) {
      changing.clear();
      continue;
    }
    if (stamps != changing) {
      changing = stamps;
      continue;
    }
    seen_ = stamps;
    Reload(stamps);
  }
}

void StubWatcher::Reload(const std::vector<FileStamp>& stamps) {
  std::string err;
  for (size_t i = 0; i < paths_.size() && err.empty(); ++i) {
    if (stamps[i].size == 0) {
      err = paths_[i] + " is empty (write [] for no stubs)";
    }
  }
  // The server's codec serves calls: the reload has its own.
  FormatOptions format;
  format.compact = true;
  Codec codec(pool_, format);
  auto stubs = std::make_shared<Stubs>();
  if (err.empty() && stubs->Load(paths_, services_, codec, &err)) {
    service_->ReplaceStubs(std::move(stubs));
    *say_ << "rpccli: stubs reloaded" << std::endl;
  } else {
    *say_ << "rpccli: warning: stubs not reloaded, the old ones answer "
             "still: "
          << EscapeControls(err) << std::endl;
  }
}

}  // namespace rpccli
