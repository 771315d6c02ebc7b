// Runs a fuzz target over kept inputs, without libFuzzer: each argument is
// a file, or a directory whose files are all run. A crash or a failed
// check ends the process, which fails the test; the input is named first.
#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz_target.h"

namespace {

std::vector<std::string> InputsAt(const std::string& path) {
  struct stat info;
  if (stat(path.c_str(), &info) != 0) return {};
  if (!S_ISDIR(info.st_mode)) return {path};
  std::vector<std::string> files;
  if (DIR* dir = opendir(path.c_str())) {
    while (dirent* entry = readdir(dir)) {
      std::string name = entry->d_name;
      if (name != "." && name != "..") files.push_back(path + "/" + name);
    }
    closedir(dir);
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  int replayed = 0;
  for (int i = 1; i < argc; ++i) {
    std::vector<std::string> inputs = InputsAt(argv[i]);
    if (inputs.empty()) {
      std::cerr << argv[i] << ": no inputs there\n";
      return 1;
    }
    for (const std::string& input : inputs) {
      std::ifstream file(input, std::ios::binary);
      std::string data((std::istreambuf_iterator<char>(file)),
                       std::istreambuf_iterator<char>());
      std::cerr << "replaying " << input << " (" << data.size() << " bytes)\n";
      LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(data.data()),
                             data.size());
      ++replayed;
    }
  }
  std::cout << replayed << " inputs replayed\n";
  return 0;
}
