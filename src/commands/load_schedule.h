// How bench's load changes over a run: --rps-schedule and
// --concurrency-schedule. A schedule starts at one value and moves to
// another, in steps held for a while or along a line, then holds the last.
#ifndef RPCCLI_COMMANDS_LOAD_SCHEDULE_H_
#define RPCCLI_COMMANDS_LOAD_SCHEDULE_H_

#include <string>
#include <vector>

namespace rpccli {

class LoadSchedule {
 public:
  /// Reads `step:START:END:STEP:EVERY` (START, then STEP more or less each
  /// EVERY (`5s`, `500ms`, `1m`) until END) or `line:START:END:SLOPE`
  /// (SLOPE more or less each second, continuously). `whole` asks for
  /// whole numbers (a concurrency): At() is then rounded towards
  /// START, so that each value holds from when the line reaches it.
  bool Parse(const std::string& text, bool whole, std::string* err);

  /// The value at `t` seconds from the start.
  double At(double t) const;
  /// The highest value it takes.
  double Highest() const;
  /// How long until it holds its end value for good: for steps, each step
  /// held once, the last one included; for a line, the ramp.
  double Length() const;
  /// When the value next changes after `t`; a very large number if never.
  double NextChange(double t) const;
  /// The stages a report shows: each step, or the ramp and the hold after
  /// it; `run_s` is how long the run lasted (or is to last).
  struct Stage {
    double from_s;
    double to_s;
    double value;  // a step's value; a ramp's end
  };
  std::vector<Stage> Stages(double run_s) const;
  /// Which of Stages() holds at `t`.
  int StageAt(double t) const;
  /// For a rate: when call `n` (from 0) is due, in seconds from the start,
  /// so that the calls due by t are the integral of the rate up to t.
  double TimeOfCall(double n) const;

  const std::string& text() const { return text_; }

 private:
  double StepValue(int step) const;

  bool stepped_ = true;
  bool whole_ = false;
  double start_ = 0;
  double end_ = 0;
  double step_ = 0;   // the change of each step, or a line's slope; signed
  double every_ = 1;  // how long a step is held
  int steps_ = 1;     // steps until END, END's included
  std::vector<double> calls_before_;  // calls due before each step starts
  std::string text_;
};

}  // namespace rpccli

#endif  // RPCCLI_COMMANDS_LOAD_SCHEDULE_H_
