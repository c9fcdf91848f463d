#pragma once
// smartstored's process life: config, logging, signals, systemd notification.
#include <filesystem>
#include <string>
#include <vector>

namespace smartstore::edge {

struct DaemonOptions {
  std::filesystem::path config_file;
};

// Runs until SIGTERM/SIGINT; returns the process exit status.
int run_daemon(const DaemonOptions& options);

// `smartstored` command line: --config FILE, --check-config FILE, --version.
int smartstored_main(int argc, char** argv);

}  // namespace smartstore::edge
