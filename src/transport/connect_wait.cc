#include "transport/connect_wait.h"

#include <sstream>

namespace rpccli {
namespace {

bool MaxTimeIsShorter(const ConnectionOptions& options) {
  return options.max_time_seconds > 0 &&
         options.max_time_seconds < options.connect_timeout_seconds;
}

}  // namespace

double ConnectWaitSeconds(const ConnectionOptions& options) {
  return MaxTimeIsShorter(options) ? options.max_time_seconds
                                   : options.connect_timeout_seconds;
}

std::string ConnectWaitFlag(const ConnectionOptions& options) {
  return MaxTimeIsShorter(options) ? "--max-time" : "--connect-timeout";
}

std::string NoConnectionWithin(const ConnectionOptions& options) {
  std::ostringstream text;
  text << "no connection within " << ConnectWaitSeconds(options) << " s ("
       << ConnectWaitFlag(options) << ")";
  return text.str();
}

}  // namespace rpccli
