#include "transport/http/http_protocol.h"

#include <gtest/gtest.h>

#include "error_details.pb.h"
#include "status.pb.h"

namespace rpccli {
namespace {

TEST(EnvelopeReader, GivesBackWholeEnvelopesHoweverTheBytesArrive) {
  std::string wire;
  AppendEnvelope(0, "abc", &wire);
  AppendEnvelope(0x02, "{}", &wire);
  AppendEnvelope(0, std::string(70000, 'x'), &wire);
  EXPECT_EQ(wire.substr(0, 8), std::string("\0\0\0\0\3abc", 8));

  EnvelopeReader reader;
  std::vector<std::pair<int, std::string>> read;
  for (char byte : wire) {  // one byte at a time
    reader.Feed(std::string_view(&byte, 1));
    uint8_t flags;
    std::string bytes;
    while (reader.Next(&flags, &bytes) == EnvelopeReader::Result::kEnvelope) {
      read.emplace_back(flags, bytes);
    }
  }
  ASSERT_EQ(read.size(), 3u);
  EXPECT_EQ(read[0], std::make_pair(0, std::string("abc")));
  EXPECT_EQ(read[1], std::make_pair(2, std::string("{}")));
  EXPECT_EQ(read[2].second.size(), 70000u);
  EXPECT_EQ(reader.pending(), 0u);
}

TEST(EnvelopeReader, RefusesAnEnvelopeOverTheLimitBeforeItArrives) {
  std::string wire;
  AppendEnvelope(0, std::string(100, 'x'), &wire);
  EnvelopeReader reader(/*max_bytes=*/99);
  reader.Feed(wire.substr(0, 5));  // the header alone tells the size
  uint8_t flags;
  std::string bytes;
  EXPECT_EQ(reader.Next(&flags, &bytes), EnvelopeReader::Result::kTooLarge);
}

// Five bytes that are not an envelope's head (a frame before them was
// shorter than it said) most likely have flags the protocol lacks; their
// "size" is then no size at all.
TEST(EnvelopeReader, FlagsTheProtocolLacksAreRefusedBeforeTheSize) {
  EnvelopeReader reader(/*max_bytes=*/99, /*known_flags=*/0x81);
  reader.Feed("statu");
  uint8_t flags = 0;
  std::string bytes;
  EXPECT_EQ(reader.Next(&flags, &bytes), EnvelopeReader::Result::kUnknownFlags);
  EXPECT_EQ(flags, 's');
  std::string wire;
  AppendEnvelope(0x81, "x", &wire);
  EnvelopeReader web(99, 0x81);
  web.Feed(wire);
  EXPECT_EQ(web.Next(&flags, &bytes), EnvelopeReader::Result::kEnvelope);
  EXPECT_EQ(flags, 0x81);
  EnvelopeReader connect(99, 0x03);
  connect.Feed(wire);
  EXPECT_EQ(connect.Next(&flags, &bytes),
            EnvelopeReader::Result::kUnknownFlags);
}

TEST(ConnectErrors, BecomeAStatusWithGrpcsDetails) {
  google::rpc::ErrorInfo info;
  info.set_reason("R");
  // Connect writes the detail's bytes in base64 without padding.
  std::string value = "CgFS";  // ErrorInfo{reason: "R"}
  ASSERT_EQ(info.SerializeAsString(), "\x0a\x01R");
  grpc::Status status;
  ASSERT_TRUE(StatusFromConnectError(
      R"({"code":"not_found","message":"gone","details":[)"
      R"({"type":"google.rpc.ErrorInfo","value":")" +
          value + R"(","debug":{"reason":"R"}}]})",
      &status));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "gone");
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  ASSERT_EQ(details.details_size(), 1);
  EXPECT_EQ(details.details(0).type_url(),
            "type.googleapis.com/google.rpc.ErrorInfo");
  EXPECT_EQ(details.details(0).value(), info.SerializeAsString());

  // A code Connect lacks is Unknown, and said to be.
  ASSERT_TRUE(StatusFromConnectError(R"({"code":"no_such_code","message":"m"})",
                                     &status));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNKNOWN);
  EXPECT_EQ(status.error_message(),
            "the server sent Connect code \"no_such_code\", which is not one "
            "of Connect's; its message: m");
  EXPECT_FALSE(StatusFromConnectError(R"({"code":5})", &status));
  EXPECT_FALSE(StatusFromConnectError("<html>", &status));
}

TEST(ConnectErrors, EndOfStreamCarriesStatusAndTrailers) {
  grpc::Status status;
  HttpHeaders trailers;
  ASSERT_TRUE(ParseConnectEndOfStream(R"({"metadata":{"X-Count":["1","2"]}})",
                                      &status, &trailers));
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(trailers, (HttpHeaders{{"x-count", "1"}, {"x-count", "2"}}));
  ASSERT_TRUE(ParseConnectEndOfStream(
      R"({"error":{"code":"unavailable","message":"bye"}})", &status,
      &trailers));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(status.error_message(), "bye");
  // Trailers are lists of strings; anything else is no end-of-stream
  // message, not trailers left out.
  for (const char* odd :
       {R"({"metadata":{"x-a":"1"}})", R"({"metadata":{"x-a":[1]}})",
        R"({"metadata":[]})"}) {
    EXPECT_FALSE(ParseConnectEndOfStream(odd, &status, &trailers)) << odd;
  }
}

TEST(HttpStatus, StandsForACodeAsConnectSays) {
  EXPECT_EQ(CodeFromHttpStatus(401), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(CodeFromHttpStatus(404), grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_EQ(CodeFromHttpStatus(503), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(CodeFromHttpStatus(418), grpc::StatusCode::UNKNOWN);
}

TEST(GrpcWebTrailers, ParseIntoAStatusAndTheRest) {
  HttpHeaders trailers = ParseGrpcWebTrailers(
      "grpc-status: 9\r\nGrpc-Message: not%20now%zz\r\nx-extra:  a b \r\n");
  grpc::Status status;
  ASSERT_TRUE(TakeGrpcStatus(&trailers, &status));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(status.error_message(), "not now%zz");
  EXPECT_EQ(trailers, (HttpHeaders{{"x-extra", "a b"}}));

  // Bare LF ends a line too: the next name is not part of this value.
  EXPECT_EQ(ParseGrpcWebTrailers("grpc-status: 5\ngrpc-message: m\r\nx: 1"),
            (HttpHeaders{{"grpc-status", "5"}, {"grpc-message", "m"},
                         {"x", "1"}}));

  HttpHeaders nothing = ParseGrpcWebTrailers("x-a: 1\r\n");
  EXPECT_FALSE(TakeGrpcStatus(&nothing, &status));
  // Not 1*DIGIT, or past 16: Unknown, never OK.
  for (const char* code : {"abc", "-0", "+0", " 0", "0x0", "17", "4294967296",
                           "99999999999999999999", ""}) {
    HttpHeaders odd = {{"grpc-status", code}};
    ASSERT_TRUE(TakeGrpcStatus(&odd, &status));
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNKNOWN) << code;
  }
  HttpHeaders padded = {{"grpc-status", "05"}};
  ASSERT_TRUE(TakeGrpcStatus(&padded, &status));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST(GrpcWebTrailers, DetailsThatAreNotBase64AreMarkedNotDropped) {
  HttpHeaders trailers = {{"grpc-status", "5"},
                          {"grpc-status-details-bin", "!!!"}};
  grpc::Status status;
  ASSERT_TRUE(TakeGrpcStatus(&trailers, &status));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  std::string sent;
  ASSERT_TRUE(NotBase64Details(status.error_details(), &sent));
  EXPECT_EQ(sent, "!!!");
  EXPECT_FALSE(NotBase64Details("\x08\x05", &sent));  // a real Status
}

// Two that differ: which ends the call is not known, and OK must not win.
TEST(GrpcWebTrailers, TwoStatusesThatDifferAreAViolation) {
  HttpHeaders twice = {{"grpc-status", "5"}, {"grpc-status", "0"}};
  grpc::Status status;
  ASSERT_TRUE(TakeGrpcStatus(&twice, &status));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(status.error_message(),
            "protocol violation: the server sent grpc-status twice, 5 and 0: "
            "which one ends the call is not known");
  HttpHeaders repeated = {{"grpc-status", "5"}, {"grpc-status", "5"}};
  ASSERT_TRUE(TakeGrpcStatus(&repeated, &status));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST(GrpcTimeout, FitsGrpcsEightDigits) {
  EXPECT_EQ(GrpcTimeout(1500), "1500m");
  EXPECT_EQ(GrpcTimeout(123456789), "123456S");
}

}  // namespace
}  // namespace rpccli
