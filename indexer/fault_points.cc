#include "indexer/fault_points.h"

#ifdef NEWSDEX_FAULT_INJECTION

#include <cstdlib>
#include <iostream>
#include <string>

namespace newsdex::indexer::fault {
namespace {

// NEWSDEX_FAULT parsed: the point, the reach that fires, and whether later ones do too.
struct Plan {
  std::string point;
  unsigned long fire_at = 1;
  bool and_later = false;
  unsigned long reached = 0;
};

Plan ParsePlan() {
  Plan plan;
  const char* env = std::getenv("NEWSDEX_FAULT");
  if (env == nullptr) return plan;
  std::string text(env);
  if (!text.empty() && text.back() == '+') {
    plan.and_later = true;
    text.pop_back();
  }
  if (const std::size_t at = text.find('@'); at != std::string::npos) {
    plan.fire_at = std::strtoul(text.c_str() + at + 1, nullptr, 10);
    if (plan.fire_at == 0) plan.fire_at = 1;
    text.resize(at);
  }
  plan.point = text;
  return plan;
}

Plan& TheFaultPlan() {
  static Plan plan = ParsePlan();
  return plan;
}

// True when this reach of `point` is the one (or one of those) the plan names.
bool Fires(std::string_view point) {
  Plan& plan = TheFaultPlan();
  if (plan.point.empty() || plan.point != point) return false;
  ++plan.reached;
  return plan.reached == plan.fire_at || (plan.and_later && plan.reached > plan.fire_at);
}

}  // namespace

void Reach(std::string_view point) {
  if (Fires(point)) std::_Exit(kCrashExitStatus);
}

bool ShouldFail(std::string_view point) { return Fires(point); }

bool Armed() { return !TheFaultPlan().point.empty(); }

Protocol ProtocolVariant() {
  static const Protocol variant = [] {
    const char* env = std::getenv("NEWSDEX_FAULT_PROTOCOL");
    const std::string name = env != nullptr ? env : "";
    if (name == "xapian-first") return Protocol::kXapianFirst;
    if (name == "replay-add") return Protocol::kReplayAdd;
    if (!name.empty()) std::cerr << "NEWSDEX_FAULT_PROTOCOL: unknown variant '" << name << "'\n";
    return Protocol::kCorrect;
  }();
  return variant;
}

}  // namespace newsdex::indexer::fault

#endif  // NEWSDEX_FAULT_INJECTION
