#pragma once
#include "smartstore/edge/kiosk_config.h"

namespace smartstore::edge {

// Plain coloured lines on a terminal; "<N>message" lines that journald maps to
// priorities when stderr is not a terminal (under systemd).
void configure_logging(LogLevel level);

}  // namespace smartstore::edge
