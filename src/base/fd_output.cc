#include "base/fd_output.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace rpccli {

FdOutput::Buffer::Buffer(int fd) : fd_(fd) {
  setp(space_, space_ + sizeof space_);
}

bool FdOutput::Buffer::WriteAll(const char* bytes, size_t count) {
  if (write_errno_ != 0) return false;  // what follows a lost write is lost
  while (count > 0) {
    ssize_t written = ::write(fd_, bytes, count);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) {
      write_errno_ = written < 0 ? errno : EIO;
      return false;
    }
    bytes += written;
    count -= static_cast<size_t>(written);
  }
  return true;
}

bool FdOutput::Buffer::Drain() {
  bool written = WriteAll(pbase(), static_cast<size_t>(pptr() - pbase()));
  setp(space_, space_ + sizeof space_);
  return written;
}

FdOutput::Buffer::int_type FdOutput::Buffer::overflow(int_type c) {
  if (!Drain()) return traits_type::eof();
  if (traits_type::eq_int_type(c, traits_type::eof())) {
    return traits_type::not_eof(c);
  }
  *pptr() = traits_type::to_char_type(c);
  pbump(1);
  return c;
}

std::streamsize FdOutput::Buffer::xsputn(const char* bytes,
                                         std::streamsize count) {
  if (count <= epptr() - pptr()) {
    std::memcpy(pptr(), bytes, static_cast<size_t>(count));
    pbump(static_cast<int>(count));
    return count;
  }
  // Too large for what is left: what is buffered goes first, then this
  // straight from the caller's memory.
  if (!Drain() || !WriteAll(bytes, static_cast<size_t>(count))) return 0;
  return count;
}

int FdOutput::Buffer::sync() { return Drain() ? 0 : -1; }

FdOutput::FdOutput(int fd) : std::ostream(nullptr), buffer_(fd) {
  rdbuf(&buffer_);
}

FdOutput::~FdOutput() { flush(); }

int FdOutput::TakeWriteErrno() {
  flush();
  if (taken_) return 0;
  taken_ = buffer_.write_errno() != 0;
  return buffer_.write_errno();
}

}  // namespace rpccli
