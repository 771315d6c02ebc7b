#include "commands/load_schedule.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace rpccli {
namespace {

LoadSchedule Parsed(const std::string& text, bool whole = false) {
  LoadSchedule schedule;
  std::string err;
  EXPECT_TRUE(schedule.Parse(text, whole, &err)) << text << ": " << err;
  return schedule;
}

std::string ParseError(const std::string& text, bool whole = false) {
  LoadSchedule schedule;
  std::string err;
  EXPECT_FALSE(schedule.Parse(text, whole, &err)) << text;
  return err;
}

// How many calls (numbered from 0) TimeOfCall puts before `t`.
int64_t CallsDueBefore(const LoadSchedule& schedule, double t) {
  int64_t n = 0;
  while (schedule.TimeOfCall(static_cast<double>(n)) < t) ++n;
  return n;
}

// --- Parse ---

TEST(LoadScheduleParse, NamesTheKindsWhenTheKindIsUnknown) {
  EXPECT_EQ(ParseError("ramp:1:2:3"),
            "\"ramp\" is no schedule: give step:START:END:STEP:EVERY or "
            "line:START:END:SLOPE");
  EXPECT_EQ(ParseError(""),
            "\"\" is no schedule: give step:START:END:STEP:EVERY or "
            "line:START:END:SLOPE");
  // The kind is case-sensitive, as the flag's help writes it.
  EXPECT_NE(ParseError("STEP:1:2:1:1s").find("is no schedule"),
            std::string::npos);
}

TEST(LoadScheduleParse, AStepNeedsExactlyFourParts) {
  const char* expected =
      "a step schedule is step:START:END:STEP:EVERY, as step:100:500:100:10s";
  EXPECT_EQ(ParseError("step:100:500:100"), expected);
  EXPECT_EQ(ParseError("step:100:500:100:10s:1"), expected);
  EXPECT_EQ(ParseError("step"), expected);
}

TEST(LoadScheduleParse, ALineNeedsExactlyThreeParts) {
  const char* expected =
      "a line schedule is line:START:END:SLOPE (SLOPE: the change each "
      "second), as line:100:500:10";
  EXPECT_EQ(ParseError("line:1:2"), expected);
  EXPECT_EQ(ParseError("line:1:2:3:4s"), expected);
}

TEST(LoadScheduleParse, NamesThePartThatIsNotANumber) {
  EXPECT_EQ(ParseError("step:0:500:100:10s"),
            "START \"0\" is not a number above 0");
  EXPECT_EQ(ParseError("step:100:-5:100:10s"),
            "END \"-5\" is not a number above 0");
  EXPECT_EQ(ParseError("step:100:500:abc:10s"),
            "STEP \"abc\" is not a number above 0");
  EXPECT_EQ(ParseError("step: 100:500:100:10s"),
            "START \" 100\" is not a number above 0");
  EXPECT_EQ(ParseError("line:1:10:0"), "SLOPE \"0\" is not a number above 0");
  EXPECT_EQ(ParseError("line:1:10:-1"), "SLOPE \"-1\" is not a number above 0");
}

TEST(LoadScheduleParse, AWholeScheduleRefusesFractions) {
  EXPECT_EQ(ParseError("step:1.5:4:1:1s", true),
            "START \"1.5\" is not a whole number above 0");
  EXPECT_EQ(ParseError("step:1:4:0.5:1s", true),
            "STEP \"0.5\" is not a whole number above 0");
  EXPECT_EQ(ParseError("line:1:4.5:1", true),
            "END \"4.5\" is not a whole number above 0");
  // A line's slope is a change a second, fractional even for a
  // concurrency.
  Parsed("line:1:10:0.5", true);
  // The same fractions are fine for a rate.
  Parsed("step:1.5:4:0.5:1s");
}

TEST(LoadScheduleParse, EveryIsALengthOfTime) {
  EXPECT_EQ(ParseError("step:1:4:1:10x"),
            "EVERY \"10x\" is not a length of time (10s, 500ms, 1m)");
  EXPECT_EQ(ParseError("step:1:4:1:0s"),
            "EVERY \"0s\" is not a length of time (10s, 500ms, 1m)");
  EXPECT_EQ(ParseError("step:1:4:1:"),
            "EVERY \"\" is not a length of time (10s, 500ms, 1m)");
  EXPECT_DOUBLE_EQ(Parsed("step:1:4:1:500ms").Length(), 4 * 0.5);
  EXPECT_DOUBLE_EQ(Parsed("step:1:4:1:1m").Length(), 4 * 60);
  EXPECT_DOUBLE_EQ(Parsed("step:1:4:1:2").Length(), 4 * 2);  // bare seconds
}

TEST(LoadScheduleParse, AnEveryTooLongToHoldIsRefused) {
  // 1e308 hours is past what a double holds: as a step's length it made
  // every time infinite and the first call due at 0 * inf, NaN.
  LoadSchedule schedule;
  std::string err;
  bool parsed = schedule.Parse("step:1:2:1:1e308h", false, &err);
  if (parsed) {
    EXPECT_EQ(schedule.TimeOfCall(0), 0);
    EXPECT_TRUE(std::isfinite(schedule.Length()));
  }
  EXPECT_FALSE(parsed);
}

TEST(LoadScheduleParse, RefusesMoreThanTenThousandSteps) {
  EXPECT_EQ(ParseError("step:1:100000:1:1s"),
            "takes more than 10000 steps from START to END");
  EXPECT_EQ(ParseError("step:1:2:0.00001:1s"),
            "takes more than 10000 steps from START to END");
  // 10000 steps exactly are allowed.
  EXPECT_DOUBLE_EQ(Parsed("step:1:10000:1:1s").Length(), 10000);
}

TEST(LoadScheduleParse, ALineNeedsTwoValues) {
  EXPECT_EQ(ParseError("line:5:5:1"),
            "START and END are both 5: a line needs two");
}

TEST(LoadScheduleParse, KeepsTheTextAsGiven) {
  EXPECT_EQ(Parsed("step:100:500:100:10s").text(), "step:100:500:100:10s");
}

// --- Steps ---

TEST(LoadScheduleStep, HoldsEachStepForEvery) {
  LoadSchedule schedule = Parsed("step:100:500:100:10s");
  EXPECT_EQ(schedule.At(0), 100);
  EXPECT_EQ(schedule.At(9.999), 100);
  EXPECT_EQ(schedule.At(10), 200);
  EXPECT_EQ(schedule.At(39.9), 400);
  EXPECT_EQ(schedule.At(40), 500);
  EXPECT_EQ(schedule.At(1e6), 500);
  EXPECT_EQ(schedule.At(-1), 100);
  EXPECT_EQ(schedule.Highest(), 500);
  EXPECT_EQ(schedule.Length(), 50);  // five steps, the last held once
}

TEST(LoadScheduleStep, AStepThatOvershootsStopsAtEnd) {
  LoadSchedule schedule = Parsed("step:100:450:100:1s");
  EXPECT_EQ(schedule.At(3), 400);
  EXPECT_EQ(schedule.At(4), 450);
  EXPECT_EQ(schedule.At(100), 450);
  EXPECT_EQ(schedule.Length(), 5);
  EXPECT_EQ(schedule.Highest(), 450);
}

TEST(LoadScheduleStep, GoesDownWhenEndIsBelowStart) {
  LoadSchedule schedule = Parsed("step:500:100:100:10s");
  EXPECT_EQ(schedule.At(0), 500);
  EXPECT_EQ(schedule.At(10), 400);
  EXPECT_EQ(schedule.At(40), 100);
  EXPECT_EQ(schedule.At(1000), 100);
  EXPECT_EQ(schedule.Highest(), 500);
  EXPECT_EQ(schedule.Length(), 50);
  LoadSchedule overshooting = Parsed("step:500:150:100:1s");
  EXPECT_EQ(overshooting.At(3), 200);
  EXPECT_EQ(overshooting.At(4), 150);
}

TEST(LoadScheduleStep, StartEqualToEndIsOneStep) {
  LoadSchedule schedule = Parsed("step:7:7:1:2s");
  EXPECT_EQ(schedule.At(0), 7);
  EXPECT_EQ(schedule.At(100), 7);
  EXPECT_EQ(schedule.Length(), 2);
  ASSERT_EQ(schedule.Stages(10).size(), 1u);
  EXPECT_EQ(schedule.Stages(10)[0].to_s, 10);
}

TEST(LoadScheduleStep, StagesAreTheStepsCutAtTheRun) {
  LoadSchedule schedule = Parsed("step:100:300:100:10s");
  std::vector<LoadSchedule::Stage> longer = schedule.Stages(35);
  ASSERT_EQ(longer.size(), 3u);
  EXPECT_EQ(longer[0].from_s, 0);
  EXPECT_EQ(longer[0].to_s, 10);
  EXPECT_EQ(longer[0].value, 100);
  EXPECT_EQ(longer[1].from_s, 10);
  EXPECT_EQ(longer[1].to_s, 20);
  EXPECT_EQ(longer[1].value, 200);
  // The last step lasts as long as the run.
  EXPECT_EQ(longer[2].from_s, 20);
  EXPECT_EQ(longer[2].to_s, 35);
  EXPECT_EQ(longer[2].value, 300);

  std::vector<LoadSchedule::Stage> shorter = schedule.Stages(15);
  ASSERT_EQ(shorter.size(), 2u);
  EXPECT_EQ(shorter[1].from_s, 10);
  EXPECT_EQ(shorter[1].to_s, 15);
  EXPECT_EQ(shorter[1].value, 200);

  // A run ending as a step begins does not reach it.
  EXPECT_EQ(schedule.Stages(20).size(), 2u);
}

TEST(LoadScheduleStep, StageAtIsTheStepHeld) {
  LoadSchedule schedule = Parsed("step:100:300:100:10s");
  EXPECT_EQ(schedule.StageAt(-5), 0);
  EXPECT_EQ(schedule.StageAt(0), 0);
  EXPECT_EQ(schedule.StageAt(9.99), 0);
  EXPECT_EQ(schedule.StageAt(10), 1);
  EXPECT_EQ(schedule.StageAt(25), 2);
  EXPECT_EQ(schedule.StageAt(1e9), 2);
  // Stage and value agree everywhere.
  std::vector<LoadSchedule::Stage> stages = schedule.Stages(100);
  for (double t = 0; t < 100; t += 0.25) {
    EXPECT_EQ(stages[static_cast<size_t>(schedule.StageAt(t))].value,
              schedule.At(t))
        << t;
  }
}

TEST(LoadScheduleStep, NextChangeIsTheNextStepThenNever) {
  LoadSchedule schedule = Parsed("step:100:300:100:10s", true);
  EXPECT_EQ(schedule.NextChange(0), 10);
  EXPECT_EQ(schedule.NextChange(-3), 10);
  EXPECT_EQ(schedule.NextChange(10), 20);
  EXPECT_EQ(schedule.NextChange(19.5), 20);
  EXPECT_GE(schedule.NextChange(30), 1e17);
  EXPECT_GE(schedule.NextChange(1e6), 1e17);
}

TEST(LoadScheduleStep, NextChangeIsAlwaysLaterThanItsTime) {
  // Anything else makes a caller waiting for the next change spin. Step
  // lengths that are not binary fractions, and times exactly on a step's
  // start as the caller would compute them (k * EVERY) or just before.
  std::string wrong;
  int wrongs = 0;
  for (double every : {0.1, 0.3, 0.7, 1.1, 3.3, 0.01, 1.0 / 3}) {
    char text[64];
    std::snprintf(text, sizeof text, "step:1:100:1:%.17gs", every);
    LoadSchedule schedule = Parsed(text, true);
    for (int k = 0; k < 100; ++k) {
      for (double t : {k * every, std::nextafter(k * every, -1.0)}) {
        double next = schedule.NextChange(t);
        if (next > t) continue;
        if (++wrongs <= 5) {
          char case_text[160];
          std::snprintf(case_text, sizeof case_text,
                        "\n  %s: NextChange(%.17g) = %.17g", text, t, next);
          wrong += case_text;
        }
      }
    }
  }
  EXPECT_EQ(wrongs, 0) << "e.g." << wrong;
}

TEST(LoadScheduleStep, NextChangeOnAStepStartOfPointSevenSeconds) {
  // The smallest case of the above: 3 * 0.7 is 2.0999999999999996, which
  // divided by 0.7 is just under 3, so the step is taken to be the 3rd
  // (index 2) and its end, 3 * 0.7, is t itself.
  LoadSchedule schedule = Parsed("step:1:100:1:0.7s", true);
  double t = 3 * 0.7;
  EXPECT_GT(schedule.NextChange(t), t);
}

TEST(LoadScheduleStep, CallsDueByEachStepsEndAreRateTimesLength) {
  LoadSchedule up = Parsed("step:100:500:100:10s");
  int64_t expected = 0;
  for (int step = 0; step < 5; ++step) {
    expected += (100 + 100 * step) * 10;
    EXPECT_EQ(CallsDueBefore(up, 10.0 * (step + 1)), expected) << step;
  }
  LoadSchedule down = Parsed("step:500:100:100:10s");
  expected = 0;
  for (int step = 0; step < 5; ++step) {
    expected += (500 - 100 * step) * 10;
    EXPECT_EQ(CallsDueBefore(down, 10.0 * (step + 1)), expected) << step;
  }
}

TEST(LoadScheduleStep, FractionalCallsPerStepAddUpWithinRounding) {
  // 0.5, 1, 1.5 and 2 calls a second for 3 s each: 1.5, 3, 4.5 and 6
  // calls, due by 3, 6, 9 and 12 s.
  LoadSchedule schedule = Parsed("step:0.5:2:0.5:3s");
  double due = 0;
  for (int step = 0; step < 4; ++step) {
    due += (0.5 + 0.5 * step) * 3;
    EXPECT_NEAR(static_cast<double>(CallsDueBefore(schedule, 3.0 * (step + 1))),
                due, 1.0)
        << step;
  }
  EXPECT_EQ(CallsDueBefore(schedule, 3), 2);  // calls 0 and 1 (at 0 and 2 s)
}

TEST(LoadScheduleStep, TimeOfCallFollowsTheStepsRate) {
  LoadSchedule schedule = Parsed("step:100:200:100:10s");
  EXPECT_EQ(schedule.TimeOfCall(0), 0);
  EXPECT_DOUBLE_EQ(schedule.TimeOfCall(1), 0.01);
  EXPECT_DOUBLE_EQ(schedule.TimeOfCall(1000), 10);
  EXPECT_DOUBLE_EQ(schedule.TimeOfCall(1002), 10.01);
  // Past the last step, its rate holds.
  EXPECT_DOUBLE_EQ(schedule.TimeOfCall(3000), 20);
  EXPECT_DOUBLE_EQ(schedule.TimeOfCall(3000 + 200 * 7), 27);
}

TEST(LoadScheduleStep, TimeOfCallNeverGoesBack) {
  for (const char* text : {"step:100:500:100:10s", "step:500:100:100:10s",
                           "step:0.7:3.1:0.3:1.3s", "step:3:1:0.7:0.3s"}) {
    LoadSchedule schedule = Parsed(text);
    double previous = schedule.TimeOfCall(0);
    EXPECT_EQ(previous, 0) << text;
    for (int n = 1; n < 20000; ++n) {
      double t = schedule.TimeOfCall(n);
      ASSERT_GT(t, previous) << text << " call " << n;
      previous = t;
    }
  }
}

// --- Lines ---

TEST(LoadScheduleLine, MovesBySlopeEachSecondThenHolds) {
  LoadSchedule schedule = Parsed("line:100:500:10");
  EXPECT_EQ(schedule.At(0), 100);
  EXPECT_DOUBLE_EQ(schedule.At(10), 200);
  EXPECT_DOUBLE_EQ(schedule.At(2.5), 125);
  EXPECT_EQ(schedule.At(40), 500);
  EXPECT_EQ(schedule.At(1000), 500);
  EXPECT_EQ(schedule.At(-1), 100);
  EXPECT_EQ(schedule.Length(), 40);
  EXPECT_EQ(schedule.Highest(), 500);
}

TEST(LoadScheduleLine, GoesDownWhenEndIsBelowStart) {
  LoadSchedule schedule = Parsed("line:500:100:10");
  EXPECT_EQ(schedule.At(0), 500);
  EXPECT_DOUBLE_EQ(schedule.At(10), 400);
  EXPECT_EQ(schedule.At(40), 100);
  EXPECT_EQ(schedule.At(50), 100);
  EXPECT_EQ(schedule.Length(), 40);
  EXPECT_EQ(schedule.Highest(), 500);
}

TEST(LoadScheduleLine, AWholeLineIsRoundedTowardsItsStart) {
  LoadSchedule whole = Parsed("line:1:10:0.5", true);
  EXPECT_EQ(whole.At(0), 1);
  EXPECT_EQ(whole.At(1), 1);
  EXPECT_EQ(whole.At(1.99), 1);
  EXPECT_EQ(whole.At(2), 2);
  EXPECT_EQ(whole.At(18), 10);
  LoadSchedule down = Parsed("line:10:1:0.5", true);
  EXPECT_EQ(down.At(1), 10);  // 9.5: 9 only once the line reaches it
  EXPECT_EQ(down.At(2), 9);
  EXPECT_EQ(down.At(100), 1);
  EXPECT_DOUBLE_EQ(Parsed("line:1:10:0.5").At(1), 1.5);
}

TEST(LoadScheduleLine, StagesAreTheRampAndTheHold) {
  LoadSchedule schedule = Parsed("line:100:500:10");
  std::vector<LoadSchedule::Stage> stages = schedule.Stages(60);
  ASSERT_EQ(stages.size(), 2u);
  EXPECT_EQ(stages[0].from_s, 0);
  EXPECT_EQ(stages[0].to_s, 40);
  EXPECT_EQ(stages[0].value, 500);
  EXPECT_EQ(stages[1].from_s, 40);
  EXPECT_EQ(stages[1].to_s, 60);
  EXPECT_EQ(stages[1].value, 500);
  std::vector<LoadSchedule::Stage> cut = schedule.Stages(30);
  ASSERT_EQ(cut.size(), 1u);
  EXPECT_EQ(cut[0].to_s, 30);
  EXPECT_EQ(schedule.StageAt(0), 0);
  EXPECT_EQ(schedule.StageAt(39.9), 0);
  EXPECT_EQ(schedule.StageAt(40), 1);
}

TEST(LoadScheduleLine, NextChangeIsNeverAfterTheRamp) {
  EXPECT_GE(Parsed("line:100:500:10").NextChange(40), 1e17);
  EXPECT_GE(Parsed("line:1:10:1", true).NextChange(9), 1e17);
  EXPECT_GE(Parsed("line:10:1:1", true).NextChange(100), 1e17);
}

TEST(LoadScheduleLine, AWholeLinesNextChangeIsAlwaysLaterThanItsTime) {
  for (const char* text : {"line:1:64:2", "line:1:10:0.3", "line:64:1:2",
                           "line:10:1:0.3", "line:1:1000:7"}) {
    LoadSchedule schedule = Parsed(text, true);
    // On a fine grid and on every time NextChange itself gives.
    for (double t = 0; t < schedule.Length(); t += schedule.Length() / 997) {
      ASSERT_GT(schedule.NextChange(t), t) << text << " at " << t;
    }
    int changes = 0;
    for (double t = 0; t < schedule.Length(); t = schedule.NextChange(t)) {
      ASSERT_LT(++changes, 10000) << text;
    }
  }
}

TEST(LoadScheduleLine, AWholeLineGoingUpChangesByOneAtNextChange) {
  LoadSchedule schedule = Parsed("line:1:64:3", true);
  for (double t = 0; t < schedule.Length(); t = schedule.NextChange(t)) {
    double next = schedule.NextChange(t);
    if (next >= schedule.Length()) break;
    EXPECT_EQ(schedule.At(next), schedule.At(t) + 1) << t;
    // ... and holds until then.
    EXPECT_EQ(schedule.At((t + next) / 2), schedule.At(t)) << t;
  }
}

TEST(LoadScheduleLine, AWholeLineGoingDownHoldsItsValueUntilNextChange) {
  // NextChange says when the value next changes; a caller may sleep until
  // then. Going down, the value rounded down leaves START at once (9.99
  // is 9), but NextChange(0) is 1 s, where the line reaches 9.
  LoadSchedule schedule = Parsed("line:10:1:1", true);
  for (double t : {0.0, 1.0, 2.5}) {
    double next = schedule.NextChange(t);
    EXPECT_EQ(schedule.At((t + next) / 2), schedule.At(t))
        << "At(" << t << ") = " << schedule.At(t) << ", NextChange = " << next
        << ", At(" << (t + next) / 2 << ") = " << schedule.At((t + next) / 2);
  }
}

// Calls due by `t` on a line: the integral of its rate.
double LineIntegral(double start, double end, double slope, double t) {
  double ramp = std::abs(end - start) / slope;
  double signed_slope = end >= start ? slope : -slope;
  double on_ramp = std::min(t, ramp);
  return start * on_ramp + signed_slope * on_ramp * on_ramp / 2 +
         std::max(t - ramp, 0.0) * end;
}

TEST(LoadScheduleLine, TimeOfCallIsWhereTheIntegralOfTheRateReachesIt) {
  struct Case {
    const char* text;
    double start, end, slope;
  };
  for (const Case& line : {Case{"line:100:500:10", 100, 500, 10},
                           Case{"line:500:100:10", 500, 100, 10},
                           Case{"line:1:1000:50", 1, 1000, 50},
                           Case{"line:1000:1:50", 1000, 1, 50},
                           Case{"line:0.5:3:0.1", 0.5, 3, 0.1},
                           Case{"line:50000:50100:0.5", 50000, 50100, 0.5}}) {
    LoadSchedule schedule = Parsed(line.text);
    for (double n = 0; n < 5e5; n = n < 50 ? n + 1 : std::ceil(n * 1.07)) {
      double t = schedule.TimeOfCall(n);
      ASSERT_TRUE(std::isfinite(t)) << line.text << " call " << n;
      EXPECT_NEAR(LineIntegral(line.start, line.end, line.slope, t), n,
                  1e-6 * std::max(n, 1.0))
          << line.text << " call " << n << " at " << t;
    }
  }
}

TEST(LoadScheduleLine, TimeOfCallNeverGoesBackAcrossTheRampsEnd) {
  for (const char* text :
       {"line:100:500:10", "line:500:100:10", "line:3:1:0.7", "line:1:3:0.7"}) {
    LoadSchedule schedule = Parsed(text);
    double previous = schedule.TimeOfCall(0);
    EXPECT_EQ(previous, 0) << text;
    for (int n = 1; n < 20000; ++n) {
      double t = schedule.TimeOfCall(n);
      ASSERT_GT(t, previous) << text << " call " << n;
      previous = t;
    }
    EXPECT_GT(previous, schedule.Length()) << text;  // the hold was reached
  }
}

TEST(LoadScheduleLine, AfterTheRampCallsComeAtTheEndRate) {
  LoadSchedule schedule = Parsed("line:100:500:10");
  double by_ramp_end = (100 + 500) / 2.0 * 40;  // 12000
  EXPECT_DOUBLE_EQ(schedule.TimeOfCall(by_ramp_end), 40);
  EXPECT_DOUBLE_EQ(schedule.TimeOfCall(by_ramp_end + 500 * 3), 43);
}

}  // namespace
}  // namespace rpccli
