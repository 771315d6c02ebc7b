#include "transport/metadata.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include "base/base64.h"
#include "base/file_read.h"
#include "base/text.h"
#include "base/utf8.h"

namespace rpccli {
bool IsHeaderName(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name) {
    bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                   c == '-' || c == '_' || c == '.';
    if (!allowed) return false;
  }
  return true;
}

namespace {

// A header argument as errors show it: its name, never its value, which
// may be a secret (the first word stands for the name of one written
// without a colon).
std::string WithoutValue(const std::string& argument) {
  // A pseudo-header's name starts with its colon.
  size_t end = argument.find(':', StartsWith(argument, ":") ? 1 : 0);
  if (end == std::string::npos) end = argument.find_first_of(" \t=");
  // No name to tell from a value: it may be a token pasted alone.
  if (end == std::string::npos) return "...";
  return argument.substr(0, end) + (argument[end] == ':' ? ": ..." : " ...");
}

// An environment variable's name: a letter or '_', then also digits.
bool IsNameChar(char c, bool first) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         (!first && c >= '0' && c <= '9');
}

// `text` with each ${NAME} replaced by the environment's NAME, which must
// be set; `where` names the header in errors, which never show a value.
// Anything else, `$NAME` or `${1}` say, is left as written, as grpcurl
// leaves it.
bool ExpandEnvironment(const std::string& text, const std::string& where,
                       std::string* expanded, std::string* err) {
  expanded->clear();
  size_t copied = 0;
  for (size_t open = text.find("${"); open != std::string::npos;
       open = text.find("${", open + 2)) {
    size_t end = open + 2;
    while (end < text.size() && IsNameChar(text[end], end == open + 2)) ++end;
    if (end == open + 2 || end == text.size() || text[end] != '}') continue;
    std::string name = text.substr(open + 2, end - open - 2);
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) {
      *err = where + ": ${" + name +
             "} is not set in the environment (--expand-headers)";
      return false;
    }
    expanded->append(text, copied, open - copied).append(value);
    copied = end + 1;
  }
  expanded->append(text, copied, std::string::npos);
  return true;
}

// One `name: value`; `where` names it in errors.
bool ParseOne(const std::string& text, const std::string& where,
              Headers* headers, std::string* err) {
  // ":path: /x" would split at its first colon, naming "".
  std::string trimmed = Trim(text);
  if (StartsWith(trimmed, ":")) {
    std::string name = trimmed.substr(0, trimmed.find_first_of(": \t", 1));
    *err = where + ": \"" + name +
           "\" is an HTTP/2 pseudo-header, which gRPC sets itself";
    return false;
  }
  size_t colon = text.find(':');
  if (colon == std::string::npos) {
    *err = where + ": a header is written 'name: value'";
    return false;
  }
  std::string name = Lowercase(Trim(text.substr(0, colon)));
  if (!IsHeaderName(name)) {
    *err = where + ": \"" + name +
           "\" is not a header name (letters, digits, '-', '_' and '.')";
    return false;
  }
  if (StartsWith(name, "grpc-")) {
    *err = where + ": \"" + name + "\" is reserved for gRPC itself";
    return false;
  }
  std::string value = Trim(text.substr(colon + 1));
  if (EndsWith(name, "-bin")) {
    std::string bytes;
    if (!Base64Decode(value, &bytes)) {
      *err = where + ": the value of \"" + name +
             "\" must be base64, as for every -bin header";
      return false;
    }
    headers->emplace_back(name, bytes);
    return true;
  }
  for (char c : value) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      *err = where + ": the value of \"" + name + "\" has a control character";
      return false;
    }
    if (static_cast<unsigned char>(c) >= 0x80) {
      *err = where + ": the value of \"" + name +
             "\" is not ASCII, which gRPC cannot send in a text header; "
             "send bytes base64-encoded in a -bin header (" +
             name + "-bin: ...)";
      return false;
    }
  }
  headers->emplace_back(name, value);
  return true;
}

// Takes out of `headers` those gRPC writes itself, whatever the
// application adds, each with a warning naming `flag` and what to do.
void TakeOutUnsendable(const std::string& flag, Headers* headers,
                       std::vector<std::string>* warnings) {
  static const std::pair<const char*, const char*> kUnsendable[] = {
      {"content-type", "gRPC sets it to application/grpc itself"},
      {"te", "gRPC sets it to trailers itself"},
      {"host", "HTTP/2 carries the host as :authority; use --authority"},
      {"user-agent", "gRPC writes its own; --user-agent puts text before it"},
      // HTTP/2 forbids them (RFC 9113, 8.2.2): a strict server drops the
      // connection, and the call would fail as "Socket closed".
      {"connection", "HTTP/2 has no connection-specific headers"},
      {"keep-alive", "HTTP/2 has no connection-specific headers"},
      {"proxy-connection", "HTTP/2 has no connection-specific headers"},
      {"transfer-encoding", "HTTP/2 has no connection-specific headers"},
      {"upgrade", "HTTP/2 has no connection-specific headers"},
  };
  Headers kept;
  for (auto& header : *headers) {
    const char* why = nullptr;
    for (const auto& unsendable : kUnsendable) {
      if (header.first == unsendable.first) why = unsendable.second;
    }
    if (why == nullptr) {
      kept.push_back(std::move(header));
    } else {
      warnings->push_back(flag + " " + header.first + ": not sent: " + why);
    }
  }
  *headers = std::move(kept);
}

}  // namespace

bool ParseRequestHeaders(const MetadataOptions& options,
                         RequestHeaders* headers, std::string* err) {
  Headers common, rpc, reflect;
  bool expand = options.expand_headers;
  if (!ParseHeaders(options.headers, "-H", &common, err, expand) ||
      !ParseHeaders(options.rpc_headers, "--rpc-header", &rpc, err, expand) ||
      !ParseHeaders(options.reflect_headers, "--reflect-header", &reflect, err,
                    expand)) {
    return false;
  }
  TakeOutUnsendable("-H", &common, &headers->warnings);
  TakeOutUnsendable("--rpc-header", &rpc, &headers->warnings);
  TakeOutUnsendable("--reflect-header", &reflect, &headers->warnings);
  headers->call = common;
  headers->call.insert(headers->call.end(), rpc.begin(), rpc.end());
  headers->reflection = common;
  headers->reflection.insert(headers->reflection.end(), reflect.begin(),
                             reflect.end());
  return true;
}

bool CheckCommandLineHeaders(const MetadataOptions& options, std::string* err) {
  const std::pair<const std::vector<std::string>*, const char*> flags[] = {
      {&options.headers, "-H"},
      {&options.rpc_headers, "--rpc-header"},
      {&options.reflect_headers, "--reflect-header"},
  };
  for (const auto& flag : flags) {
    std::vector<std::string> written;
    for (const std::string& argument : *flag.first) {
      if (!StartsWith(argument, "@")) written.push_back(argument);
    }
    Headers unused;
    if (!ParseHeaders(written, flag.second, &unused, err,
                      options.expand_headers)) {
      return false;
    }
  }
  return true;
}

bool IsSecretHeader(const std::string& name) {
  for (const char* secret : {"authorization", "cookie", "token", "secret",
                             "password", "api-key", "apikey"}) {
    if (name.find(secret) != std::string::npos) return true;
  }
  return false;
}

std::string FormatHeaders(const Headers& headers, bool show_secrets) {
  Headers sorted = headers;
  std::stable_sort(
      sorted.begin(), sorted.end(),
      [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string text;
  for (const auto& header : sorted) {
    std::string value = EndsWith(header.first, "-bin")
                            ? Base64Encode(header.second)
                            : header.second;
    if (!show_secrets && IsSecretHeader(header.first)) value = "<redacted>";
    text += EscapeControls(header.first) + ": " + EscapeControls(value) + "\n";
  }
  return text;
}

bool ParseHeaders(const std::vector<std::string>& arguments,
                  const std::string& flag, Headers* headers, std::string* err,
                  bool expand) {
  // Expanded first when asked to, so that every check sees what is sent.
  auto parse = [&](const std::string& text, const std::string& where) {
    std::string expanded;
    if (!expand) return ParseOne(text, where, headers, err);
    return ExpandEnvironment(text, where, &expanded, err) &&
           ParseOne(expanded, where, headers, err);
  };
  for (const std::string& argument : arguments) {
    if (!StartsWith(argument, "@")) {
      if (!parse(argument, flag + " '" + WithoutValue(argument) + "'")) {
        return false;
      }
      continue;
    }
    std::string path = argument.substr(1);
    std::string text;
    if (!ReadWholeFile(path, flag + " @FILE", kMaxSmallFileBytes, &text, err)) {
      return false;
    }
    // Editors on Windows begin UTF-8 with a byte order mark, which no
    // header name holds, and which an error would quote unseen.
    if (StartsWith(text, "\xEF\xBB\xBF")) {
      *err = path +
             ":1: starts with a byte order mark (BOM, U+FEFF), which "
             "no header takes: save the file without it";
      return false;
    }
    std::istringstream file(text);
    std::string line;
    for (int number = 1; std::getline(file, line); ++number) {
      std::string content = Trim(line);
      if (content.empty() || StartsWith(content, "#")) continue;
      // The value may be a secret: errors name the line, never echo it.
      if (!parse(content, path + ":" + std::to_string(number))) return false;
    }
  }
  return true;
}

}  // namespace rpccli
