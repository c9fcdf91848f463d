// Config load through the typed, validated loader next to a bare toml++ parse
// of the same file: the price of the validation a kiosk pays on start/SIGHUP.
#include <toml++/toml.h>

#include "bench_registry.h"
#include "smartstore/edge/kiosk_config.h"

#include <fstream>
#include <sstream>

namespace {
using namespace smartstore::bench;

SMARTSTORE_BENCH("config_load") {
  std::ifstream in(std::string(SMARTSTORE_SOURCE_DIR) + "/firmware-config/kiosk.example.toml");
  std::stringstream s;
  s << in.rdbuf();
  const std::string text = s.str();
  const int n = ctx.quick ? 200 : 5000;
  std::size_t sink = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) sink += toml::parse(text).size();
  double bare_us = seconds_since(t0) / n * 1e6;
  t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i)
    sink += smartstore::edge::parse_kiosk_config(text, "kiosk.toml").has_value() ? 1 : 0;
  double typed_us = seconds_since(t0) / n * 1e6;
  if (sink == 0) throw std::runtime_error("config did not load");
  return {{"config_load_us", typed_us, "us", bare_us, "bare toml++ parse"}};
}
}  // namespace
