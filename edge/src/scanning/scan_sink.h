#pragma once
// Decoded text from any scanner source, once per de-bounce window, to the
// kiosk. Runs on the daemon's io_context thread only. Logs carry only the
// masked form: the text may be a membership number.
#include <spdlog/spdlog.h>

#include <string>

#include "smartstore/edge/kiosk_service.h"
#include "smartstore/scanner/debouncer.h"
#include "smartstore/scanner/payload.h"

namespace smartstore::edge::scanning {

class ScanSink {
 public:
  ScanSink(KioskService& kiosk, std::chrono::milliseconds debounce) : kiosk_(kiosk), debouncer_(debounce) {}

  void deliver(const std::string& source, const std::string& text) {
    if (text.empty() || !debouncer_.accept(text)) return;
    ScanOutcome outcome = kiosk_.on_scan(text, Clock::now());
    std::string what = outcome.coupon ? outcome.coupon->title + " [" + outcome.coupon->reason_code + "]"
                                      : outcome.message + " [" + outcome.reason_code + "]";
    spdlog::info("scan via {}: {} -> {}", source, scanner::mask_digit_runs(text), what);
    if (outcome.error) spdlog::error("scan via {}: not recorded: {}", source, outcome.error->describe());
  }

 private:
  KioskService& kiosk_;
  scanner::Debouncer debouncer_;
};

}  // namespace smartstore::edge::scanning
