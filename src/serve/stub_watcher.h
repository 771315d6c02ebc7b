// rpccli serve's stub files, read again when they change: a good set
// replaces the stubs for the calls that start after it; a bad one is said
// and the old stubs go on answering.
#ifndef RPCCLI_SERVE_STUB_WATCHER_H_
#define RPCCLI_SERVE_STUB_WATCHER_H_

#include <google/protobuf/descriptor.h>

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "serve/mock_service.h"

namespace rpccli {

/// What tells a file changed: its size, its times and its inode (a file
/// renamed over it with the old time, as `cp -p` or `rsync -t` leave it,
/// changes the last two). A file gone is all -1.
struct FileStamp {
  int64_t size = -1;
  int64_t modified_ns = -1;
  int64_t changed_ns = -1;
  int64_t inode = -1;
  bool operator==(const FileStamp& other) const {
    return size == other.size && modified_ns == other.modified_ns &&
           changed_ns == other.changed_ns && inode == other.inode;
  }
  bool operator!=(const FileStamp& other) const { return !(*this == other); }
};

std::vector<FileStamp> StampsOf(const std::vector<std::string>& paths);

class StubWatcher {
 public:
  /// Looks at `paths` every 300 ms from now on, till destroyed; `loaded`:
  /// their stamps when the stubs `service` answers from were read. A
  /// change is read once the files have stayed the same for a look (a
  /// file still being written changes from one to the next); an empty
  /// file is refused (most often one caught half-written: "[]" says no
  /// stubs). What happens is said on `say`.
  StubWatcher(const std::vector<std::string>& paths,
              std::vector<const google::protobuf::ServiceDescriptor*> services,
              const google::protobuf::DescriptorPool* pool,
              MockService* service, std::ostream* say,
              std::vector<FileStamp> loaded);
  ~StubWatcher();
  StubWatcher(const StubWatcher&) = delete;
  StubWatcher& operator=(const StubWatcher&) = delete;

 private:
  void Watch();
  void Reload(const std::vector<FileStamp>& stamps);

  const std::vector<std::string>& paths_;
  std::vector<const google::protobuf::ServiceDescriptor*> services_;
  const google::protobuf::DescriptorPool* pool_;
  MockService* service_;
  std::ostream* say_;
  std::vector<FileStamp> seen_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool over_ = false;
  std::thread thread_;
};

}  // namespace rpccli

#endif  // RPCCLI_SERVE_STUB_WATCHER_H_
