#include "commands/load_schedule.h"

#include <algorithm>
#include <cmath>

#include "base/seconds_text.h"

namespace rpccli {
namespace {

constexpr int kMostSteps = 10000;
constexpr double kNever = 1e18;
// About three years: a schedule longer is a typo, and its times would
// overflow the clock.
constexpr double kLongestSeconds = 1e8;

// As --rps and -c take them: a rate from one call in 1000 s to 1e8 a
// second, and changes no larger.
constexpr double kLowestRate = 0.001;
constexpr double kHighestValue = 1e8;

bool InRange(double start, double end, double change, bool whole,
             std::string* err) {
  double lowest = whole ? 1 : kLowestRate;
  if (std::min(start, end) < lowest || std::max(start, end) > kHighestValue ||
      change > kHighestValue) {
    *err = whole ? "START, END and the change are from 1 to 100000000"
                 : "START and END are calls a second from 0.001 to "
                   "100000000, as --rps takes, and the change at most that";
    return false;
  }
  return true;
}

bool TooLong(std::string* err) {
  *err = "it lasts more than 100000000 s";
  return false;
}

std::vector<std::string> SplitColons(const std::string& text) {
  std::vector<std::string> parts(1);
  for (char c : text) {
    if (c == ':') {
      parts.emplace_back();
    } else {
      parts.back() += c;
    }
  }
  return parts;
}

bool ParseNumber(const std::string& text, bool whole, const char* what,
                 double* value, std::string* err) {
  if (ParsePositiveNumber(text, whole, value)) return true;
  *err = std::string(what) + " \"" + text + "\" is not " +
         (whole ? "a whole number above 0" : "a number above 0");
  return false;
}

bool ParseEvery(const std::string& text, double* seconds, std::string* err) {
  if (ParseSeconds(text, seconds)) return true;
  *err = "EVERY \"" + text + "\" is not a length of time (10s, 500ms, 1m)";
  return false;
}

}  // namespace

bool LoadSchedule::Parse(const std::string& text, bool whole,
                         std::string* err) {
  text_ = text;
  whole_ = whole;
  std::vector<std::string> parts = SplitColons(text);
  const std::string& kind = parts[0];
  if (kind == "step") {
    if (parts.size() != 5) {
      *err =
          "a step schedule is step:START:END:STEP:EVERY, as "
          "step:100:500:100:10s";
      return false;
    }
    double size = 0;
    if (!ParseNumber(parts[1], whole, "START", &start_, err) ||
        !ParseNumber(parts[2], whole, "END", &end_, err) ||
        !ParseNumber(parts[3], whole, "STEP", &size, err) ||
        !ParseEvery(parts[4], &every_, err)) {
      return false;
    }
    if (!InRange(start_, end_, size, whole, err)) return false;
    stepped_ = true;
    double steps = std::ceil(std::abs(end_ - start_) / size - 1e-9) + 1;
    if (steps > kMostSteps) {
      *err = "takes more than " + std::to_string(kMostSteps) +
             " steps from START to END";
      return false;
    }
    steps_ = static_cast<int>(steps);
    step_ = end_ >= start_ ? size : -size;
    if (Length() > kLongestSeconds) return TooLong(err);
    // The calls due by the start of each step, for TimeOfCall.
    calls_before_.assign(1, 0);
    for (int i = 0; i + 1 < steps_; ++i) {
      calls_before_.push_back(calls_before_.back() + StepValue(i) * every_);
    }
    return true;
  }
  if (kind == "line") {
    if (parts.size() != 4) {
      *err =
          "a line schedule is line:START:END:SLOPE (SLOPE: the change "
          "each second), as line:100:500:10";
      return false;
    }
    double slope = 0;
    if (!ParseNumber(parts[1], whole, "START", &start_, err) ||
        !ParseNumber(parts[2], whole, "END", &end_, err) ||
        !ParseNumber(parts[3], false, "SLOPE", &slope, err)) {
      return false;
    }
    if (!InRange(start_, end_, slope, whole, err)) return false;
    if (start_ == end_) {
      *err = "START and END are both " + parts[1] + ": a line needs two";
      return false;
    }
    stepped_ = false;
    step_ = end_ >= start_ ? slope : -slope;
    if (Length() > kLongestSeconds) return TooLong(err);
    return true;
  }
  *err = "\"" + kind +
         "\" is no schedule: give step:START:END:STEP:EVERY "
         "or line:START:END:SLOPE";
  return false;
}

double LoadSchedule::StepValue(int step) const {
  return step + 1 >= steps_ ? end_ : start_ + step * step_;
}

double LoadSchedule::At(double t) const {
  if (stepped_) {
    // Steps of a whole schedule are whole already.
    return StepValue(StageAt(t));
  }
  double value = t >= Length() ? end_ : start_ + step_ * std::max(t, 0.0);
  if (!whole_) return value;
  // Rounded towards START, so that each whole value holds from the moment
  // the line reaches it until it reaches the next.
  return step_ > 0 ? std::floor(value + 1e-9) : std::ceil(value - 1e-9);
}

double LoadSchedule::Highest() const { return std::max(start_, end_); }

double LoadSchedule::Length() const {
  return stepped_ ? steps_ * every_ : std::abs(end_ - start_) / std::abs(step_);
}

double LoadSchedule::NextChange(double t) const {
  if (t >= Length()) return kNever;
  if (stepped_) {
    // The next step's start, past t however t / every_ rounded.
    int next = StageAt(t) + 1;
    while (next < steps_ && next * every_ <= t) ++next;
    return next < steps_ ? next * every_ : kNever;
  }
  if (!whole_) return t;  // a rate moves all the time
  // When the line reaches the next whole value (At rounds towards START).
  double next = At(t) + (step_ > 0 ? 1 : -1);
  return std::max((next - start_) / step_, std::nextafter(t, kNever));
}

std::vector<LoadSchedule::Stage> LoadSchedule::Stages(double run_s) const {
  std::vector<Stage> stages;
  if (stepped_) {
    for (int i = 0; i < steps_ && i * every_ < run_s; ++i) {
      bool last = i + 1 == steps_;
      stages.push_back({i * every_,
                        last ? run_s : std::min((i + 1) * every_, run_s),
                        StepValue(i)});
    }
    return stages;
  }
  double ramp = Length();
  stages.push_back({0, std::min(ramp, run_s), end_});
  if (run_s > ramp) stages.push_back({ramp, run_s, end_});
  return stages;
}

int LoadSchedule::StageAt(double t) const {
  if (!stepped_) return t < Length() ? 0 : 1;
  double step = std::floor(std::max(t, 0.0) / every_);
  return static_cast<int>(std::min(step, static_cast<double>(steps_ - 1)));
}

double LoadSchedule::TimeOfCall(double n) const {
  if (stepped_) {
    // The last step whose start is due at or before call n.
    auto after =
        std::upper_bound(calls_before_.begin(), calls_before_.end(), n);
    auto step = static_cast<int>(after - calls_before_.begin()) - 1;
    return step * every_ + (n - calls_before_[step]) / StepValue(step);
  }
  // Along the ramp, calls due by t: start*t + slope*t^2/2.
  double ramp = Length();
  double by_ramp_end = (start_ + end_) / 2 * ramp;
  if (n >= by_ramp_end) return ramp + (n - by_ramp_end) / end_;
  // The root of slope/2 t^2 + start t - n, in a form that keeps its
  // precision when the slope is small against the start.
  return 2 * n / (start_ + std::sqrt(start_ * start_ + 2 * step_ * n));
}

}  // namespace rpccli
