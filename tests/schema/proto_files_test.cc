#include "schema/proto_files.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "temp_dir.h"

namespace rpccli {
namespace {

namespace pb = google::protobuf;

// Runs a test body from inside a directory, as a user would in a shell.
class InDirectory {
 public:
  explicit InDirectory(const std::string& dir)
      : previous_(std::filesystem::current_path()) {
    std::filesystem::current_path(dir);
  }
  ~InDirectory() { std::filesystem::current_path(previous_); }

 private:
  std::filesystem::path previous_;
};

constexpr char kGood[] = R"(syntax = "proto3";
package good;
import "google/protobuf/timestamp.proto";
message When { google.protobuf.Timestamp at = 1; }
service Clock { rpc Now(When) returns (When); }
)";

std::string Load(const std::vector<std::string>& files,
                 const std::vector<std::string>& import_paths,
                 ProtoFiles* loaded) {
  SchemaOptions options;
  options.proto_files = files;
  options.import_paths = import_paths;
  std::string err;
  return loaded->Load(options, &err) ? "" : err;
}

TEST(ProtoFiles, WellKnownTypesResolveWithoutAnyImportPathOnDisk) {
  TempDir dir;
  dir.Write("good.proto", kGood);
  ProtoFiles loaded;
  // The only root holds nothing but good.proto: timestamp.proto must come
  // from the protobuf library itself.
  ASSERT_EQ(Load({"good.proto"}, {dir.path()}, &loaded), "");
  ASSERT_EQ(loaded.files().size(), 1u);
  const pb::Descriptor* when =
      loaded.pool()->FindMessageTypeByName("good.When");
  ASSERT_NE(when, nullptr);
  EXPECT_EQ(when->field(0)->message_type()->full_name(),
            "google.protobuf.Timestamp");
}

TEST(ProtoFiles, AFileThatIsNotProtoTextGivesOneLineAndAHint) {
  TempDir dir;
  std::string binary;
  for (int i = 0; i < 2000; ++i) binary += static_cast<char>(0x80 + i % 100);
  dir.Write("set.proto", binary);
  ProtoFiles loaded;
  std::string err = Load({"set.proto"}, {dir.path()}, &loaded);
  EXPECT_EQ(err.find('\n'), std::string::npos) << err;
  EXPECT_NE(err.find(" more errors; is it a .proto file? a descriptor set "
                     "goes with --protoset)"),
            std::string::npos)
      << err;
}

// protobuf's parser recurses for each nested message and option value
// without a limit that stops it: 20,000 levels ran the stack out.
TEST(ProtoFiles, BracketsNestedPastTheLimitAreRefusedWhereTheyAre) {
  TempDir dir;
  // The 101st "{" is the last of 101 "message M { ", 12 columns each.
  std::string messages = "syntax = \"proto3\";\n";
  for (int i = 0; i < 20000; ++i) messages += "message M { ";
  dir.Write("messages.proto", messages);
  dir.Write("importer.proto", "syntax = \"proto3\";\nimport \"messages.proto\";\n");
  // The message's "{" is the first: "o {" 100 times makes 101.
  std::string value;
  for (int i = 0; i < 20000; ++i) value = "o {" + value + "}";
  dir.Write("option.proto",
            "syntax = \"proto2\";\nimport \"google/protobuf/descriptor.proto\";\n"
            "message O { optional O o = 1; }\n"
            "extend google.protobuf.MessageOptions { optional O opt = 5000; }\n"
            "message M { option (opt) = " + value + "; }\n");
  const std::string too_deep =
      ": brackets nest more than 100 deep here (rpccli's limit; protobuf's "
      "parser would run out of stack)";
  ProtoFiles loaded;
  EXPECT_EQ(Load({"messages.proto"}, {dir.path()}, &loaded),
            dir.path() + "/messages.proto:2:1211" + too_deep);
  ProtoFiles importing;
  EXPECT_EQ(Load({"importer.proto"}, {dir.path()}, &importing),
            dir.path() + "/messages.proto:2:1211" + too_deep);
  ProtoFiles with_option;
  EXPECT_EQ(Load({"option.proto"}, {dir.path()}, &with_option),
            dir.path() + "/option.proto:5:327" + too_deep);
}

// One line for the whole file where protobuf would list its first ten
// complaints: a descriptor set given to -p, and a file in Editions.
TEST(ProtoFiles, ABinaryFileOrAnEditionsFileIsSaidInOneLine) {
  TempDir dir;
  dir.Write("set.proto", std::string("\x0a\x05a.pro\x12\x01"
                                     "a\x00\x01",
                                     12));
  dir.Write("e.proto", "// new\nedition = \"2025\";\nmessage M {}\n");
  ProtoFiles loaded;
  EXPECT_EQ(Load({"set.proto"}, {dir.path()}, &loaded),
            dir.path() +
                "/set.proto: not a .proto file: it holds binary data (a "
                "descriptor set goes with --protoset)");
  ProtoFiles editions;
  EXPECT_EQ(Load({"e.proto"}, {dir.path()}, &editions),
            dir.path() +
                "/e.proto:2:1: edition \"2025\" is not one rpccli reads: it "
                "reads Protobuf Editions 2023 and 2024, proto2 and proto3");
}

TEST(ProtoFiles, AnEditionsFileIsLoweredKeepingItAsWritten) {
  TempDir dir;
  dir.Write("closed.proto",
            "edition = \"2023\";\npackage c;\n"
            "option features.enum_type = CLOSED;\n"
            "enum Size { SIZE_SMALL = 1; }\n");
  dir.Write("e.proto",
            "edition = \"2023\";\npackage e;\nimport \"closed.proto\";\n"
            "message M {\n  c.Size size = 1;\n"
            "  int64 id = 2 [features.field_presence = LEGACY_REQUIRED];\n"
            "  Line line = 3 [features.message_encoding = DELIMITED];\n}\n"
            "message Line { string sku = 1; }\n");
  ProtoFiles loaded;
  ASSERT_EQ(Load({"e.proto"}, {dir.path()}, &loaded), "");
  const pb::Descriptor& m = *loaded.pool()->FindMessageTypeByName("e.M");
  EXPECT_EQ(m.file()->syntax(), pb::FileDescriptor::SYNTAX_PROTO2);
  EXPECT_TRUE(m.FindFieldByName("id")->is_required());
  EXPECT_EQ(m.FindFieldByName("line")->type(), pb::FieldDescriptor::TYPE_GROUP);
  EXPECT_EQ(m.FindFieldByName("size")->enum_type()->full_name(), "c.Size");
  ASSERT_NE(loaded.WrittenAs("e.proto"), nullptr);
  EXPECT_EQ(loaded.WrittenAs("e.proto")->syntax(), "editions");
  EXPECT_EQ(loaded.WrittenAs("closed.proto")->syntax(), "editions");
  // Each as the pool reads it: a file before its imports.
  EXPECT_EQ(loaded.notes(),
            (std::vector<std::string>{"lowered " + dir.path() +
                                          "/e.proto: edition 2023, read as "
                                          "proto2",
                                      "lowered " + dir.path() +
                                          "/closed.proto: edition 2023, read "
                                          "as proto2"}));
}

TEST(ProtoFiles, AnEditionsFileTheLoweringCannotHoldIsNamed) {
  TempDir dir;
  dir.Write("mixed.proto",
            "edition = \"2023\";\npackage x;\n"
            "enum Mood { MOOD_UNSPECIFIED = 0; }\n"
            "message M { int32 id = 1 "
            "[features.field_presence = LEGACY_REQUIRED]; }\n");
  ProtoFiles loaded;
  EXPECT_EQ(Load({"mixed.proto"}, {dir.path()}, &loaded),
            dir.path() +
                "/mixed.proto:3:1: edition 2023 file that protobuf 3.21 cannot "
                "hold: enum x.Mood (enum_type OPEN) has proto3's meaning and "
                "field x.M.id (field_presence LEGACY_REQUIRED) proto2's, and "
                "no file of protobuf 3.21 holds both");
  // A type error after the lowering has its line and column.
  dir.Write("typo.proto",
            "edition = \"2023\";\npackage t;\n"
            "message M {\n  Nowhere n = 1;\n}\n");
  ProtoFiles typo;
  EXPECT_EQ(Load({"typo.proto"}, {dir.path()}, &typo),
            dir.path() + "/typo.proto:4:3: \"Nowhere\" is not defined.");
}

// As containerd's files import gogoproto's options: weakly, and where
// gogoproto is not installed.
TEST(ProtoFiles, AWeakImportNotFoundIsLeftOutWithTheOptionsOnlyItDefines) {
  TempDir dir;
  dir.Write("opts.proto",
            "syntax = \"proto2\"; package o;\n"
            "import \"google/protobuf/descriptor.proto\";\n"
            "extend google.protobuf.FieldOptions { optional int32 kept = 5000; "
            "}\n");
  dir.Write("c.proto",
            "syntax = \"proto3\"; package c;\n"
            "import weak \"gogoproto/gogo.proto\";\n"
            "import \"opts.proto\";\n"
            "message M {\n"
            "  string id = 1 [(gogoproto.nullable) = false, (o.kept) = 3];\n"
            "  string name = 2 [(gogoproto.customname) = \"N\"];\n"
            "}\n");
  ProtoFiles loaded;
  ASSERT_EQ(Load({"c.proto"}, {dir.path()}, &loaded), "");
  const pb::Descriptor& m = *loaded.pool()->FindMessageTypeByName("c.M");
  EXPECT_EQ(m.file()->dependency_count(), 1);
  EXPECT_EQ(m.file()->dependency(0)->name(), "opts.proto");
  // The option another import defines stays, as its number.
  EXPECT_EQ(m.FindFieldByName("id")
                ->options()
                .GetReflection()
                ->GetUnknownFields(m.FindFieldByName("id")->options())
                .field_count(),
            1);
  EXPECT_EQ(loaded.notes(),
            std::vector<std::string>{
                dir.path() +
                "/c.proto: weak import \"gogoproto/gogo.proto\" not found: "
                "read without it and the options it would define "
                "((gogoproto.customname), (gogoproto.nullable))"});
}

TEST(ProtoFiles, WithoutImportPathsTheCurrentDirectoryIsTheRoot) {
  TempDir dir;
  dir.Write("api/good.proto", kGood);
  InDirectory cwd(dir.path());
  ProtoFiles loaded;
  ASSERT_EQ(Load({"api/good.proto"}, {}, &loaded), "");
  EXPECT_EQ(loaded.files()[0]->name(), "api/good.proto");
}

TEST(ProtoFiles, AnAbsolutePathMapsToItsRootRelativeName) {
  TempDir dir;
  std::string absolute = dir.Write("api/v1/good.proto", kGood);
  ProtoFiles under_root;
  ASSERT_EQ(Load({absolute}, {dir.path() + "/api"}, &under_root), "");
  EXPECT_EQ(under_root.files()[0]->name(), "v1/good.proto");

  InDirectory cwd(dir.path());
  ProtoFiles under_cwd;
  ASSERT_EQ(Load({absolute}, {}, &under_cwd), "");
  EXPECT_EQ(under_cwd.files()[0]->name(), "api/v1/good.proto");
}

TEST(ProtoFiles, ANameRelativeToAnImportPathIsFound) {
  TempDir dir;
  dir.Write("api/good.proto", kGood);
  ProtoFiles loaded;
  ASSERT_EQ(Load({"good.proto"}, {dir.path() + "/api"}, &loaded), "");
  EXPECT_EQ(loaded.files()[0]->name(), "good.proto");
}

TEST(ProtoFiles, WithoutImportPathsAFileElsewhereIsItsOwnRoot) {
  TempDir elsewhere, cwd_dir;
  std::string path = elsewhere.Write("good.proto", kGood);
  InDirectory cwd(cwd_dir.path());
  ProtoFiles loaded;
  ASSERT_EQ(Load({path}, {}, &loaded), "");
  EXPECT_EQ(loaded.files()[0]->name(), "good.proto");
}

TEST(ProtoFiles, WithImportPathsAFileOutsideThemIsAnError) {
  TempDir elsewhere, root;
  std::string path = elsewhere.Write("good.proto", kGood);
  ProtoFiles loaded;
  EXPECT_EQ(Load({path}, {root.path()}, &loaded),
            path + ": not under any import path; add -I with its directory");
}

// The root its imports need, not its own folder (which would not find
// "api/v1/common.proto").
TEST(ProtoFiles, AFileOutsideTheImportPathsIsGivenTheRootOfItsImports) {
  TempDir elsewhere, root;
  elsewhere.Write("api/v1/common.proto",
                  "syntax = \"proto3\";\npackage api.v1;\nmessage C {}\n");
  std::string path = elsewhere.Write(
      "api/v1/shop.proto",
      "syntax = \"proto3\";\npackage api.v1;\n"
      "import \"google/protobuf/empty.proto\";\n"
      "import \"api/v1/common.proto\";\nmessage S { C c = 1; }\n");
  ProtoFiles loaded;
  EXPECT_EQ(Load({path}, {root.path()}, &loaded),
            path + ": not under any import path; add -I " + elsewhere.path() +
                ", the folder its imports are found under");
}

TEST(ProtoFiles, AMissingFileIsNamed) {
  TempDir dir;
  InDirectory cwd(dir.path());
  ProtoFiles loaded;
  EXPECT_EQ(Load({"nothere.proto"}, {}, &loaded),
            "nothere.proto: file not found");
}

TEST(ProtoFiles, AMissingImportPathIsNamed) {
  ProtoFiles loaded;
  EXPECT_EQ(Load({"x.proto"}, {"/no/such/dir"}, &loaded),
            "/no/such/dir: import path is not a directory");
}

TEST(ProtoFiles, ASyntaxErrorNamesFileLineAndColumnFromOne) {
  TempDir dir;
  dir.Write("bad.proto",
            "syntax = \"proto3\";\nmessage M {\n  int32 x = 1\n}\n");
  InDirectory cwd(dir.path());
  ProtoFiles loaded;
  EXPECT_EQ(Load({"bad.proto"}, {}, &loaded), "bad.proto:4:1: Expected \";\".");
}

TEST(ProtoFiles, AnUndefinedTypeNamesItsPosition) {
  TempDir dir;
  dir.Write("bad.proto",
            "syntax = \"proto3\";\nmessage M {\n  Nope x = 1;\n}\n");
  ProtoFiles loaded;
  EXPECT_EQ(Load({"bad.proto"}, {dir.path()}, &loaded),
            dir.path() + "/bad.proto:3:3: \"Nope\" is not defined.");
}

TEST(ProtoFiles, AMissingImportListsTheDirectoriesSearched) {
  TempDir dir;
  dir.Write("a/main.proto",
            "syntax = \"proto3\";\nimport \"dep.proto\";\nmessage M { Dep d = "
            "1; }\n");
  dir.Write("b/other.proto", "syntax = \"proto3\";\n");
  InDirectory cwd(dir.path());
  ProtoFiles loaded;
  EXPECT_EQ(Load({"main.proto"}, {"a", "b"}, &loaded),
            "a/main.proto:2:1: import \"dep.proto\" not found; searched a, b, "
            "then the built-in google/protobuf/*.proto (-I DIR adds DIR)");
}

TEST(ProtoFiles, AnImportWithErrorsReportsThoseErrorsOnly) {
  TempDir dir;
  dir.Write("dep.proto", "syntax = \"proto3\";\nmessage Dep { int32 x = 1 }\n");
  dir.Write("main.proto",
            "syntax = \"proto3\";\nimport \"dep.proto\";\nmessage M { Dep d = "
            "1; }\n");
  InDirectory cwd(dir.path());
  ProtoFiles loaded;
  EXPECT_EQ(Load({"main.proto"}, {}, &loaded),
            "dep.proto:2:27: Expected \";\".");
}

TEST(ProtoFiles, AFileGivenTwiceIsLoadedOnce) {
  TempDir dir;
  dir.Write("good.proto", kGood);
  InDirectory cwd(dir.path());
  ProtoFiles loaded;
  ASSERT_EQ(Load({"good.proto", "./good.proto"}, {}, &loaded), "");
  EXPECT_EQ(loaded.files().size(), 1u);
}

TEST(ProtoFiles, AShadowedFileIsAnError) {
  TempDir dir;
  dir.Write("first/x.proto", kGood);
  std::string second = dir.Write("second/x.proto", kGood);
  ProtoFiles loaded;
  EXPECT_EQ(
      Load({second}, {dir.path() + "/first", dir.path() + "/second"}, &loaded),
      second + ": shadowed by " + dir.path() +
          "/first/x.proto, which has the same name under an earlier import "
          "path");
}

TEST(ProtoFiles, AFifoOrDeviceIsRefusedNotOpened) {
  // Opening a FIFO would wait for a writer that never comes.
  TempDir dir;
  ASSERT_EQ(::mkfifo((dir.path() + "/fifo.proto").c_str(), 0600), 0);
  dir.Write("a.proto", "syntax = \"proto3\";\nimport \"fifo.proto\";\n");
  ProtoFiles named, imported, device;
  EXPECT_EQ(Load({dir.path() + "/fifo.proto"}, {}, &named),
            dir.path() +
                "/fifo.proto: is a FIFO, not a file (rpccli reads .proto "
                "files only from regular files)");
  EXPECT_EQ(Load({"a.proto"}, {dir.path()}, &imported),
            "fifo.proto: " + dir.path() +
                "/fifo.proto is a FIFO, not a file (rpccli reads .proto "
                "files only from regular files)");
  EXPECT_EQ(Load({"/dev/null"}, {}, &device),
            "/dev/null: is not a regular file (a device or socket)");
}

TEST(ProtoFiles, AnImportThatIsAFifoUnderTheCurrentDirectoryIsNotOpened) {
  // The error's second look at the file (is it binary?) opened the name
  // as given, from the current directory: a FIFO there held rpccli
  // forever.
  TempDir dir;
  ASSERT_EQ(::mkfifo((dir.path() + "/fifo").c_str(), 0600), 0);
  dir.Write("a.proto", "syntax = \"proto3\";\nimport \"fifo\";\n");
  std::string before = std::filesystem::current_path().string();
  std::filesystem::current_path(dir.path());
  ProtoFiles imported;
  std::string err = Load({"a.proto"}, {}, &imported);
  std::filesystem::current_path(before);
  EXPECT_EQ(err, "fifo: " + dir.path() +
                     "/fifo is a FIFO, not a file (rpccli reads .proto files "
                     "only from regular files)");
}

}  // namespace
}  // namespace rpccli
