// stdout as rpccli writes it: an ostream over a file descriptor that
// remembers why a write failed, so that the end of the run can tell a
// closed pipe (`| head`, exit 141, quietly) from a lost write (a full
// disk, an I/O error: exit 1, naming stdout). std::cout keeps no errno.
#ifndef RPCCLI_BASE_FD_OUTPUT_H_
#define RPCCLI_BASE_FD_OUTPUT_H_

#include <ostream>
#include <streambuf>
#include <string>

namespace rpccli {

class FdOutput : public std::ostream {
 public:
  explicit FdOutput(int fd);
  ~FdOutput() override;

  /// The errno of the first write that failed, the first time it is
  /// asked for; 0 if none has failed, and after that.
  int TakeWriteErrno();

 private:
  class Buffer : public std::streambuf {
   public:
    explicit Buffer(int fd);
    int write_errno() const { return write_errno_; }

   protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* bytes, std::streamsize count) override;
    int sync() override;

   private:
    bool WriteAll(const char* bytes, size_t count);
    bool Drain();

    int fd_;
    int write_errno_ = 0;
    char space_[64 * 1024];
  };

  Buffer buffer_;
  bool taken_ = false;
};

}  // namespace rpccli

#endif  // RPCCLI_BASE_FD_OUTPUT_H_
